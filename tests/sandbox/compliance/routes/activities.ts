/** A1 — `GET /v1/compliance/activities` (spec §2.1 and the fake-server checklist). */
import type { Request } from 'express';
import type { Activity } from '../../generator/index.ts';
import { SCOPE, type ApiState, type RouteDef } from '../context.ts';
import { MSG, badRequest } from '../errors.ts';
import { cursorWalk, decodeOpaque, encodeOpaque, type CursorBoundary } from '../paging.ts';
import { nonEmptyArray, parseCursorParams, parseEnum, parseLimit, parseTimeRange } from '../params.ts';

export function activityRoutes(state: ApiState): RouteDef[] {
  const log = state.org.activities;

  /**
   * The sandbox's opaque cursor: base64url JSON of the activity's position (id and time). The docs'
   * examples show raw activity ids as cursors and say not to rely on that; returning opaque values by
   * default keeps clients honest, and raw ids are still accepted as input.
   */
  const cursorOf = (a: Activity): string => (state.activityCursorStyle === 'id' ? a.id : encodeOpaque({ id: a.id, created_at: a.created_at }));

  /** Opaque cursor or raw activity id → seq, or a 400 with the documented text. */
  const resolveCursor = (param: 'after_id' | 'before_id', raw: string): number => {
    const body = decodeOpaque(raw);
    const id = body && typeof body.id === 'string' ? body.id : raw;
    const seq = log.seqOf(id);
    if (seq < 0) throw badRequest(MSG.badCursor(param, 'activity', raw));
    return seq;
  };

  const list = (req: Request) => {
    const limit = parseLimit(req, 100, 5000);
    const order = parseEnum(req, 'order', ['desc', 'asc'] as const, 'desc');
    const include = nonEmptyArray(req, 'activity_types');
    const exclude = nonEmptyArray(req, 'exclude_activity_types');
    if (include && exclude) throw badRequest(MSG.typesAndExcludes);
    const actors = [...(nonEmptyArray(req, 'actor_ids') ?? []), ...(nonEmptyArray(req, 'user_ids') ?? [])];
    for (const a of actors) if (!a.startsWith('user_')) throw badRequest(MSG.actorIdsUsersOnly(a));
    const orgs = nonEmptyArray(req, 'organization_ids');
    const range = parseTimeRange(req, 'created_at');
    const cursorParams = parseCursorParams(req);
    let cursor: CursorBoundary | undefined;
    if (cursorParams.after !== undefined || cursorParams.before !== undefined) {
      const kind = cursorParams.after !== undefined ? 'after' : 'before';
      const seq = resolveCursor(kind === 'after' ? 'after_id' : 'before_id', (cursorParams.after ?? cursorParams.before)!);
      const p = log.positionOf(seq);
      cursor = { kind, gtStart: p + 1, geStart: p };
    }

    // Filters as lookups over the compact columns (unknown values simply match nothing).
    let typeMask: Uint8Array | undefined;
    if (include || exclude) {
      typeMask = new Uint8Array(log.types.length + 1).fill(include ? 0 : 1);
      for (const t of include ?? exclude ?? []) {
        const code = log.findTypeCode(t);
        if (code >= 0) typeMask[code] = include ? 1 : 0;
      }
    }
    const actorSet = actors.length > 0 ? new Set(actors.map((a) => log.findUserCode(a)).filter((c) => c >= 0)) : undefined;
    const orgSet = orgs ? new Set(orgs.map((o) => log.findOrgCode(o)).filter((c) => c >= 0)) : undefined;
    const { order: seqs, type, actorCode, orgCode } = log;
    const accept = (pos: number): boolean => {
      const s = seqs[pos]!;
      if (typeMask && typeMask[type[s]!] !== 1) return false;
      if (actorSet && !actorSet.has(actorCode[s]!)) return false;
      if (orgSet && !orgSet.has(orgCode[s]!)) return false;
      return true;
    };
    const lo = range.from === -Infinity ? 0 : log.timeBound(range.from, true);
    const hi = range.to === Infinity ? seqs.length : log.timeBound(range.to, true);
    const walk = cursorWalk({ lo, hi, order, limit, accept, ...(cursor ? { cursor } : {}) });
    const data = walk.positions.map((p) => log.materialise(seqs[p]!));
    return {
      data,
      has_more: walk.hasMore,
      first_id: data.length > 0 ? cursorOf(data[0]!) : null,
      last_id: data.length > 0 ? cursorOf(data[data.length - 1]!) : null,
    };
  };

  return [{ method: 'get', path: '/activities', scope: SCOPE.activities, handler: (req, res) => void res.json(list(req)) }];
}
