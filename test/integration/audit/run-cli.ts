// Runs the BUILT `mailsetup` as a user would (never blocking this process: the suite's
// own DNS server lives in it), with the test CA trusted and a private settings folder.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditCheck, AuditReport } from '../../../shared/audit.js';

export const REPO = path.resolve(import.meta.dirname, '..', '..', '..');
const BIN = path.join(REPO, 'bin', 'mailsetup.js');
const configDir = mkdtempSync(path.join(tmpdir(), 'mailsetup-audit-cfg-'));

export function buildEngine(): void {
  try {
    execFileSync('npm', ['run', 'build:engine'], { cwd: REPO, stdio: 'ignore' });
  } catch {
    // tsc emits even when another module has a type error; the runs below tell.
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], caFile: string): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, MAILSETUP_CONFIG_DIR: configDir, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<CliRun>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export function cli(args: string[], caFile: string): Promise<CliRun> {
  return startCli(args, caFile).done;
}

export async function auditJson(domain: string, resolver: string, caFile: string, extra: string[] = []): Promise<{ code: number | null; report: AuditReport }> {
  const r = await cli(['audit', domain, '--json', '--resolver', resolver, '--timeout', '4000', ...extra], caFile);
  try {
    return { code: r.code, report: JSON.parse(r.stdout) as AuditReport };
  } catch {
    throw new Error(`audit ${domain} printed no JSON (exit ${r.code}): ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 1000)}`);
  }
}

/** The one check with this id (and host, when given); fails loudly when absent or repeated. */
export function check(report: AuditReport, id: string, host?: string): AuditCheck {
  const found = report.checks.filter((c) => c.id === id && (host === undefined || c.host === host));
  if (found.length !== 1) throw new Error(`${report.domain}: expected one ${id}${host ? ` for ${host}` : ''}, found ${found.length}: ${report.checks.map((c) => `${c.id}=${c.status}`).join(' ')}`);
  return found[0] as AuditCheck;
}
