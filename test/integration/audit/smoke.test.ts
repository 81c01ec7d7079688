import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
const run = promisify(execFile);
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { startAuditWorld, type AuditWorld } from '../../support/audit/world.js';
const stack = inject('mailstack');
let world: AuditWorld;
beforeAll(async () => { world = await startAuditWorld(stack!.dir); });
afterAll(async () => { await world?.stop(); });
it('smoke', async () => {
  for (const d of (process.env.AUDIT_DOMAINS ?? 'example.test').split(',')) {
    let out = '';
    try { out = (await run('npx', ['tsx', 'cli/main.ts', 'audit', d, '--resolver', world.dns.spec, '--timeout', '3000', ...(process.env.AUDIT_ARGS ?? '').split(' ').filter(Boolean)], { env: { ...process.env, NODE_EXTRA_CA_CERTS: stack!.caFile, MAILSETUP_CONFIG_DIR: '/tmp/audit-cfg' }, encoding: 'utf8' })).stdout; }
    catch (e) { out = String((e as { stdout: string }).stdout) + String((e as { stderr: string }).stderr); }
    console.log(out);
  }
  expect(1).toBe(1);
});
