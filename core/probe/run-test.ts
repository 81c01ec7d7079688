// Orchestration: SMTP and IMAP tested at the same time, one report.
import type { ServerSpec, ServerTestReport, TestReport } from '../../shared/probe.js';
import type { ProbeContext } from './context.js';
import { testImap } from './imap-test.js';
import { testSmtp } from './smtp-test.js';

export interface RunInput {
  email: string;
  username: string;
  imap: ServerSpec;
  smtp: ServerSpec;
  imapPassword: string;
  smtpPassword: string;
  /** Run one protocol after the other (the benchmark's baseline); default concurrent. */
  sequential?: boolean;
}

export async function runConnectionTest(input: RunInput, ctx: ProbeContext): Promise<TestReport> {
  const smtp = (): Promise<ServerTestReport> =>
    testSmtp({ spec: input.smtp, email: input.email, username: input.username, password: input.smtpPassword }, ctx);
  const imap = (): Promise<ServerTestReport> =>
    testImap({ spec: input.imap, email: input.email, username: input.username, password: input.imapPassword }, ctx);
  const servers = input.sequential ? [await smtp(), await imap()] : await Promise.all([smtp(), imap()]);
  const ok = servers.every((s) => s.ok);
  return { email: input.email, ok, summary: summarize(servers), servers };
}

export function summarize(servers: ServerTestReport[]): string {
  return servers
    .map((s) => {
      const label = `${s.protocol.toUpperCase()} ${s.host}:${s.port}`;
      if (s.ok) return `${label} ok`;
      const first = s.diagnosis.find((d) => d.severity === 'error');
      return `${label} failed${first ? ` (${first.code})` : ''}`;
    })
    .join('; ');
}
