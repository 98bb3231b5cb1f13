/**
 * `npx tsx scripts/bench/refresh-cost.ts [chats]` — requests and time of Compliance refreshes of the
 * `huge` preset's organization (50k users, 200 groups, 20k projects), in Node: the real client and
 * job against the in-process sandbox, writing into fake-indexeddb. Measures a full snapshot, a refresh
 * of the unchanged organization, one after 1,000 chats changed, and a directory re-read.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { startSandbox } from '../../tests/sandbox/server.ts';
import { SIZE_PRESETS } from '../../tests/sandbox/shared/contracts.ts';
import { createDb } from '../../lib/sources/database.ts';
import { createHttpClient, RequestLimiter } from '../../lib/api/http/index.ts';
import { ComplianceClient } from '../../lib/sources/compliance/client.ts';
import { SNAPSHOT_JOB, type SnapshotOptions } from '../../lib/sources/compliance/job.ts';
import { Job } from '../../lib/jobs/job.ts';

const chats = Number(process.argv[2] ?? 20_000);
const sandbox = await startSandbox({ size: { ...SIZE_PRESETS.huge, chats }, seed: 7, complianceRateLimit: 1_000_000 });
const db = createDb({ name: 'refresh-cost', indexedDB: new IDBFactory(), IDBKeyRange });
const client = () => new ComplianceClient(createHttpClient({ api: 'compliance', baseUrl: sandbox.url, credential: async () => sandbox.keys.compliance.full.secret, limiter: new RequestLimiter({ perMinute: 1_000_000, burst: 10_000 }) }));
const run = async (label: string, options: SnapshotOptions = {}) => {
  sandbox.stats.reset();
  const t = performance.now();
  const outcome = await new Job(db, SNAPSHOT_JOB, client(), options).run();
  const r = { label, status: outcome.status, requests: sandbox.stats.counts.compliance, seconds: +((performance.now() - t) / 1000).toFixed(1) };
  console.log(JSON.stringify(r));
  return r;
};
await run(`full snapshot (${chats} chats, ${sandbox.org.users.length} users)`);
await run('refresh, unchanged organization');
for (let k = 0; k < 1_000; k++) sandbox.compliance.touchChat((k * 7919) % sandbox.org.chatCount, k % 10 === 0 ? { model: 'claude-opus-4-7' } : {});
await run('refresh, 1,000 chats changed');
await run('refresh with the directory due (daily re-read)', { directoryMaxAgeMs: 0 });
await sandbox.close();
