// Keeps credentials out of transcripts and reports: the secret itself, its quoted
// IMAP form, every base64 form of it, and the payloads of AUTH / LOGIN commands.

const HIDDEN = '<redacted>';

/**
 * The base64 text a secret produces wherever it sits in a larger base64 payload
 * (AUTH PLAIN encodes "\0user\0pass"): one form per byte alignment, trimmed to the
 * characters that depend on the secret alone.
 */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = new Set<string>();
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const fullGroups = Math.floor((pad + bytes.length) / 3);
    const core = b64.slice(pad > 0 ? 4 : 0, fullGroups * 4);
    if (core.length >= 4) forms.add(core);
  }
  forms.add(bytes.toString('base64'));
  return [...forms];
}

/** How a secret can look on the wire or in a log: raw, IMAP-quoted, JSON-escaped, base64. */
export function secretForms(secret: string): string[] {
  if (secret.length === 0) return [];
  const forms = new Set<string>([secret, secret.replace(/["\\]/g, (c) => `\\${c}`), JSON.stringify(secret).slice(1, -1)]);
  for (const f of base64Forms(secret)) forms.add(f);
  return [...forms].filter((f) => f.length > 0);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Redactor {
  /** One line of a transcript or an error text, with credentials hidden. */
  text(s: string): string;
}

export function createRedactor(secrets: ReadonlyArray<string | undefined>): Redactor {
  const forms = secrets
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .flatMap(secretForms)
    .sort((a, b) => b.length - a.length);
  const pattern = forms.length > 0 ? new RegExp(forms.map(escapeRegExp).join('|'), 'g') : null;
  return {
    text(s: string): string {
      let out = s
        // SMTP: AUTH PLAIN <base64>, AUTH LOGIN <base64>, AUTH XOAUTH2 <token>
        .replace(/^(C: *AUTH +[A-Z0-9_-]+ +)\S+/gim, `$1${HIDDEN}`)
        // IMAP: tag AUTHENTICATE MECH <base64> and tag LOGIN user password
        .replace(/^(C: *\S+ +AUTHENTICATE +[A-Z0-9_-]+ +)\S+/gim, `$1${HIDDEN}`)
        .replace(/^(C: *\S+ +LOGIN +("(?:[^"\\]|\\.)*"|\{\d+\+?\}|\S+) +).+$/gim, `$1${HIDDEN}`);
      if (pattern) out = out.replace(pattern, HIDDEN);
      return out;
    },
  };
}

export interface TranscriptLine {
  /** ms since the server test started */
  t: number;
  dir: 'C' | 'S' | '*';
  text: string;
}

/**
 * A protocol transcript. Client lines that answer a server challenge (SMTP 334, IMAP
 * "+") are SASL responses and are hidden whatever they contain.
 */
export class Transcript {
  readonly lines: TranscriptLine[] = [];
  /** Client turns: a command (or a pipelined batch) sent after the server last spoke. */
  turns = 0;
  private challengePending = false;
  private lastWire: 'C' | 'S' | undefined;

  constructor(
    private readonly redactor: Redactor,
    private readonly now: () => number,
  ) {}

  client(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      const hidden = this.challengePending && !/^\/\*/.test(line);
      this.push('C', hidden ? HIDDEN : line);
    }
    this.challengePending = false;
  }

  server(text: string): void {
    const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
    for (const line of lines) this.push('S', line);
    const last = lines[lines.length - 1] ?? '';
    this.challengePending = /^334[ -]/.test(last) || /^\+( |$)/.test(last);
  }

  note(text: string): void {
    this.push('*', text);
  }

  private push(dir: TranscriptLine['dir'], text: string): void {
    if (dir === 'C' && this.lastWire !== 'C') this.turns++;
    if (dir !== '*') this.lastWire = dir;
    this.lines.push({ t: Math.round(this.now()), dir, text: this.redactor.text(`${dir}: ${text}`).slice(3) });
  }

  /** "C: EHLO …" strings for the report. */
  render(): string[] {
    return this.lines.map((l) => `${l.dir}: ${l.text}`);
  }
}
