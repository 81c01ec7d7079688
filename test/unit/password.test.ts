// One password rule for every door: the request schemas (window, CLI) and stdin.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPasswordsFromStdin } from '../../cli/passwords.js';
import { schemas } from '../../shared/schemas.js';

const stdin = (bytes: Buffer | string): NodeJS.ReadableStream => Readable.from([typeof bytes === 'string' ? Buffer.from(bytes) : bytes]);

describe('the password rule', () => {
  it('the schemas of test, save and export refuse line breaks, NUL and broken characters', () => {
    for (const password of ['a\nb', 'a\r', 'a\0b', 'x\uD800y']) {
      expect(schemas.test.safeParse({ email: 'a@example.com', password }).success, JSON.stringify(password)).toBe(false);
      expect(schemas.save.safeParse({ email: 'a@example.com', password }).success).toBe(false);
      expect(schemas.export.safeParse({ email: 'a@example.com', format: 'apple', password }).success).toBe(false);
    }
    expect(schemas.test.safeParse({ email: 'a@example.com', password: 'Pässwörd 😀 "q"' }).success).toBe(true);
  });

  it('stdin: UTF-8 is kept exactly; anything else is refused, never replaced', async () => {
    expect(await readPasswordsFromStdin({}, stdin('Pässwörd 😀\n'))).toEqual({ password: 'Pässwörd 😀' });
    await expect(readPasswordsFromStdin({}, stdin(Buffer.from([0x63, 0x61, 0x66, 0xe9])))).rejects.toThrow(/not valid UTF-8/);
    await expect(readPasswordsFromStdin({}, stdin('one\ntwo'))).rejects.toThrow(/line break/);
    expect(await readPasswordsFromStdin({ smtpLine: true }, stdin('one\ntwo\n'))).toEqual({ password: 'one', smtpPassword: 'two' });
  });

  it('login names must not be empty or hold invisible characters', () => {
    for (const username of ['', ' jane', 'ja\u202Ene', 'ja\u200Dne']) {
      expect(schemas.save.safeParse({ email: 'a@example.com', password: 'p', username }).success, JSON.stringify(username)).toBe(false);
    }
    expect(schemas.save.safeParse({ email: 'a@example.com', password: 'p', username: 'jdoe' }).success).toBe(true);
  });
});
