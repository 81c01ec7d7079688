// A port that accepts the TCP connection and never sends a greeting: IMAP, like SMTP,
// says CONNECTION_TIMEOUT in words a user understands ("accepted the connection but
// never answered"), not PROTOCOL_ERROR. Address: 127.0.12.30.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultDeps } from '../../../core/default-deps.js';
import { createHandlers, dispatch } from '../../../core/handlers.js';
import { ok } from '../../../shared/errors.js';

const HOST = '127.0.12.30';
const sockets = new Set<net.Socket>();
let server: net.Server;
let port: number;
let configDir: string;

beforeAll(async () => {
  configDir = await mkdtemp(path.join(os.tmpdir(), 'mailsetup-silent-'));
  server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  port = await new Promise((resolve) => server.listen(0, HOST, () => resolve((server.address() as net.AddressInfo).port)));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
  await rm(configDir, { recursive: true, force: true });
});

describe('a server that never greets', () => {
  it('gives CONNECTION_TIMEOUT for IMAP and SMTP alike, saying it accepted the connection but never answered', async () => {
    const deps = createDefaultDeps({
      configDir,
      keychain: { get: async () => ok(null), set: async () => ok(undefined), delete: async () => ok(false) },
    });
    const reply = await dispatch(createHandlers(deps), 'test', {
      email: 'a@example.test',
      password: 'Silent-Secret-1',
      imap: { host: HOST, port, security: 'starttls' },
      smtp: { host: HOST, port, security: 'starttls' },
      timeoutMs: 1500,
    });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.value.ok).toBe(false);
    for (const s of reply.value.servers) {
      const codes = s.diagnosis.map((d) => d.code);
      expect(codes, s.protocol).toEqual(['CONNECTION_TIMEOUT']);
      expect(s.diagnosis[0]?.message).toMatch(/accepted the connection but never answered/);
      expect(JSON.stringify(s)).not.toContain('Silent-Secret-1');
    }
  });
});
