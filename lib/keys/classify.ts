import type { Connection } from './connections.ts';

/**
 * Pure checks of a pasted credential, before anything is sent or stored. Every result carries a
 * stable `code` and an admin-facing `message` that says what to do. No result contains the
 * credential itself: at most a masked form such as `sk-ant-api01-…AB12`.
 */

export const API_ACCESS_URL = 'claude.ai/admin-settings/api-access';
export const IDENTITY_SETTINGS_URL = 'claude.ai/admin-settings/identity';
const API_ACCESS_PATH = `claude.ai → Organization settings → API (${API_ACCESS_URL})`;
const READ_SCOPES_TEXT = 'read:compliance_activities, read:compliance_user_data and read:compliance_org_data';

export const COMPLIANCE_KEY_PREFIX = 'sk-ant-api01-';
export const ANALYTICS_KEY_PREFIX = 'sk-ant-api01-';
export const ADMIN_KEY_PREFIX = 'sk-ant-admin01-';
export const CLAUDE_API_KEY_PREFIX = 'sk-ant-api03-';

/** Real keys carry ~90 characters after the prefix; fewer than this is a truncated paste. */
export const MIN_KEY_BODY_LENGTH = 40;
export const MIN_SCIM_TOKEN_LENGTH = 16;
export const MAX_CREDENTIAL_LENGTH = 4096;

export type CredentialCode =
  | 'empty'
  | 'whitespace_only'
  | 'header_included'
  | 'contains_whitespace'
  | 'masked_copy'
  | 'url_not_token'
  | 'too_long'
  | 'invalid_characters'
  | 'too_short'
  | 'compliance_key'
  | 'analytics_key'
  | 'admin_key'
  | 'claude_api_key'
  | 'session_key'
  | 'oauth_token'
  | 'other_anthropic_key'
  | 'key_id'
  | 'anthropic_key_not_scim'
  | 'scim_token'
  | 'unknown_format';

/** `accepted`: the right kind. `limited`: usable, but only for part of the product. `rejected`: do not save. */
export type CredentialVerdict = 'accepted' | 'limited' | 'rejected';

export interface CredentialCheck {
  connection: Connection;
  code: CredentialCode;
  verdict: CredentialVerdict;
  /** `verdict !== 'rejected'`: the value may be saved and used. */
  usable: boolean;
  /** The `sk-ant-<kind><nn>-` prefix found, if any. */
  prefix: string | null;
  /** A form safe to display (prefix, ellipsis, last 4 characters), or null when nothing is worth showing. */
  masked: string | null;
  /** Normalisation removed something (surrounding whitespace, line breaks, zero-width characters). */
  cleaned: boolean;
  /** Short label, e.g. "Compliance Access Key". */
  title: string;
  /** What it is and what to do, for the admin. Never contains the credential. */
  message: string;
}

// Invisible format characters (Unicode Cf: zero-width space/joiners, word joiner, BOM, soft hyphen,
// bidi marks) that copying from web pages, chat tools and PDFs leaves behind.
const INVISIBLE = /\p{Cf}/gu;
const WHITESPACE = /\s/u;
const HEADER = /^(?:authorization\s*:|bearer\s|x-api-key\s*[:=])/i;
const MASK_MARKS = /…|\.{3}|•|\*{3}/;
const SK_ANT_PREFIX = /^sk-ant-([a-z]+)(\d{2})-/;
const KEY_CHARS = /^[A-Za-z0-9_-]+$/;
/** RFC 6750 b64token. */
const TOKEN_CHARS = /^[A-Za-z0-9\-._~+/]+=*$/;
const KEY_ID = /^apikey_[A-Za-z0-9]+$/;

/** Removes invisible format characters anywhere, then surrounding whitespace and line breaks. */
export function normalizeCredential(raw: string): string {
  return raw.replace(INVISIBLE, '').trim();
}

/** `sk-ant-api01-…AB12` for keys, `…AB12` for other long tokens, `…` for short values. */
export function maskCredential(value: string): string {
  const clean = normalizeCredential(value);
  const prefix = SK_ANT_PREFIX.exec(clean)?.[0] ?? '';
  const body = clean.slice(prefix.length);
  // Show the last four only when they are a small part of the value.
  const tail = body.length >= 16 ? body.slice(-4) : '';
  return `${prefix}…${tail}`;
}

