import { isApiError, type ApiError } from '../api/http/index.ts';
import { conclude } from './audit.ts';
import type { WriteResult } from './contract.ts';
import type { ProvisionDeps } from './deps.ts';
import { describeScimFailure } from './messages.ts';
import { applyToMirror } from './mirror.ts';
import { createUserBody, summariseBody } from './scim-forms.ts';
import { ScimWriter, type ScimUser } from './scim-writer.ts';
import { validateNewUser } from './validate.ts';

/**
 * Create user over SCIM (specs/scim.md §2.2, §5, §6 exchange 3), idempotently: a 409 resolves to the
 * existing user ('already'); after a timeout, a dropped connection or a 5xx the user is looked up
 * before any retry, so a retried create never makes a second account; a 429 waits as told and sends
 * again (the service did not act). The new user is read back: listed → done, not yet → pending sync.
 */

/** POSTs at most this many times for one request (each retry only after a look-up found nothing). */
export const MAX_CREATE_ATTEMPTS = 3;
/** A Retry-After longer than this is not waited out: the admin is told when to try again. */
export const MAX_CREATE_WAIT_MS = 60_000;

/** Allowed difference between the service's clock and ours when telling an old account from a new one. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The account's `meta.created` is clearly older than this attempt. */
function createdBefore(u: ScimUser, attemptAt: Date): boolean {
  const created = Date.parse(u.meta?.created ?? '');
  return Number.isFinite(created) && created < attemptAt.getTime() - CLOCK_SKEW_MS;
}

/** The outcome of the POST is unknown: the service may have created the user. */
function ambiguous(err: ApiError): boolean {
  return err.kind === 'timeout' || err.kind === 'network' || err.kind === 'invalid_response' || (err.kind === 'http' && (err.status ?? 0) >= 500);
}

export async function createUser(deps: ProvisionDeps, req: { displayName: string; email: string }): Promise<WriteResult> {
  const { db } = deps;
  const at = deps.now();
  const check = validateNewUser(req);
  const target = req.email.trim().toLowerCase().slice(0, 320) || '(no email)';
  const base = { connection: 'scim' as const, action: 'user.create' as const, at };
  if (!check.ok) return conclude(db, { ...base, target, outcome: 'refused', message: check.message, steps: [], requestId: null, userId: null });
  const { user } = check;
  const warn = check.warnings.length > 0 ? ` ${check.warnings.join(' ')}` : '';

  let writer: ScimWriter;
  try {
    writer = new ScimWriter(await deps.scim());
  } catch (err) {
    return conclude(db, { ...base, target: user.email, outcome: 'failed', message: err instanceof Error ? err.message : String(err), steps: [], requestId: null, userId: null });
  }
  const body = createUserBody(user);
  const summary = summariseBody(body);
  const end = (outcome: WriteResult['outcome'], message: string, userId: string | null, pending = false) =>
    conclude(db, {
      ...base,
      target: user.email,
      outcome,
      message,
      steps: writer.steps,
      requestId: writer.lastRequestId,
      userId,
      pending: pending && userId ? { kind: 'user-created', via: 'scim', userId, email: user.email, groupId: null } : undefined,
    });
  // Accounts the last sync already listed for this address: a look-up that finds one of them found an old account.
  const knownBefore = new Set(await db.scimUsers.where('email').equals(user.email).primaryKeys());
  const lookup = async (): Promise<ScimUser | null> => {
    const knownIds = await db.scimUsers.where('email').equals(user.email).primaryKeys();
    return writer.findUserByUserName(user.email, { typed: req.email, knownIds });
  };

  for (let attempt = 1; ; attempt++) {
    let created: ScimUser;
    try {
      created = (await writer.createUser(body, summary)).user;
    } catch (err) {
      if (!isApiError(err)) return end('failed', describeScimFailure(err, 'create the user').message, null);
      if (err.kind === 'http' && err.status === 409) {
        try {
          const existing = await lookup();
          if (existing) {
            await applyToMirror(db, { via: 'scim', kind: 'user-created', user: existing });
            return end('already', `${user.email} already has an account in the SCIM service (id ${existing.id}); nothing was created.`, existing.id);
          }
        } catch {
          // The look-up failed; the refusal itself is reported below.
        }
        return end('refused', `${describeScimFailure(err, 'create the user').message} The existing account could not be found by its email; run Sync now and look for it in People.`, null);
      }
      if (err.kind === 'http' && err.status === 429 && attempt < MAX_CREATE_ATTEMPTS) {
        const waitMs = err.retryAfterSeconds !== null ? err.retryAfterSeconds * 1000 : 500 * 2 ** attempt;
        if (waitMs <= MAX_CREATE_WAIT_MS) {
          await deps.sleep(waitMs);
          continue;
        }
      }
      if (ambiguous(err)) {
        let existing: ScimUser | null;
        try {
          existing = await lookup();
        } catch (lookupErr) {
          const why = describeScimFailure(lookupErr, 'look the user up').message;
          return end('failed', `${describeScimFailure(err, 'create the user').message} Whether the account was created could not be checked (${why}); run Sync now and look for ${user.email} in People before trying again.`, null);
        }
        if (existing) {
          const before = knownBefore.has(existing.id) || createdBefore(existing, at);
          await applyToMirror(db, { via: 'scim', kind: 'user-created', user: existing });
          return before
            ? end('already', `${user.email} already had an account in the SCIM service (id ${existing.id}); nothing was created.`, existing.id)
            : end('done', `Created ${user.email} (id ${existing.id}). The SCIM service did not answer clearly, but a look-up shows the account.${warn}`, existing.id);
        }
        if (attempt < MAX_CREATE_ATTEMPTS) continue;
      }
      const f = describeScimFailure(err, 'create the user');
      return end(f.outcome, f.message, null);
    }

    // Read back: the service may hold a user it cannot validate yet (WorkOS "Validating").
    try {
      const read = await writer.getUser(created.id);
      if (read) {
        await applyToMirror(db, { via: 'scim', kind: 'user-created', user: read });
        return end('done', `Created ${user.email} (id ${created.id}).${warn}`, created.id);
      }
      return end('pending', `Created ${user.email} (id ${created.id}), but the SCIM service does not return the account yet: it is still being processed. It shows as pending sync until a sync lists it.${warn}`, created.id, true);
    } catch (err) {
      return end('pending', `Created ${user.email} (id ${created.id}), but reading it back failed (${describeScimFailure(err, 'read it back').message}). It shows as pending sync until a sync lists it.${warn}`, created.id, true);
    }
  }
}
