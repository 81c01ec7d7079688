// `mailsetup hosts`: the window's host facts through the command line, against the
// stack's real DNS server (a name that resolves, one that does not, an IDN).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ensureBuilt, REPO } from '../../e2e/helpers/built-cli.js';

const stack = inject('mailstack');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin/mailsetup.js'), ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe.runIf(stack)('mailsetup hosts', () => {
  it('says which names resolve, through the given DNS server; exit 1 when one does not', async () => {
    ensureBuilt();
    const res = await cli(['hosts', 'mail.example.test', 'nosuch.example.test', '--resolve', '--resolver', stack!.dns, '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout) as { hosts: { host: string; resolves?: boolean }[] };
    expect(out.hosts.map((h) => [h.host, h.resolves])).toEqual([
      ['mail.example.test', true],
      ['nosuch.example.test', false],
    ]);
  });

  it('shows an IDN in Unicode and the registrable domain, without any lookup', async () => {
    ensureBuilt();
    const res = await cli(['hosts', 'mail.xn--bcher-kva.co.uk']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('mail.xn--bcher-kva.co.uk (mail.bücher.co.uk)');
    expect(res.stdout).toContain('run by bücher.co.uk');
  });

  it('refuses more than ten names with a usage error', async () => {
    const res = await cli(['hosts', ...Array.from({ length: 11 }, (_, i) => `h${i}.example.test`)]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/at most 10 names/);
  });
});
