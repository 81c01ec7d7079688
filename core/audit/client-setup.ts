// client.autoconfig: does discovery find the settings from something the domain (or its
// provider) published, or only by guessing? Runs the real discovery engine under the
// audit's connection gate. Also yields the submission and IMAP hosts to audit.
import type { AuditCheck } from '../../shared/audit.js';
import type { DiscoveryResult } from '../../shared/model.js';
import type { Deps } from '../deps.js';
import { createDiscoverHandler } from '../discover/handler.js';
import type { HandlerContext } from '../handlers.js';

export interface ClientSetup {
  check: AuditCheck;
  submissionHost?: string;
  imapHost?: string;
}

export function srvFix(domain: string, submissionHost: string, imapHost: string): string {
  return [
    `_submission._tcp.${domain}. 3600 IN SRV 0 1 587 ${submissionHost}.`,
    `_imaps._tcp.${domain}. 3600 IN SRV 0 1 993 ${imapHost}.`,
    `_imap._tcp.${domain}. 3600 IN SRV 0 0 0 .`,
  ].join('\n');
}

const SOURCE_WORDS: Record<string, string> = {
  'local-override': 'a local settings file', 'ispdb-bundled': 'the Thunderbird provider database', ispdb: 'the Thunderbird provider database',
  autoconfig: "the domain's autoconfig file", mx: "the MX host's mail provider", srv: "the domain's SRV records", autodiscover: 'Autodiscover', guess: 'guessing',
};

function pick(result: DiscoveryResult | undefined): { submissionHost?: string; imapHost?: string; source?: string } {
  const best = result?.configs[0];
  const imap = best?.incoming.find((s) => s.protocol === 'imap');
  const smtp = best?.outgoing[0];
  return { ...(smtp ? { submissionHost: smtp.host.toLowerCase() } : {}), ...(imap ? { imapHost: imap.host.toLowerCase() } : {}), ...(best ? { source: best.source } : {}) };
}

export async function checkClientSetup(domain: string, deps: Deps, opts: { resolver?: string; noGuess: boolean }, ctx: HandlerContext): Promise<ClientSetup> {
  const base = { id: 'client.autoconfig', title: 'Automatic setup in mail apps' };
  const reply = await createDiscoverHandler(deps)({ email: `postmaster@${domain}`, noGuess: opts.noGuess, ...(opts.resolver ? { resolver: opts.resolver } : {}) }, ctx);
  const result = reply.ok ? reply.value : undefined;
  const found = pick(result);
  const hosts = { ...(found.submissionHost ? { submissionHost: found.submissionHost } : {}), ...(found.imapHost ? { imapHost: found.imapHost } : {}) };
  const kit = `Publish the settings so every app configures itself: run \`mailsetup export postmaster@${domain} --format publish-kit --out ./publish\` and put the files where its README says; the SRV records:\n${srvFix(domain, found.submissionHost ?? `mail.${domain}`, found.imapHost ?? `mail.${domain}`)}`;
  if (!result || result.configs.length === 0) {
    const tried = result?.sources.map((s) => `${s.source}: ${s.status}`).join(', ') ?? (reply.ok ? '' : reply.error.message);
    return { check: { ...base, status: 'fail', detail: `No settings were found (${tried}).`, fix: kit }, ...hosts };
  }
  const best = result.configs[0];
  const where = `${found.imapHost ?? 'no IMAP host'} / ${found.submissionHost ?? 'no SMTP host'}`;
  if (best?.source === 'guess') {
    return { check: { ...base, status: 'warn', detail: `Only guessing found the settings (${where}); nothing the domain publishes describes them.`, fix: kit }, ...hosts };
  }
  const from = best ? (SOURCE_WORDS[best.source] ?? best.source) : '';
  return { check: { ...base, status: 'pass', detail: `Found from ${from} (IMAP / SMTP): ${where}.` }, ...hosts };
}
