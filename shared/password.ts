// The one rule for a password, whatever door it came through (stdin, the window, a
// test or a save): it is kept and sent exactly as typed, so it must be text that can
// be: no line break or NUL (IMAP and SMTP AUTH cannot carry them; a second line is
// usually a mistake), and no half of a UTF-16 pair (it has no UTF-8 form to store).

const LINE_BREAK_OR_NUL = /[\r\n\u0000]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why this password cannot be used as typed, or null when it can. */
export function passwordProblem(password: string): string | null {
  if (LINE_BREAK_OR_NUL.test(password)) return 'it contains a line break or a NUL character';
  if (LONE_SURROGATE.test(password)) return 'it contains a broken character (half of a UTF-16 pair)';
  return null;
}

