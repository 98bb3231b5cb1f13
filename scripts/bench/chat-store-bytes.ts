/**
 * `npx tsx scripts/bench/chat-store-bytes.ts` — bytes per chat of the chat store's two row forms, as
 * V8's structured-clone serializer (the one IndexedDB is given in Chromium) writes them, for batches of
 * 10,000 chats of the `large` sandbox organization listed in updated_at order (as the chats phase
 * stores them). No browser needed; LevelDB then compresses on disk.
 */
import { serialize } from 'node:v8';
import { generateOrg, chatRecord } from '../../tests/sandbox/generator/index.ts';
import { SIZE_PRESETS } from '../../tests/sandbox/shared/contracts.ts';
import { chatToRow } from '../../lib/sources/compliance/derive/models.ts';
import { packBatch, filterFor } from '../../lib/sources/compliance/derive/chat-store.ts';
import type { ChatBatchRow, ChatRow } from '../../lib/sources/compliance/tables.ts';

const org = generateOrg({ seed: 7, size: SIZE_PRESETS.large, now: new Date().toISOString() });
const BATCH = 10_000;
let arrayBytes = 0;
let packedBytes = 0;
let filterBytes = 0;
let n = 0;
for (let start = 0; start + BATCH <= 200_000; start += BATCH) {
  const rows = Array.from({ length: BATCH }, (_, k) => chatToRow(chatRecord(org, start + k)) as ChatRow).sort((a, b) => (a.id < b.id ? -1 : 1));
  const b: ChatBatchRow = { seq: 1, ids: rows.map((r) => r.id), model: rows.map((r) => r.model), org: rows.map((r) => r.org), project: rows.map((r) => r.project), user: rows.map((r) => r.user), createdAt: rows.map((r) => r.createdAt), updatedAt: rows.map((r) => r.updatedAt), deleted: rows.map((r) => r.deleted) };
  arrayBytes += serialize(b).length;
  packedBytes += serialize(packBatch(b)).length;
  filterBytes += serialize({ seq: 1, ...filterFor(b.ids), maxUpdatedAt: b.updatedAt[0], count: BATCH }).length;
  n += BATCH;
}
const out = { chats: n, arrayFormBytesPerChat: +(arrayBytes / n).toFixed(1), packedBytesPerChat: +(packedBytes / n).toFixed(1), filterBytesPerChat: +(filterBytes / n).toFixed(2) };
console.log(JSON.stringify(out));
