import { browser } from 'wxt/browser';

export type HostAccess = { granted: true } | { granted: false; message: string };

/**
 * Makes sure the extension may call `origin` (from the URL validator). api.anthropic.com is granted
 * at install; any other https host (a SCIM endpoint, a custom base URL) is requested here, from the
 * admin's click. Never throws: a refusal or a browser error becomes a plain message.
 */
export async function ensureHostAccess(origin: string, label: string): Promise<HostAccess> {
  const origins = [`${origin}/*`];
  const refused: HostAccess = {
    granted: false,
    message: `Access to ${origin} was not granted, so the ${label} was not changed. Save again and choose Allow to use that address.`,
  };
  try {
    if (await browser.permissions.contains({ origins })) return { granted: true };
    return (await browser.permissions.request({ origins })) ? { granted: true } : refused;
  } catch {
    return {
      granted: false,
      message: `The browser could not ask for access to ${origin}, so the ${label} was not changed. Click Save again; if this keeps happening, reload the options page.`,
    };
  }
}
