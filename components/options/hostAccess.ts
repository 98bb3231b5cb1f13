import { browser } from 'wxt/browser';

/**
 * Makes sure the extension may call `url`'s origin. api.anthropic.com is granted at install; any other
 * https host (a SCIM endpoint, a custom base URL) is requested here, from the admin's click.
 */
export async function ensureHostAccess(url: string): Promise<boolean> {
  const origins = [`${new URL(url).origin}/*`];
  if (await browser.permissions.contains({ origins })) return true;
  return browser.permissions.request({ origins });
}