function whereToCreate(connection: Connection): string {
  switch (connection) {
    case 'compliance':
      return `Create a Compliance Access Key in ${API_ACCESS_PATH} with ${READ_SCOPES_TEXT}, and without delete:compliance_user_data. Only the Primary Owner (or an organization owner, for their own organization) can create it; the secret is shown once.`;
    case 'analytics':
      return `Create an Analytics API key (scope read:analytics) in ${API_ACCESS_PATH}; older pages list it under Analytics → API keys (claude.ai/analytics/api-keys). Only the Primary Owner can create it; the secret is shown once.`;
    case 'scim':
      return `The SCIM token comes from the WorkOS directory-sync portal opened from claude.ai → Organization settings → Identity and access → Provisioning mode (${IDENTITY_SETTINGS_URL}). WorkOS shows it once; your IT contact can generate a new one there.`;
    case 'admin':
      // [unverified] Where an Enterprise organization creates its scoped Admin API keys (admin-api.md §1.2).
      return 'Use an Admin API key (it starts with sk-ant-admin01-), created by an organization admin with read:rbac_groups (and write:rbac_groups or write:members only if you want to make changes from here); the secret is shown once.';
  }
}

const FIELD: Record<Connection, string> = { compliance: 'Compliance key', analytics: 'Analytics API key', scim: 'SCIM token', admin: 'Admin API key' };
const API: Record<Connection, string> = { compliance: 'Compliance API', analytics: 'Analytics API', scim: 'SCIM service', admin: 'Admin API' };
const PREFIX_OF: Record<Connection, string> = { compliance: COMPLIANCE_KEY_PREFIX, analytics: ANALYTICS_KEY_PREFIX, scim: '', admin: ADMIN_KEY_PREFIX };

