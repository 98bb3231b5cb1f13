/** Made-up credentials in the real formats. None of them works anywhere. */

export const BODY = 'inNzSMbaH3N6QSC_xf61zUaLxi8Wy4s6avZSYGoiJgIYcW5ZPJv0vWwPyO4nM9787kKdPz_l1kFU5w3rqtVOEAB12';

export const COMPLIANCE_KEY = `sk-ant-api01-${BODY}`;
export const ANALYTICS_KEY = `sk-ant-api01-Q${BODY.slice(1, -4)}An4l`;
export const ADMIN_KEY = `sk-ant-admin01-${BODY.slice(0, -4)}Adm1`;
export const CLAUDE_API_KEY = `sk-ant-api03-${BODY.slice(0, -4)}C0de`;
export const SESSION_KEY = `sk-ant-sid01-${BODY}`;
export const OAUTH_TOKEN = `sk-ant-oat01-${BODY}`;
export const SCIM_TOKEN = 'wK8uR2pZ4tLq9vXy3nB7cD1eF6gH0jMs';
