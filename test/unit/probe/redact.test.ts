// Credentials never reach a transcript: raw, quoted, JSON-escaped, base64 at any alignment.
import { describe, expect, it } from 'vitest';
import { base64Forms, createRedactor, secretForms, Transcript } from '../../../core/probe/redact.js';

const PASS = `Grüße "zitat" 'élan' ß€ ok`;
const USER = 'bob@example.test';

describe('redaction', () => {
  const r = createRedactor([PASS]);

  it('hides the payload of SMTP AUTH lines whatever it is', () => {
    const plain = Buffer.from(`\0${USER}\0${PASS}`).toString('base64');
    expect(r.text(`C: AUTH PLAIN ${plain}`)).toBe('C: AUTH PLAIN <redacted>');
    expect(r.text('C: AUTH XOAUTH2 dXNlcj1ib2IBYXV0aD1CZWFyZXIgdG9rZW4BAQ==')).toBe('C: AUTH XOAUTH2 <redacted>');
    expect(r.text('C: AUTH LOGIN')).toBe('C: AUTH LOGIN');
  });

  it('hides IMAP LOGIN passwords (quoted, escaped, literal) and AUTHENTICATE payloads, keeps the user', () => {
    const quoted = `"${PASS.replace(/["\\]/g, (c) => `\\${c}`)}"`;
    expect(r.text(`C: a1 LOGIN "${USER}" ${quoted}`)).toBe(`C: a1 LOGIN "${USER}" <redacted>`);
    expect(r.text(`C: a1 LOGIN ${USER} {27}`)).toBe(`C: a1 LOGIN ${USER} <redacted>`);
    expect(r.text('C: 4 AUTHENTICATE PLAIN AGJvYkBleGFtcGxlLnRlc3QAc2VjcmV0')).toBe('C: 4 AUTHENTICATE PLAIN <redacted>');
  });

  it('finds the password and its base64 anywhere, at every byte alignment', () => {
    for (const prefix of ['', 'x', 'xy', 'xyz', '\0user\0']) {
      const b64 = Buffer.from(`${prefix}${PASS}`).toString('base64');
      expect(r.text(`S: 535 echo ${b64}`)).not.toContain(b64.slice(8, 24));
    }
    expect(r.text(`error: bad password ${PASS} given`)).toBe('error: bad password <redacted> given');
    expect(r.text(JSON.stringify({ p: PASS }))).not.toContain('zitat');
  });

  it('base64Forms: one of them is inside the base64 of any text containing the secret', () => {
    for (let pre = 0; pre < 6; pre++) {
      for (let post = 0; post < 4; post++) {
        const b64 = Buffer.concat([Buffer.alloc(pre, 7), Buffer.from(PASS), Buffer.alloc(post, 9)]).toString('base64');
        expect(base64Forms(PASS).some((f) => b64.includes(f))).toBe(true);
      }
    }
    expect(secretForms(PASS)).toContain(PASS);
    expect(secretForms('')).toEqual([]);
  });

  it('the transcript hides every client line that answers a SASL challenge (334 / +)', () => {
    const t = new Transcript(createRedactor([]), () => 0);
    t.client('AUTH LOGIN');
    t.server('334 VXNlcm5hbWU6');
    t.client(Buffer.from(USER).toString('base64'));
    t.server('334 UGFzc3dvcmQ6');
    t.client('c2VjcmV0LXdpdGhvdXQta25vd2luZy1pdA==');
    t.server('235 2.7.0 ok');
    t.client('2 AUTHENTICATE PLAIN');
    t.server('+ ');
    t.client('AGJvYgBzZWNyZXQ=');
    t.server('2 OK Logged in');
    t.client('QUIT');
    expect(t.render()).toEqual([
      'C: AUTH LOGIN', 'S: 334 VXNlcm5hbWU6', 'C: <redacted>', 'S: 334 UGFzc3dvcmQ6', 'C: <redacted>', 'S: 235 2.7.0 ok',
      'C: 2 AUTHENTICATE PLAIN', 'S: + ', 'C: <redacted>', 'S: 2 OK Logged in', 'C: QUIT',
    ]);
    // each command after the server spoke is one round trip
    expect(t.turns).toBe(6);
  });

  it('counts a pipelined batch as one round trip', () => {
    const t = new Transcript(createRedactor([]), () => 0);
    t.client('MAIL FROM:<a@b.test>');
    t.client('RCPT TO:<c@d.test>');
    t.client('RSET');
    t.server('250 ok');
    t.server('554 relay denied');
    t.server('250 ok');
    expect(t.turns).toBe(1);
  });
});