/** Classifies a pasted credential for one connection. Pure; never echoes the value. */
export function classifyCredential(connection: Connection, raw: string): CredentialCheck {
  const value = normalizeCredential(raw);
  const cleaned = value !== raw;
  const make = (code: CredentialCode, verdict: CredentialVerdict, title: string, message: string, prefix: string | null = null, masked: string | null = null): CredentialCheck => ({
    connection,
    code,
    verdict,
    usable: verdict !== 'rejected',
    prefix,
    masked,
    cleaned,
    title,
    message,
  });
  const reject = (code: CredentialCode, title: string, what: string, prefix: string | null = null, masked: string | null = null) =>
    make(code, 'rejected', title, `${what} ${whereToCreate(connection)}`, prefix, masked);

  if (raw.length === 0) return make('empty', 'rejected', 'Empty', `Paste your ${FIELD[connection]}. ${whereToCreate(connection)}`);
  if (value.length === 0) {
    return make('whitespace_only', 'rejected', 'Only spaces', `The ${FIELD[connection]} field holds only spaces, line breaks or invisible characters. Paste the secret itself. ${whereToCreate(connection)}`);
  }
  if (value.length > MAX_CREDENTIAL_LENGTH) {
    return make('too_long', 'rejected', 'Too long', `This is longer than any ${FIELD[connection]} (more than ${MAX_CREDENTIAL_LENGTH} characters). Paste only the secret.`);
  }
  if (HEADER.test(value)) {
    return make('header_included', 'rejected', 'Header included', `Paste only the secret, without "Authorization:", "Bearer" or "x-api-key:" in front of it.`);
  }
  if (connection === 'scim' && /^https?:\/\//i.test(value)) {
    return make('url_not_token', 'rejected', 'URL, not a token', `This is a URL. Put the endpoint in the SCIM URL field and the bearer token here. ${whereToCreate('scim')}`);
  }
  if (WHITESPACE.test(value)) {
    return make('contains_whitespace', 'rejected', 'Contains spaces', `The ${FIELD[connection]} contains spaces or line breaks inside it, so it was probably split or wrapped when copied. Copy it again as one line.`);
  }
  if (MASK_MARKS.test(value)) {
    return reject('masked_copy', 'Shortened copy', `This is the shortened form a key list displays, not the full secret. The full secret is shown only once, when the key is created; if you no longer have it, create a new one.`);
  }

  const skAnt = SK_ANT_PREFIX.exec(value);
  const prefix = skAnt?.[0] ?? null;
  const anthropicLike = value.startsWith('sk-ant-');
  const charsetOk = connection === 'scim' && !anthropicLike ? TOKEN_CHARS.test(value) : KEY_CHARS.test(value);
  if (!charsetOk) {
    return reject('invalid_characters', 'Invalid characters', `The ${FIELD[connection]} contains characters that never appear in one (quotes, punctuation or accented letters). Copy it again without surrounding text.`, prefix);
  }
  const masked = maskCredential(value);

  if (connection === 'scim') {
    if (anthropicLike) {
      return reject('anthropic_key_not_scim', 'Anthropic key, not a SCIM token', `This is an Anthropic API key (${masked}), not a SCIM bearer token. Keep it out of the SCIM connection.`, prefix, masked);
    }
    if (value.length < MIN_SCIM_TOKEN_LENGTH) {
      return reject('too_short', 'Too short', `This is too short to be a SCIM bearer token (${value.length} characters); it was probably cut off when copied.`);
    }
    return make('scim_token', 'accepted', 'SCIM bearer token', `SCIM bearer token (${masked}). The connection test confirms it against the SCIM URL.`, null, masked);
  }

  if (!skAnt) {
    if (anthropicLike) {
      return reject('other_anthropic_key', 'Unrecognised Anthropic key', `This starts with sk-ant- but not with any known key prefix, so it is not a ${FIELD[connection]}.`);
    }
    if (KEY_ID.test(value)) {
      return reject('key_id', 'Key ID, not the secret', `This is a key's ID (apikey_…), which the key list shows; it cannot authenticate. Paste the secret, which starts with ${PREFIX_OF[connection]}.`);
    }
    return reject('unknown_format', 'Unknown format', `This is not an Anthropic API key: ${FIELD[connection]}s start with ${PREFIX_OF[connection]}.`);
  }

  const kind = `${skAnt[1] ?? ''}${skAnt[2] ?? ''}`;
  const bodyLength = value.length - (prefix ?? '').length;
  const tooShort = () =>
    reject('too_short', 'Too short', `This ${prefix}… key is too short (${bodyLength} characters after the prefix; real keys have about 90), so it was probably cut off when copied. Copy the whole secret.`, prefix);

  switch (kind) {
    case 'api01':
      if (bodyLength < MIN_KEY_BODY_LENGTH) return tooShort();
      if (connection === 'admin') {
        return reject(
          'compliance_key',
          'Compliance or Analytics key',
          `This is a Compliance Access Key or an Analytics API key (${masked}), not an Admin API key: the Admin API rejects it. Paste it into the Compliance or Analytics card instead.`,
          prefix,
          masked,
        );
      }
      if (connection === 'compliance') {
        return make(
          'compliance_key',
          'accepted',
          'Compliance Access Key',
          `Compliance Access Key (${masked}). Analytics API keys use the same prefix, and scopes cannot be read from the key: the connection test checks for ${READ_SCOPES_TEXT}.`,
          prefix,
          masked,
        );
      }
      return make(
        'analytics_key',
        'accepted',
        'Analytics API key',
        `Analytics API key (${masked}). Compliance Access Keys use the same prefix; the connection test confirms that this key carries read:analytics.`,
        prefix,
        masked,
      );
    case 'admin01':
      if (connection === 'admin') {
        if (bodyLength < MIN_KEY_BODY_LENGTH) return tooShort();
        return make(
          'admin_key',
          'accepted',
          'Admin API key',
          `Admin API key (${masked}). Scopes cannot be read from the key: the scope check tries read:rbac_groups with a read, and write:rbac_groups and write:members are known only from the first change (the check never writes).`,
          prefix,
          masked,
        );
      }
      if (connection === 'compliance') {
        if (bodyLength < MIN_KEY_BODY_LENGTH) return tooShort();
        return make(
          'admin_key',
          'limited',
          'Admin API key: Activity Feed only',
          `This is a Claude Console Admin API key (${masked}). It reaches only the Activity Feed (read:compliance_activities), and only if it was created while the Compliance API was enabled: MCP servers and tool permissions can be read from events, but models in use, users, groups and projects cannot. It can also go into the Admin API card, for members and groups. For the full inventory: ${whereToCreate('compliance')}`,
          prefix,
          masked,
        );
      }
      return reject('admin_key', 'Admin API key', `This is an Admin API key (${masked}); the Analytics API rejects Admin keys. It belongs in the Admin API card.`, prefix, masked);
    case 'api03':
      return reject(
        'claude_api_key',
        'Claude API key',
        `This is a Claude API key from the Claude Console (${masked}), made for sending prompts. It is not a ${FIELD[connection]}, and the ${API[connection]} rejects it.`,
        prefix,
        masked,
      );
    case 'sid01':
      return reject(
        'session_key',
        'claude.ai session key',
        `This is a claude.ai sign-in session key (${prefix}…), not an API key. It gives full access to someone's account: do not paste it into any tool, and sign out of claude.ai to end that session.`,
        prefix,
      );
    case 'oat01':
    case 'ort01':
      return reject('oauth_token', 'OAuth token', `This is a Claude Code OAuth token (${prefix}…), not an API key. It does not work with the ${API[connection]}.`, prefix);
    default:
      return reject('other_anthropic_key', 'Other Anthropic key', `This is an Anthropic credential of another kind (${prefix}…), not a ${FIELD[connection]}.`, prefix);
  }
}
