/**
 * `npm run sandbox [-- --size tiny|demo|large] [--seed N] [--port N] [--hostile]`
 * Runs the local Claude Enterprise imitation until interrupted and prints where it listens and which
 * credentials it accepts.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './server.ts';
import { SIZE_PRESETS, type SizePreset } from './shared/contracts.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'demo' },
    seed: { type: 'string', default: '42' },
    hostile: { type: 'boolean', default: false },
    port: { type: 'string', default: '8787' },
  },
});
if (!(values.size in SIZE_PRESETS)) {
  console.error(`Unknown --size "${values.size}". Use one of: ${Object.keys(SIZE_PRESETS).join(', ')}.`);
  process.exit(2);
}
const sandbox = await startSandbox({ size: values.size as SizePreset, seed: Number(values.seed), port: Number(values.port), hostile: values.hostile });
const k = sandbox.keys;
console.log(`Claude Enterprise sandbox listening on ${sandbox.url}`);
console.log(`  organizations: ${sandbox.org.organizations.length}, users: ${sandbox.org.users.length}, chats: ${sandbox.org.chatCount}`);
console.log(`  Compliance API base URL: ${sandbox.url}`);
console.log(`  Analytics API base URL:  ${sandbox.url}`);
console.log(`  Admin API base URL:      ${sandbox.url}`);
console.log(`  SCIM URL:                ${sandbox.scimUrl}`);
console.log('Sandbox credentials (they only work here):');
for (const [name, key] of Object.entries(k.compliance)) console.log(`  compliance.${name.padEnd(15)} ${key.secret}  [${key.scopes.join(', ')}]${key.active ? '' : ' (revoked)'}`);
console.log(`  analytics.full             ${k.analytics.full.secret}`);
for (const [name, key] of Object.entries(k.admin)) console.log(`  admin.${name.padEnd(20)} ${key.secret}  [${key.scopes.join(', ') || 'members only'}]`);
console.log(`  scim token                 ${k.scimToken}`);
console.log('Control: POST /_sandbox/faults, DELETE /_sandbox/faults, GET /_sandbox/stats. Ctrl+C to stop.');
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
