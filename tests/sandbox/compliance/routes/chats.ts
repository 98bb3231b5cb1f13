/** C1 chats list, C2 chat delete, C3 chat messages — spec §2.7–2.8. */
import type { Request } from 'express';
import { chatMessages, chatRecord, type ChatMessage } from '../../generator/content.ts';
import { SCOPE, pathParam, type ApiState, type RouteDef } from '../context.ts';
import { MSG, badRequest, notFound } from '../errors.ts';
import { cursorWalk, decodeOpaque, encodeOpaque, type CursorBoundary } from '../paging.ts';
import { inRange, nonEmptyArray, parseCursorParams, parseEnum, parseLimit, parseMaxChars, parseTimeRange } from '../params.ts';

/** From this date the API rejects `user_ids[]` combined with `updated_at.*` (spec §2.7). */
const USERS_UPDATED_AT_CUTOFF = Date.parse('2026-09-22T00:00:00Z');

type OrderBy = 'created_at' | 'updated_at';

export function chatRoutes(state: ApiState): RouteDef[] {
  const { org } = state;
  const chats = org.chats;

  const keyOf = (i: number, orderBy: OrderBy) => (orderBy === 'created_at' ? chats.created[i]! : chats.updated[i]!);
  /** Chat cursor: base64url JSON of the sort key it was issued under, its value and the chat id. */
  const cursorOf = (i: number, orderBy: OrderBy) => encodeOpaque({ k: orderBy, v: keyOf(i, orderBy), id: chats.id(i) });

  /** Cursor → sort key (v, index); a raw chat id is accepted too and uses the chat's current key. */
  const resolveCursor = (param: 'after_id' | 'before_id', raw: string, orderBy: OrderBy): { v: number; i: number } => {
    const body = decodeOpaque(raw);
    if (body && typeof body.id === 'string' && typeof body.k === 'string' && typeof body.v === 'number') {
      const i = chats.indexOf(body.id);
      if (i < 0) throw badRequest(MSG.badCursor(param, 'chat', raw));
      if (body.k !== orderBy) throw badRequest(MSG.cursorOrderBy(param, body.k, orderBy));
      return { v: body.v, i };
    }
    const i = chats.indexOf(raw);
    if (i < 0 || !chats.exists(i)) throw badRequest(MSG.badCursor(param, 'chat', raw));
    return { v: keyOf(i, orderBy), i };
  };

  const listChats = (req: Request) => {
    const limit = parseLimit(req, 100, 1000);
    const users = nonEmptyArray(req, 'user_ids');
    if (users && users.length > 10) throw badRequest(MSG.tooManyUsers(users.length));
    const projects = nonEmptyArray(req, 'project_ids');
    if (projects && !users) throw badRequest(MSG.projectIdsNeedUsers);
    const orgs = nonEmptyArray(req, 'organization_ids');
    const orderBy = parseEnum(req, 'order_by', ['created_at', 'updated_at'] as const, 'created_at');
    if (users && orderBy === 'updated_at') throw badRequest(MSG.orderByWithUsers);
    const created = parseTimeRange(req, 'created_at');
    const updated = parseTimeRange(req, 'updated_at');
    if (users) {
      if (updated.present && state.clock() >= USERS_UPDATED_AT_CUTOFF) throw badRequest(MSG.usersAndUpdatedAt);
    } else if (orderBy === 'created_at' && updated.present) {
      throw badRequest(MSG.timeFilterOrderBy('created_at', 'updated_at'));
    } else if (orderBy === 'updated_at' && created.present) {
      throw badRequest(MSG.timeFilterOrderBy('updated_at', 'created_at'));
    }
    const cp = parseCursorParams(req);
    if (cp.before !== undefined && !users) throw badRequest(MSG.beforeIdOrgWide);
    const param = cp.after !== undefined ? 'after_id' : 'before_id';
    const rawCursor = cp.after ?? cp.before;
    const key = rawCursor === undefined ? undefined : resolveCursor(param, rawCursor, orderBy);

    let orgMask: Uint8Array | undefined;
    if (orgs) {
      orgMask = new Uint8Array(256);
      for (const o of orgs) {
        const k = org.orgIndex(o);
        if (k >= 0) orgMask[k] = 1;
      }
    }

    let positions: number[];
    let hasMore: boolean;
    let chatAt: (pos: number) => number;
    if (users) {
      // Per-user: merge the users' chats (created_at order), filter, walk (before_id allowed).
      const projectSet = projects ? new Set(projects.map((p) => org.projectIndex(p)).filter((p) => p >= 0)) : undefined;
      const parts: number[] = [];
      for (const u of new Set(users)) {
        const idx = org.userIndex(u);
        if (idx >= 0) for (const i of chats.chatsOfUser(idx)) parts.push(i);
      }
      parts.sort((a, b) => chats.created[a]! - chats.created[b]! || a - b);
      const bound = (v: number, i: number, inclusive: boolean) => {
        let lo = 0;
        let hi = parts.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          const j = parts[mid]!;
          const c = chats.created[j]! - v || j - i;
          if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      };
      const cursor: CursorBoundary | undefined = key && { kind: cp.after !== undefined ? 'after' : 'before', gtStart: bound(key.v, key.i, false), geStart: bound(key.v, key.i, true) };
      const walk = cursorWalk({
        lo: 0,
        hi: parts.length,
        order: 'asc',
        limit,
        ...(cursor ? { cursor } : {}),
        accept: (pos) => {
          const i = parts[pos]!;
          return chats.exists(i) && (!orgMask || orgMask[chats.org[i]!] === 1) && (!projectSet || projectSet.has(chats.project[i]!)) && inRange(created, chats.created[i]!) && inRange(updated, chats.updated[i]!);
        },
      });
      positions = walk.positions;
      hasMore = walk.hasMore;
      chatAt = (pos) => parts[pos]!;
    } else if (orderBy === 'created_at') {
      const lo = created.from === -Infinity ? 0 : chats.createdBound(created.from, -1, true);
      const hi = created.to === Infinity ? chats.createdLen : chats.createdBound(created.to, -1, true);
      const cursor: CursorBoundary | undefined = key && { kind: 'after', gtStart: chats.createdBound(key.v, key.i, false), geStart: chats.createdBound(key.v, key.i, true) };
      const perm = chats.createdPerm;
      const walk = cursorWalk({
        lo,
        hi,
        order: 'asc',
        limit,
        ...(cursor ? { cursor } : {}),
        accept: (pos) => {
          const i = perm[pos]!;
          return chats.hard[i] === 0 && (!orgMask || orgMask[chats.org[i]!] === 1);
        },
      });
      positions = walk.positions;
      hasMore = walk.hasMore;
      chatAt = (pos) => perm[pos]!;
    } else {
      const lo = updated.from === -Infinity ? 0 : chats.slotBound(updated.from, -1, true);
      const hi = updated.to === Infinity ? chats.slotLen : chats.slotBound(updated.to, -1, true);
      const cursor: CursorBoundary | undefined = key && { kind: 'after', gtStart: chats.slotBound(key.v, key.i, false), geStart: chats.slotBound(key.v, key.i, true) };
      const walk = cursorWalk({
        lo,
        hi,
        order: 'asc',
        limit,
        ...(cursor ? { cursor } : {}),
        accept: (pos) => {
          const i = chats.slotChat(pos);
          return i >= 0 && (!orgMask || orgMask[chats.org[i]!] === 1);
        },
      });
      positions = walk.positions;
      hasMore = walk.hasMore;
      chatAt = (pos) => chats.slotIdx[pos]!;
    }
    const indices = positions.map(chatAt);
    return {
      data: indices.map((i) => chatRecord(org, i)),
      has_more: hasMore,
      first_id: indices.length > 0 ? cursorOf(indices[0]!, orderBy) : null,
      last_id: indices.length > 0 ? cursorOf(indices[indices.length - 1]!, orderBy) : null,
    };
  };

  const findChat = (id: string): number => {
    const i = chats.indexOf(id);
    if (i < 0 || !chats.exists(i)) throw notFound(MSG.chatNotFound(id));
    return i;
  };

  const truncateBlocks = (msg: ChatMessage, inputMax: number | undefined, resultMax: number | undefined) => {
    if (inputMax === undefined && resultMax === undefined) return msg.content;
    return msg.content.map((block) => {
      if (block.type === 'tool_use' && inputMax !== undefined && typeof block.input === 'string' && block.input.length > inputMax) {
        return { ...block, input: block.input.slice(0, inputMax), truncated: true };
      }
      if (block.type === 'tool_result' && resultMax !== undefined && Array.isArray(block.content)) {
        let cut = false;
        const content = (block.content as Array<{ type: string; text: string }>).map((c) => {
          if (c.type === 'text' && c.text.length > resultMax) {
            cut = true;
            return { ...c, text: c.text.slice(0, resultMax) };
          }
          return c;
        });
        return cut ? { ...block, content, truncated: true } : block;
      }
      return block;
    });
  };

  const listMessages = (req: Request) => {
    const limit = parseLimit(req, undefined, 1000);
    const order = parseEnum(req, 'order', ['asc', 'desc'] as const, 'asc');
    const created = parseTimeRange(req, 'created_at');
    parseTimeRange(req, 'updated_at'); // validated; messages carry no updated_at, so it filters nothing
    const inputMax = parseMaxChars(req, 'tool_use_input_max_chars');
    const resultMax = parseMaxChars(req, 'tool_result_max_chars');
    const cp = parseCursorParams(req);
    const chatId = pathParam(req, 'chatId');
    const i = findChat(chatId);
    const messages = chatMessages(org, i);
    let cursor: CursorBoundary | undefined;
    const raw = cp.after ?? cp.before;
    if (raw !== undefined) {
      const param = cp.after !== undefined ? 'after_id' : 'before_id';
      const body = decodeOpaque(raw);
      const id = body && typeof body.msg_uuid === 'string' ? body.msg_uuid : raw;
      const p = messages.findIndex((m) => m.id === id);
      if (p < 0) throw badRequest(MSG.badCursor(param, 'message', raw));
      cursor = { kind: cp.after !== undefined ? 'after' : 'before', gtStart: p + 1, geStart: p };
    }
    const walk = cursorWalk({ lo: 0, hi: messages.length, order, limit: limit ?? Infinity, ...(cursor ? { cursor } : {}), accept: (p) => inRange(created, messages[p]!.atMs) });
    const picked = walk.positions.map((p) => messages[p]!);
    const cursorOfMsg = (m: ChatMessage) => encodeOpaque({ msg_uuid: m.id });
    return {
      ...chatRecord(org, i),
      chat_messages: picked.map((m) => ({
        id: m.id,
        role: m.role,
        created_at: m.created_at,
        content: truncateBlocks(m, inputMax, resultMax),
        files: m.files,
        generated_files: m.generated_files,
        artifacts: m.artifacts,
      })),
      has_more: walk.hasMore,
      first_id: picked.length > 0 ? cursorOfMsg(picked[0]!) : null,
      last_id: picked.length > 0 ? cursorOfMsg(picked[picked.length - 1]!) : null,
    };
  };

  return [
    { method: 'get', path: '/apps/chats', scope: SCOPE.userData, handler: (req, res) => void res.json(listChats(req)) },
    { method: 'get', path: '/apps/chats/:chatId/messages', scope: SCOPE.userData, handler: (req, res) => void res.json(listMessages(req)) },
    {
      method: 'delete',
      path: '/apps/chats/:chatId',
      scope: SCOPE.delete,
      handler: (req, res) => {
        const id = pathParam(req, 'chatId');
        chats.hardDelete(findChat(id));
        res.json({ id, type: 'claude_chat_deleted' });
      },
    },
  ];
}
