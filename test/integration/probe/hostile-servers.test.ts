// Hostile servers that flood the client: the test must end quickly with a clear
// PROTOCOL_ERROR instead of buffering without bound or waiting for a timeout.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultDeps } from '../../../core/default-deps.js';
import { createHandlers, dispatch } from '../../../core/handlers.js';
import { ok } from '../../../shared/errors.js';

const HOST = '127.0.2.60';
const servers: net.Server[] = [];
let configDir: string;

/** A server that answers every connection with an endless stream of `chunk`. */
function flood(prefix: string, chunk: string): Promise<number> {
  const data = Buffer.from(chunk);
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write(prefix);
    const pump = (): void => {
      while (!socket.destroyed && socket.write(data)) {
        /* keep writing until the kernel buffer is full */
      }
    };
    socket.on('drain', pump);
    pump();
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, HOST, () => resolve((server.address() as net.AddressInfo).port)));
}

beforeAll(async () => {
  configDir = await mkdtemp(path.join(os.tmpdir(), 'mailsetup-hostile-'));
});
afterAll(async () => {
  for (const s of servers) s.close();
  await rm(configDir, { recursive: true, force: true });
});

describe('hostile servers', () => {
  it('an endless IMAP greeting line and an endless SMTP multi-line reply end in PROTOCOL_ERROR, no password sent', async () => {
    const imapPort = await flood('* OK ', 'x'.repeat(65536));
    const smtpPort = await flood('', `220-${'y'.repeat(1000)}\r\n`);
    const deps = createDefaultDeps({
      configDir,
      keychain: { get: async () => ok(null), set: async () => ok(undefined), delete: async () => ok(false) },
    });
    const peakBefore = process.resourceUsage().maxRSS;
    const reply = await dispatch(createHandlers(deps), 'test', {
      email: 'a@example.test',
      password: 'Flood-Secret-1',
      imap: { host: HOST, port: imapPort, security: 'starttls' },
      smtp: { host: HOST, port: smtpPort, security: 'starttls' },
      timeoutMs: 20_000,
    });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.value.ok).toBe(false);
    for (const s of reply.value.servers) {
      expect(s.diagnosis.map((d) => d.code)).toContain('PROTOCOL_ERROR');
      expect(s.auth?.ok ?? false).toBe(false);
      expect(JSON.stringify(s)).not.toContain('Flood-Secret-1');
    }
    // A small size cap ended it: the process never buffered hundreds of megabytes.
    const imap = reply.value.servers.find((s) => s.protocol === 'imap');
    expect(imap?.steps.map((s) => s.detail ?? '').join(' ')).toMatch(/exceeds/);
    const grewKiB = process.resourceUsage().maxRSS - peakBefore;
    expect(grewKiB).toBeLessThan(200 * 1024);
  });
});
