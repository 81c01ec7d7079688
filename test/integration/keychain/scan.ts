// Looks for secrets in every regular file under some folders: the raw UTF-8 bytes and
// their base64 (as an AUTH PLAIN line would carry them).
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface SecretHit {
  file: string;
  secret: string;
}

const MAX_FILE = 20 * 1024 * 1024;

export function needlesFor(secrets: string[]): Array<{ secret: string; bytes: Buffer }> {
  return secrets.flatMap((s) => [
    { secret: s, bytes: Buffer.from(s, 'utf8') },
    { secret: s, bytes: Buffer.from(Buffer.from(s, 'utf8').toString('base64'), 'utf8') },
  ]);
}

export function scanForSecrets(roots: string[], secrets: string[], skip: (p: string) => boolean = () => false): { hits: SecretHit[]; files: number } {
  const needles = needlesFor(secrets);
  const hits: SecretHit[] = [];
  let files = 0;
  const walk = (p: string): void => {
    if (skip(p)) return;
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return; // vanished (other suites clean up meanwhile)
    }
    if (st.isDirectory()) {
      let names: string[] = [];
      try {
        names = readdirSync(p);
      } catch {
        return;
      }
      for (const n of names) walk(path.join(p, n));
    } else if (st.isFile() && st.size <= MAX_FILE) {
      let data: Buffer;
      try {
        data = readFileSync(p);
      } catch {
        return;
      }
      files++;
      for (const n of needles) if (data.includes(n.bytes)) hits.push({ file: p, secret: n.secret });
    }
  };
  for (const r of roots) walk(r);
  return { hits, files };
}
