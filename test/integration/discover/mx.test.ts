// The MX step on real-world setups: an address on a subdomain whose MX lives in the
// parent domain (stop only when the MX's registrable domain is the address's own
// domain, as Thunderbird does), and an MX name that is an alias (CNAME) of the
// provider's host. Addresses: 127.0.12.40 (DNS), .41 (web).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Zone } from '../../support/dns-server.js';
import { autoconfigXml, startNetwork, type Network } from './harness.js';

const WEB = '127.0.12.41';
const web = { A: [WEB] };
const AC_PATH = '/mail/config-v1.1.xml';

const zone: Zone = {
  // someone@dept.parent-m.test, MX in the parent domain, the parent publishes autoconfig.
  'dept.parent-m.test': { MX: [{ priority: 10, exchange: 'mx.parent-m.test' }] },
  'autoconfig.parent-m.test': web,
  // The same, with the answer in the (online) ISPDB under the parent's name.
  'dept.isp-parent-m.test': { MX: [{ priority: 10, exchange: 'mx.isp-parent-m.test' }] },
  'ispdb.test': web,
  // MX inside the domain, but an alias of the provider's host.
  'alias-m.test': { MX: [{ priority: 10, exchange: 'mail.alias-m.test' }] },
  'mail.alias-m.test': { CNAME: 'mx.in.provider-m.test' },
  'mx.in.provider-m.test': { A: ['127.0.12.42'] },
  'autoconfig.provider-m.test': web,
  // MX inside the domain and no alias: nothing to learn from it.
  'own-m.test': { MX: [{ priority: 10, exchange: 'mail.own-m.test' }] },
  'mail.own-m.test': { A: ['127.0.12.42'] },
};

let net: Network;

beforeAll(async () => {
  net = await startNetwork({ dnsHost: '127.0.12.40', webHost: WEB, zone, certNames: ['autoconfig.parent-m.test', 'ispdb.test', 'autoconfig.provider-m.test'] });
  net.web.route(`https://autoconfig.parent-m.test${AC_PATH}`, { body: autoconfigXml('parent-m.test', 'imap.parent-m.test', 'smtp.parent-m.test') });
  net.web.route('https://ispdb.test/v1.1/isp-parent-m.test', { body: autoconfigXml('isp-parent-m.test', 'imap.isp-parent-m.test', 'smtp.isp-parent-m.test') });
  net.web.route(`https://autoconfig.provider-m.test${AC_PATH}`, { body: autoconfigXml('provider-m.test', 'imap.provider-m.test', 'smtp.provider-m.test') });
});

afterAll(async () => {
  await net?.close();
});

const mx = (r: { sources: { source: string; status: string; detail?: string }[] }) => r.sources.find((s) => s.source === 'mx');

describe('the MX step', () => {
  it('for an address on a subdomain, follows an MX in the parent domain to the parent\'s autoconfig', async () => {
    const { result } = await net.run('someone@dept.parent-m.test', { noGuess: true });
    expect(mx(result)?.status).toBe('found');
    expect(result.configs[0]).toMatchObject({ source: 'mx', secure: false, url: 'https://autoconfig.parent-m.test/mail/config-v1.1.xml?emailaddress=someone%40dept.parent-m.test' });
    expect(result.configs[0]?.incoming[0]).toMatchObject({ host: 'imap.parent-m.test', username: 'someone@dept.parent-m.test' });
  });

  it('for an address on a subdomain, finds the parent in the ISPDB', async () => {
    const { result } = await net.run('someone@dept.isp-parent-m.test', { noGuess: true });
    expect(result.configs[0]).toMatchObject({ source: 'mx', url: 'https://ispdb.test/v1.1/isp-parent-m.test' });
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.isp-parent-m.test');
  });

  it('follows an MX name that is an alias (CNAME) to the provider\'s hoster', async () => {
    const { result } = await net.run('jane@alias-m.test', { noGuess: true });
    expect(mx(result)?.status).toBe('found');
    expect(mx(result)?.detail).toContain('mail.alias-m.test is an alias of mx.in.provider-m.test');
    expect(result.configs[0]).toMatchObject({ source: 'mx', secure: false });
    expect(result.configs[0]?.incoming[0]?.host).toBe('imap.provider-m.test');
    // The provider is the alias target's registrable domain (and its sub-zone first).
    expect(net.web.requests.some((q) => q.host === 'autoconfig.provider-m.test')).toBe(true);
  });

  it('still learns nothing from an MX inside the domain itself that is no alias', async () => {
    const { result } = await net.run('jane@own-m.test', { noGuess: true });
    expect(mx(result)?.status).toBe('not-found');
    expect(mx(result)?.detail).toMatch(/MX mail\.own-m\.test is inside own-m\.test itself/);
    expect(result.configs).toEqual([]);
  });
});
