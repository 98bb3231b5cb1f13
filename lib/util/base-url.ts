/**
 * The one check for every address the admin types: the Compliance and Analytics base URLs and the
 * SCIM URL. Pure (no browser APIs), so the settings schema, the options page (before it asks for host
 * access) and tests share it. Messages say what is wrong and what to type instead; they never echo
 * the input (a pasted address can carry a password).
 */

export type UrlField = 'compliance' | 'analytics' | 'scim' | 'admin';

/** Longer than any real API address; a longer paste is almost certainly something else. */
export const MAX_URL_LENGTH = 2048;

export const URL_FIELD_LABEL: Record<UrlField, string> = {
  compliance: 'Compliance API base URL',
  analytics: 'Analytics API base URL',
  scim: 'SCIM URL',
  admin: 'Admin API base URL',
};

const EXAMPLE: Record<UrlField, string> = {
  compliance: 'https://api.anthropic.com',
  analytics: 'https://api.anthropic.com',
  scim: 'https://api.workos.com/scim/v2.0/<directory>',
  admin: 'https://api.anthropic.com',
};

export type UrlCheck =
  | {
      ok: true;
      /** Normalised: origin + path, no trailing slash. */
      url: string;
      origin: string;
      /** Saved anyway, but probably not what the admin meant (e.g. a path the extension adds itself). */
      warning?: string;
    }
  | { ok: false; message: string };

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname) || hostname.endsWith('.localhost');
}

/** Paths the clients append themselves; a base URL ending in one would send …/v1/v1/…. */
const DOUBLED: Record<UrlField, RegExp> = {
  compliance: /\/v1(?:\/compliance)?$/i,
  analytics: /\/v1(?:\/organizations(?:\/analytics)?)?$/i,
  scim: /\/(?:Users|Groups|ServiceProviderConfig|Schemas|ResourceTypes)$/i,
  admin: /\/v1(?:\/organizations)?$/i,
};

export function checkBaseUrl(input: string, field: UrlField): UrlCheck {
  const label = URL_FIELD_LABEL[field];
  const raw = String(input).trim();
  const fail = (message: string): UrlCheck => ({ ok: false, message });
  if (raw === '') return fail(`Enter the ${label}, for example ${EXAMPLE[field]}.`);
  if (raw.length > MAX_URL_LENGTH) return fail(`The ${label} is too long (${raw.length} characters; at most ${MAX_URL_LENGTH}). Paste only the address.`);
  if (/\s/.test(raw)) return fail(`The ${label} contains spaces or line breaks. Paste only the address, for example ${EXAMPLE[field]}.`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return fail(`Enter a full URL for the ${label}, starting with https:// (for example ${EXAMPLE[field]}).`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`The ${label} is not a valid web address. Enter a full URL such as ${EXAMPLE[field]}.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return fail(`Enter a full URL for the ${label} that starts with https:// (plain http:// works only for this computer: 127.0.0.1 or localhost).`);
  }
  if (url.username !== '' || url.password !== '') {
    return fail(
      `Remove the user name or password (the part before "@") from the ${label}. The extension sends the key in a header, and addresses are stored in plain text, so a password must never be part of one.`,
    );
  }
  if (url.search !== '' || raw.includes('?')) return fail(`Remove the query string (the part from "?") from the ${label}: the extension adds its own parameters.`);
  if (url.hash !== '' || raw.includes('#')) return fail(`Remove the fragment (the part from "#") from the ${label}.`);
  const path = url.pathname.replace(/\/+$/, '');
  const normalised = `${url.origin}${path}`;
  const doubled = DOUBLED[field].exec(path);
  if (doubled) {
    const suggestion = `${url.origin}${path.slice(0, doubled.index)}`;
    const adds = field === 'scim' ? doubled[0] : '/v1/…';
    return {
      ok: true,
      url: normalised,
      origin: url.origin,
      warning: `The extension adds ${adds} itself, so this ${label} would call ${normalised}${field === 'scim' ? doubled[0] : '/v1/…'}. You probably mean ${suggestion}.`,
    };
  }
  return { ok: true, url: normalised, origin: url.origin };
}
