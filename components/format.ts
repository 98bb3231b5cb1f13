/** Display formatting shared by the pages. Pure functions; `now` is passed in so tests are deterministic. */

const COUNT = new Intl.NumberFormat('en-US');
const DATE = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const DATE_TIME = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

/** The mark shown for a value the snapshot does not know (never rendered as 0). */
export const UNKNOWN = '—';

/** 12345 → "12,345"; null/undefined → "—". */
export function formatCount(n: number | null | undefined): string {
  return n == null || !Number.isFinite(n) ? UNKNOWN : COUNT.format(n);
}

/** "1 model", "2 models", "1,204 models". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Mar 14, 2026" (UTC, so every admin sees the same day the API reported); "—" when missing or invalid. */
export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? DATE.format(d) : UNKNOWN;
}

/** "Mar 14, 2026, 09:05 AM UTC"; "—" when missing or invalid. */
export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? DATE_TIME.format(d) : UNKNOWN;
}

/**
 * How long ago `iso` was, for the "Snapshot last ingested: …" line: "Just now", "5 minutes ago",
 * "1 hour ago", "Yesterday", "3 days ago", then the date. A time in the future (clock skew) is "Just now".
 */
export function relativeTime(iso: string | null | undefined, now: Date): string {
  const d = parse(iso);
  if (!d) return UNKNOWN;
  const seconds = Math.floor((now.getTime() - d.getTime()) / 1000);
  if (seconds < 60) return 'Just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} ${hours === 1 ? 'hour' : 'hours'} ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return 'Yesterday';
  if (days < 30) return `${days} days ago`;
  return `on ${DATE.format(d)}`;
}

/** The URL when it is http(s), else null: links from imported files must never be `javascript:` or `data:`. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** "+ 3 chats without a model", or null when every chat reports its model. */
export function withoutModelNote(chats: number): string | null {
  return chats > 0 ? `+ ${plural(chats, 'chat')} without a model` : null;
}
