// Generated mailbox passwords: a CSPRNG (crypto.randomInt) and cPanel's 0-100 strength
// scale (cpanel-uapi.md §5), so the password meets PasswdStrength::get_required_strength.
import { randomInt } from 'node:crypto';

const SYMBOLS_22 = '!$%&()*+,-./:<=>?`{|}~';
const SYMBOLS_4 = '"#\';';

/** cPanel's strength rating of a password (cracklib and the bad-password list not modelled). */
export function passwordStrength(password: string): number {
  const chars = [...password];
  if (chars.length === 0) return 0;
  if (chars.length < 4) return 1;
  let digits = false, lowHex = false, lowRest = false, upHex = false, upRest = false, sym22 = false, sym4 = false, space = false, other = false;
  let different = 0;
  let pattern = 0;
  let previous: number | undefined;
  for (const c of chars) {
    const code = c.codePointAt(0) as number;
    if (previous !== undefined && Math.abs(code - previous) <= 1) pattern++;
    else different++;
    previous = code;
    if (c >= '0' && c <= '9') digits = true;
    else if (c >= 'a' && c <= 'f') lowHex = true;
    else if (c >= 'g' && c <= 'z') lowRest = true;
    else if (c >= 'A' && c <= 'F') upHex = true;
    else if (c >= 'G' && c <= 'Z') upRest = true;
    else if (SYMBOLS_22.includes(c)) sym22 = true;
    else if (SYMBOLS_4.includes(c)) sym4 = true;
    else if (c === ' ') space = true;
    else other = true;
  }
  const pool = other ? 89 : (digits ? 10 : 0) + (lowRest ? 26 : lowHex ? 6 : 0) + (upRest ? 26 : upHex ? 6 : 0) + (sym22 ? 22 : 0) + (sym4 ? 4 : 0) + (space ? 1 : 0);
  const entropy = different * Math.log2(pool) + pattern * Math.log2(3);
  return entropy > 70 ? 100 : Math.floor((100 * entropy) / 70);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * At least 16 characters of mixed case and digits, no character equal or adjacent to
 * the one before (which cPanel counts as a pattern), lengthened until it rates at
 * least `required`.
 */
export function generatePassword(required: number, minLength = 20): string {
  for (let length = Math.max(16, minLength); ; length += 4) {
    const out: string[] = [];
    while (out.length < length) {
      const c = ALPHABET[randomInt(ALPHABET.length)] as string;
      const prev = out[out.length - 1];
      if (prev !== undefined && Math.abs(c.charCodeAt(0) - prev.charCodeAt(0)) <= 1) continue;
      out.push(c);
    }
    const password = out.join('');
    const classes = [/[A-Z]/, /[a-z]/, /[0-9]/].every((r) => r.test(password));
    if (classes && passwordStrength(password) >= Math.min(100, required)) return password;
  }
}
