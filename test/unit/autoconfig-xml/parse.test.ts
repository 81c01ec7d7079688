import { describe, expect, it } from 'vitest';
import {
  MAX_AUTOCONFIG_BYTES,
  fillAutoconfigTemplate,
  parseAutoconfigTemplate,
  parseAutoconfigXml,
  type ParsedAutoconfig,
} from '../../../core/discover/autoconfig-xml.js';
import { parseEmail, type ParsedEmail } from '../../../shared/email.js';

function email(address: string): ParsedEmail {
  const r = parseEmail(address);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const JANE = email('jane.doe@example.com');

function doc(servers: string, opts: { version?: string; head?: string; extra?: string } = {}): string {
  return `${opts.head ?? '<?xml version="1.0" encoding="UTF-8"?>'}
<clientConfig version="${opts.version ?? '1.1'}">
  <emailProvider id="example.com">
    <domain>example.com</domain>
    <domain>Example.NET</domain>
    <displayName>Example Mail</displayName>
    ${servers}
  </emailProvider>
  ${opts.extra ?? ''}
</clientConfig>`;
}

function server(tag: 'incomingServer' | 'outgoingServer', type: string, body: string): string {
  return `<${tag} type="${type}">${body}</${tag}>`;
}

const IMAP_OK = server('incomingServer', 'imap', `
  <hostname>imap.example.com</hostname><port>993</port><socketType>SSL</socketType>
  <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>`);
const SMTP_OK = server('outgoingServer', 'smtp', `
  <hostname>smtp.example.com</hostname><port>587</port><socketType>STARTTLS</socketType>
  <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>`);

function parsed(xml: string, who: ParsedEmail = JANE): ParsedAutoconfig {
  const r = parseAutoconfigXml(xml, who);
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function refused(xml: string): string {
  const r = parseAutoconfigXml(xml, JANE);
  if (r.ok) throw new Error('expected the document to be refused');
  expect(r.error.code).toBe('BAD_INPUT');
  return r.error.message;
}

describe('parseAutoconfigXml: good documents', () => {
  it('reads provider, domains, servers in file order, with placeholders filled', () => {
    const pop = server('incomingServer', 'pop3', `
      <hostname>pop.%EMAILDOMAIN%</hostname><port>995</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-encrypted</authentication>`);
    const r = parsed(doc(pop + IMAP_OK + SMTP_OK));
    expect(r.providerId).toBe('example.com');
    expect(r.displayName).toBe('Example Mail');
    expect(r.domains).toEqual(['example.com', 'example.net']);
    expect(r.incoming).toEqual([
      { protocol: 'pop3', host: 'pop.example.com', port: 995, security: 'tls', username: 'jane.doe', auth: ['password-encrypted'] },
      { protocol: 'imap', host: 'imap.example.com', port: 993, security: 'tls', username: 'jane.doe@example.com', auth: ['password-cleartext'] },
    ]);
    expect(r.outgoing).toEqual([
      { protocol: 'smtp', host: 'smtp.example.com', port: 587, security: 'starttls', username: 'jane.doe@example.com', auth: ['password-cleartext'] },
    ]);
    expect(r.skipped).toBeUndefined();
  });

  it.each(['1.1', '1.2'])('accepts clientConfig version %s', (version) => {
    expect(parsed(doc(IMAP_OK + SMTP_OK, { version })).incoming).toHaveLength(1);
  });

  it('ignores the elements it does not use (oAuth2, webMail, documentation, enable)', () => {
    const extra = `<oAuth2><issuer>accounts.example.com</issuer></oAuth2>
      <enable visiturl="https://example.com/?a=1&amp;b=2"><instruction>Enable IMAP</instruction></enable>
      <webMail><loginPage url="https://example.com/"/></webMail>`;
    expect(parsed(doc(IMAP_OK + SMTP_OK, { extra })).outgoing).toHaveLength(1);
  });

  it('maps socketType SSL, STARTTLS and plain (plain is kept; the engine ranks it lower)', () => {
    const mk = (st: string, port: number) => server('incomingServer', 'imap', `<hostname>h.example.com</hostname><port>${port}</port><socketType>${st}</socketType><authentication>password-cleartext</authentication>`);
    const r = parsed(doc(mk('SSL', 993) + mk('STARTTLS', 143) + mk('plain', 143)));
    expect(r.incoming.map((s) => s.security)).toEqual(['tls', 'starttls', 'none']);
  });

  it('takes the first supported of several socketType elements', () => {
    const s = server('incomingServer', 'imap', `<hostname>h.example.com</hostname><port>143</port>
      <socketType>quantum-tls</socketType><socketType>STARTTLS</socketType><socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>`);
    expect(parsed(doc(s)).incoming[0]?.security).toBe('starttls');
  });

  it('maps authentication values, legacy aliases and SASL names; ignores unknown ones; keeps their order', () => {
    const s = server('outgoingServer', 'smtp', `<hostname>smtp.example.com</hostname><port>465</port><socketType>SSL</socketType>
      <authentication>OAuth2</authentication><authentication>kerberos-magic</authentication>
      <authentication>secure</authentication><authentication>plain</authentication>
      <authentication system="sasl">SCRAM-SHA-256-PLUS</authentication><authentication system="http">Basic</authentication>
      <authentication>NTLM</authentication><authentication>GSSAPI</authentication><authentication>TLS-client-cert</authentication>
      <authentication>client-IP-address</authentication><authentication>smtp-after-pop</authentication><authentication>none</authentication>`);
    expect(parsed(doc(s)).outgoing[0]?.auth).toEqual([
      'OAuth2', 'password-encrypted', 'password-cleartext', 'NTLM', 'GSSAPI', 'TLS-client-cert', 'client-IP-address', 'smtp-after-pop', 'none',
    ]);
  });

  it('uses the address as the username when the section names none', () => {
    const s = server('outgoingServer', 'smtp', `<hostname>smtp.example.com</hostname><port>465</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>`);
    expect(parsed(doc(s)).outgoing[0]?.username).toBe('jane.doe@example.com');
  });

  it('decodes XML character references in text', () => {
    const xml = doc(IMAP_OK).replace('Example Mail', 'AT&amp;T &#x4D;ail');
    expect(parsed(xml).displayName).toBe('AT&T Mail');
  });

  it('tolerates a byte-order mark and comments', () => {
    expect(parsed(`\uFEFF${doc(`<!-- a comment -->${IMAP_OK}`)}`).incoming).toHaveLength(1);
  });

  it('reads element and attribute names case-sensitively, as the format defines them', () => {
    const s = server('incomingServer', 'imap', `<HostName>imap.example.com</HostName><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>`);
    const r = parsed(doc(s + IMAP_OK));
    expect(r.incoming).toHaveLength(1);
    expect(r.skipped).toEqual(['incomingServer #1 (imap): no <hostname>']);
  });
});

describe('parseAutoconfigXml: placeholders', () => {
  it('fills combinations of placeholders', () => {
    const s = server('incomingServer', 'imap', `<hostname>%EMAILLOCALPART%.mail.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%.%EMAILDOMAIN%/%EMAILADDRESS%</username><authentication>password-cleartext</authentication>`);
    const r = parsed(doc(s), email('bob@example.org'));
    expect(r.incoming[0]).toMatchObject({ host: 'bob.mail.example.org', username: 'bob.example.org/bob@example.org' });
  });

  it('fills placeholders in the display name too', () => {
    expect(parsed(doc(IMAP_OK).replace('Example Mail', '%EMAILDOMAIN%'), email('x@example.org')).displayName).toBe('example.org');
  });

  it('never expands a placeholder that comes from the address itself', () => {
    const s = server('incomingServer', 'imap', `<hostname>imap.example.com</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>`);
    expect(parsed(doc(s), email('%EMAILDOMAIN%@example.com')).incoming[0]?.username).toBe('%EMAILDOMAIN%');
  });

  it('fills IDN addresses in their ASCII (punycode) form and converts IDN host names', () => {
    const a = server('incomingServer', 'imap', `<hostname>mail.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>`);
    const b = server('outgoingServer', 'smtp', `<hostname>smtp.bücher.example</hostname><port>465</port><socketType>SSL</socketType>
      <username>%EMAILDOMAIN%</username><authentication>password-cleartext</authentication>`);
    const xml = doc(a + b).replace('<domain>example.com</domain>', '<domain>bücher.example</domain>');
    const r = parsed(xml, email('jörg@bücher.example'));
    expect(r.domains[0]).toBe('xn--bcher-kva.example');
    expect(r.incoming[0]).toMatchObject({ host: 'mail.xn--bcher-kva.example', username: 'jörg@xn--bcher-kva.example' });
    expect(r.outgoing[0]).toMatchObject({ host: 'smtp.xn--bcher-kva.example', username: 'xn--bcher-kva.example' });
  });

  it('keeps placeholders in the template form and fills them later per address', () => {
    const t = parseAutoconfigTemplate(doc(server('incomingServer', 'imap', `<hostname>imap.%EMAILDOMAIN%</hostname><port>993</port>
      <socketType>SSL</socketType><username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>`)));
    expect(t.ok && t.value.incoming[0]).toMatchObject({ host: 'imap.%EMAILDOMAIN%', username: '%EMAILLOCALPART%' });
    if (!t.ok) return;
    expect(fillAutoconfigTemplate(t.value, email('x@a.example')).incoming[0]).toMatchObject({ host: 'imap.a.example', username: 'x' });
  });

  it('skips a section whose filled host name is invalid for this address', () => {
    const t = parseAutoconfigTemplate(doc(server('incomingServer', 'imap', `<hostname>%EMAILLOCALPART%.example.com</hostname><port>993</port>
      <socketType>SSL</socketType><authentication>password-cleartext</authentication>`)));
    if (!t.ok) throw new Error(t.error.message);
    const r = fillAutoconfigTemplate(t.value, email('a+b@example.com'));
    expect(r.incoming).toEqual([]);
    expect(r.skipped?.[0]).toMatch(/not a valid host name/);
  });
});

describe('parseAutoconfigXml: a bad section is skipped, not fatal', () => {
  const body = (host: string, port: string, user = '%EMAILADDRESS%') =>
    `<hostname>${host}</hostname><port>${port}</port><socketType>SSL</socketType><username>${user}</username><authentication>password-cleartext</authentication>`;

  it.each([
    ['malformed placeholder in username (%EMAILADDRESS without closing %)', body('imap.example.com', '993', '%EMAILADDRESS'), /username.*malformed or unknown placeholder/],
    ['malformed placeholder in hostname', body('imap.%EMAILDOMAIN', '993'), /hostname.*malformed or unknown placeholder/],
    ['unknown placeholder', body('imap.example.com', '993', '%REALNAME%'), /placeholder/],
    ['missing hostname', '<port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication>', /no <hostname>/],
    ['missing port', '<hostname>imap.example.com</hostname><socketType>SSL</socketType><authentication>password-cleartext</authentication>', /no <port>/],
    ['port 0', body('imap.example.com', '0'), /port 0 is not between 1 and 65535/],
    ['port 65536', body('imap.example.com', '65536'), /port 65536/],
    ['port not a number', body('imap.example.com', '99x'), /port "99x" is not a number/],
    ['negative port', body('imap.example.com', '-993'), /port "-993"/],
    ['empty hostname', body('', '993'), /empty <hostname>/],
    ['hostname with a space', body('imap example.com', '993'), /not a valid host name/],
    ['hostname with CR/LF (character references)', body('imap.example.com&#13;&#10;RCPT TO:x', '993'), /not a valid host name/],
    ['hostname with a raw line break inside', body('imap.example.com\nevil.example.com', '993'), /not a valid host name/],
    ['hostname that is an IP literal', body('192.0.2.1', '993'), /not a valid host name/],
    ['hostname with an undecoded entity', body('imap.&xxe;.example.com', '993'), /not a valid host name/],
    ['username with a control character', body('imap.example.com', '993', 'jane&#10;AUTH'), /control characters/],
    ['no socketType', '<hostname>imap.example.com</hostname><port>993</port><authentication>password-cleartext</authentication>', /no supported <socketType>/],
    ['only unknown socketType', '<hostname>imap.example.com</hostname><port>993</port><socketType>TLS1.3</socketType><authentication>password-cleartext</authentication>', /no supported <socketType>/],
    ['only unknown authentication', '<hostname>imap.example.com</hostname><port>993</port><socketType>SSL</socketType><authentication>magic</authentication>', /no supported <authentication>/],
  ])('%s', (_name, bad, reason) => {
    const r = parsed(doc(server('incomingServer', 'imap', bad) + IMAP_OK + SMTP_OK));
    expect(r.incoming).toHaveLength(1);
    expect(r.incoming[0]?.host).toBe('imap.example.com');
    expect(r.outgoing).toHaveLength(1);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped?.[0]).toMatch(/^incomingServer #1 \(imap\): /);
    expect(r.skipped?.[0]).toMatch(reason);
  });

  it('skips Exchange/EWS/OWA/Graph and other unsupported types (as in the Microsoft 365 entry)', () => {
    const ews = server('incomingServer', 'ews', '<username>%EMAILADDRESS</username><authentication>OAuth2</authentication><url>https://outlook.example.com/ews/exchange.asmx</url>');
    const exch = server('incomingServer', 'exchange', body('outlook.example.com', '443'));
    const jmap = server('outgoingServer', 'jmap', body('jmap.example.com', '443'));
    const r = parsed(doc(ews + exch + IMAP_OK + jmap + SMTP_OK));
    expect(r.incoming.map((s) => s.protocol)).toEqual(['imap']);
    expect(r.outgoing.map((s) => s.protocol)).toEqual(['smtp']);
    expect(r.skipped).toEqual([
      'incomingServer #1 (ews): unsupported type',
      'incomingServer #2 (exchange): unsupported type',
      'outgoingServer #1 (jmap): unsupported type',
    ]);
  });

  it('keeps the document when every section is bad, with empty lists', () => {
    const r = parsed(doc(server('incomingServer', 'imap', body('imap.example.com', '0'))));
    expect(r.incoming).toEqual([]);
    expect(r.outgoing).toEqual([]);
  });

  it('drops invalid domains from the domain list', () => {
    const r = parsed(doc(IMAP_OK).replace('<domain>Example.NET</domain>', '<domain>bad domain</domain><domain>example.com</domain>'));
    expect(r.domains).toEqual(['example.com']);
  });
});

describe('parseAutoconfigXml: hostile and broken documents are refused with a clear error', () => {
  it('refuses XXE (external entity in a DOCTYPE)', () => {
    const xml = doc(IMAP_OK, { head: '<?xml version="1.0"?>\n<!DOCTYPE clientConfig [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>' }).replace('Example Mail', '&xxe;');
    expect(refused(xml)).toMatch(/DOCTYPE.*refused/);
  });

  it('refuses billion laughs (nested entity expansion)', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`);
    const xml = doc(IMAP_OK, { head: `<?xml version="1.0"?>\n<!DOCTYPE lolz [${lol.join('\n')}]>` }).replace('Example Mail', '&lol9;');
    expect(refused(xml)).toMatch(/DTDs and entities are refused/);
  });

  it('refuses any DOCTYPE, even a harmless one, and in any letter case', () => {
    expect(refused(doc(IMAP_OK, { head: '<!DOCTYPE clientConfig SYSTEM "http://example.com/x.dtd">' }))).toMatch(/DOCTYPE/);
    expect(refused(doc(IMAP_OK, { head: '<!doctype clientConfig>' }))).toMatch(/DOCTYPE/);
  });

  it('refuses a stray ENTITY declaration', () => {
    expect(refused(doc(IMAP_OK, { extra: '<!ENTITY a "b">' }))).toMatch(/ENTITY/);
  });

  it.each([
    ['unclosed elements', '<clientConfig version="1.1"><emailProvider id="x">', /not well-formed XML \(line 1/],
    ['mismatched tags', '<clientConfig><emailProvider></clientConfig></emailProvider>', /not well-formed XML/],
    ['text that is not XML', 'this is not xml', /not well-formed XML|not an autoconfig/],
    ['empty document', '   ', /empty/],
    ['an HTML page', '<html><body>Not found</body></html>', /root element is not <clientConfig>/],
    ['no emailProvider', '<clientConfig version="1.1"></clientConfig>', /no <emailProvider>/],
  ])('%s', (_name, xml, message) => {
    expect(refused(xml)).toMatch(message);
  });

  it('refuses a document over the size cap (1 MB) before parsing it', () => {
    const padding = `<!--${'x'.repeat(MAX_AUTOCONFIG_BYTES)}-->`;
    expect(refused(doc(IMAP_OK, { extra: padding }))).toMatch(/larger than 1024 kB/);
  });

  it('refuses a 10 MB response quickly', () => {
    expect(refused('<'.repeat(10 * 1024 * 1024))).toMatch(/larger than/);
  });

  it('counts bytes, not characters, for the size cap', () => {
    const multibyte = `<!--${'é'.repeat(MAX_AUTOCONFIG_BYTES / 2 + 10)}-->`;
    expect(refused(doc(IMAP_OK, { extra: multibyte }))).toMatch(/larger than/);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(refused(`<clientConfig>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</clientConfig>`)).toMatch(/could not be read|nested/i);
  });
});
