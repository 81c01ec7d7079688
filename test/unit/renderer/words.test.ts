// The window's words: no command-line text, rounded durations, and the window wording
// of diagnosis fixes that the command line words as commands.
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_CODES, describeDiagnosis } from '../../../shared/diagnosis.js';
import { windowFix } from '../../../shared/diagnosis-window.js';
import { duration, plainError, plainMessage, plainOrNothing } from '../../../renderer/src/lib/words.js';
import { trustOf } from '../../../renderer/src/lib/trust.js';
import type { MailConfig } from '../../../shared/model.js';

const COMMAND_LINE = /`|(^|\s)--[a-z]|\bmailsetup\s+[a-z]|smtpd_/;

describe('the window’s words', () => {
  it('every diagnosis fix the window shows is free of command-line text', () => {
    for (const code of DIAGNOSIS_CODES) {
      const facts = { protocol: 'smtp' as const, host: 'mail.example.com', port: 587, fingerprint256: 'AA:BB', certNames: ['server1.example.net'], mechanisms: ['PLAIN'] };
      const shared = describeDiagnosis(code, facts);
      const shown = windowFix(code, facts) ?? plainOrNothing(shared.fix);
      if (shown !== undefined) expect(shown, code).not.toMatch(COMMAND_LINE);
    }
  });

  it('rewords exactly the fixes that name commands, and offers the other port for a timeout', () => {
    expect(windowFix('CERT_UNTRUSTED', { protocol: 'imap', port: 993 })).toContain('trust exactly this certificate');
    expect(windowFix('CONNECTION_TIMEOUT', { protocol: 'smtp', port: 587 })).toContain('Try port 465');
    expect(windowFix('AUTH_FAILED', { protocol: 'smtp', port: 587 })).toBeUndefined();
  });

  it('drops raw codes in parentheses from messages, and whole fixes with command-line syntax', () => {
    expect(plainMessage('The certificate is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). No password was sent.')).toBe('The certificate is not trusted. No password was sent.');
    expect(plainOrNothing('Pipe it in with --password-stdin.')).toBeUndefined();
    expect(plainError({ code: 'ACCOUNT_NOT_FOUND', message: 'No saved account for a@b.c.', fix: 'Save it first with `mailsetup save a@b.c --password-stdin`.' }).fix).not.toMatch(COMMAND_LINE);
  });

  it('rounds durations', () => {
    expect(duration(5996.891256999996)).toBe('6.0 s');
    expect(duration(12.3)).toBe('10 ms');
    expect(duration(42_400)).toBe('42 s');
  });
});

describe('trust in proportion', () => {
  const config = (source: MailConfig['source'], secure: boolean, host: string): MailConfig => ({
    source,
    url: 'dns:_imaps._tcp.example.com',
    secure,
    incoming: [{ protocol: 'imap', host, port: 993, security: 'tls', username: 'u', auth: [] }],
    outgoing: [{ protocol: 'smtp', host, port: 465, security: 'tls', username: 'u', auth: [] }],
  });
  const facts = new Map([
    ['example.com', { host: 'example.com', unicode: 'example.com', registrable: 'example.com' }],
    ['mail.example.com', { host: 'mail.example.com', unicode: 'mail.example.com', registrable: 'example.com' }],
    ['mx.hoster.net', { host: 'mx.hoster.net', unicode: 'mx.hoster.net', registrable: 'hoster.net' }],
  ]);

  it('an authenticated source needs nothing; unsigned SRV for the own domain is a calm note', () => {
    expect(trustOf(config('srv', true, 'mx.hoster.net'), 'example.com', facts).kind).toBe('secure');
    expect(trustOf(config('srv', false, 'mail.example.com'), 'example.com', facts).kind).toBe('calm');
  });

  it('servers of another domain without proof need an explicit choice naming both domains', () => {
    expect(trustOf(config('autodiscover', false, 'mx.hoster.net'), 'example.com', facts)).toEqual({ kind: 'confirm', serverDomains: ['hoster.net'], ownDomain: 'example.com' });
    // Without the engine's facts the check falls back to the name itself, never to "own".
    expect(trustOf(config('guess', false, 'mx.hoster.net'), 'example.com', null).kind).toBe('confirm');
  });
});
