export const redactSecrets = (s: string) => s; // placeholder until the HTTP helper lands
