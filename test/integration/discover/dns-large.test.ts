// Large DNS answers: a long SRV record set arrives truncated over UDP (TC bit, only the
// records that fit), is asked again over TCP, and the preferred target is kept although
// it arrives after more than the record cap. Addresses: 127.0.12.50 (DNS), .51 (web).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver } from '../../../core/net/dns.js';
import type { Zone } from '../../support/dns-server.js';
import { startNetwork, type Network } from './harness.js';

// 99 poor records first, the preferred one last: a cap in arrival order drops it.
const filler = (service: string, port: number) =>
  Array.from({ length: 99 }, (_, i) => ({ priority: 50, weight: i, port, target: `${service}-${i}.backup.big-d.test` }));
const zone: Zone = {
  '_imaps._tcp.big-d.test': { SRV: [...filler('imap', 993), { priority: 1, weight: 0, port: 993, target: 'imap.big-d.test' }] },
  '_submissions._tcp.big-d.test': { SRV: [...filler('smtp', 465), { priority: 1, weight: 0, port: 465, target: 'smtp.big-d.test' }] },
  'big-mx-d.test': { MX: [...Array.from({ length: 99 }, (_, i) => ({ priority: 50, exchange: `mx${i}.backup.big-mx-d.test` })), { priority: 5, exchange: 'mx.best.big-mx-d.test' }] },
};

let net: Network;

beforeAll(async () => {
  net = await startNetwork({ dnsHost: '127.0.12.50', webHost: '127.0.12.51', zone, certNames: ['unused.big-d.test'] });
});

afterAll(async () => {
  await net?.close();
});

describe('large DNS answers', () => {
  it('retries a truncated UDP answer over TCP and keeps the preferred SRV target of a long set', async () => {
    const resolver = createResolver(net.dns.spec);
    const r = await resolver.srv('_imaps._tcp.big-d.test');
    const transports = net.dns.queries.filter((q) => q.name === '_imaps._tcp.big-d.test').map((q) => q.transport);
    expect(transports).toEqual(['udp', 'tcp']);
    expect(r.records[0]).toEqual({ name: 'imap.big-d.test', port: 993, priority: 1, weight: 0 });
    expect(r.records.length).toBeLessThanOrEqual(64);
  });

  it('keeps the most preferred MX of a long set', async () => {
    const r = await createResolver(net.dns.spec).mx('big-mx-d.test');
    expect(r.records[0]).toEqual({ exchange: 'mx.best.big-mx-d.test', priority: 5 });
  });

  it('recommends the preferred SRV targets through discovery', async () => {
    const { result } = await net.run('jane@big-d.test', { noGuess: true });
    expect(result.configs[0]?.source).toBe('srv');
    expect(result.configs[0]?.incoming[0]).toMatchObject({ host: 'imap.big-d.test', port: 993 });
    expect(result.configs[0]?.outgoing[0]).toMatchObject({ host: 'smtp.big-d.test', port: 465 });
  });
});
