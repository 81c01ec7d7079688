// The test report for a helpdesk ticket: Markdown to paste, HTML to save. Both hold
// the settings, every step with its time, the diagnoses (codes included: this is for
// the helpdesk), certificates and the transcripts. The engine already redacted every
// credential in the transcripts; anything that still equals a known secret is masked.
import type { DiscoveryResult } from '../../../shared/model.js';
import type { ServerTestReport, TestReport } from '../../../shared/probe.js';
import { day, duration, SECURITY_WORDS, SOURCE_LABELS, STATUS_LABELS, when } from './words.js';

export interface ReportInput {
  report: TestReport;
  discovery?: DiscoveryResult;
  at: string;
  /** Secrets that must not appear (the typed password). */
  secrets: string[];
}

const PROTOCOL_WORDS = { imap: 'Incoming mail (IMAP)', pop3: 'Incoming mail (POP3)', smtp: 'Outgoing mail (SMTP)' } as const;

export function serverTitle(s: Pick<ServerTestReport, 'protocol' | 'host' | 'port' | 'security'>): string {
  return `${PROTOCOL_WORDS[s.protocol]}: ${s.host}, port ${s.port}, ${SECURITY_WORDS[s.security]}`;
}

function redact(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('********'), text);
}

function markdownServer(s: ServerTestReport): string[] {
  const lines = [`### ${serverTitle(s)} — ${s.ok ? 'works' : 'failed'}`, ''];
  for (const step of s.steps) lines.push(`- ${step.ok ? '✓' : '✗'} ${step.step} (${duration(step.ms)})${step.detail ? `: ${step.detail}` : ''}`);
  const cert = s.tls?.chain[0];
  if (s.tls) lines.push('', `TLS: ${s.tls.protocol ?? 'unknown'} ${s.tls.cipher ?? ''}; certificate ${s.tls.validated ? 'valid' : s.tls.trustedByFingerprint ? 'trusted by fingerprint' : 'not valid'}${s.tls.hostnameMatches ? '' : ', issued to another name'}`);
  if (cert) lines.push(`Certificate for ${cert.subjectAltNames.join(', ') || cert.subject}, issued by ${cert.issuer}, valid until ${day(cert.validTo)}; SHA-256 ${cert.fingerprint256}`);
  for (const d of s.diagnosis) lines.push('', `**${d.code}** (${d.severity}): ${d.message}${d.fix ? ` — ${d.fix}` : ''}`);
  if (s.transcript.length > 0) lines.push('', '```', ...s.transcript, '```');
  lines.push('');
  return lines;
}

export function reportMarkdown({ report, discovery, at, secrets }: ReportInput): string {
  const lines = [`## MailSetup test of ${report.email}`, '', `Tested ${when(at)}: ${report.ok ? 'everything works' : 'a problem was found'}. ${report.summary}`, ''];
  if (discovery) {
    lines.push('### Where the settings came from', '');
    for (const s of discovery.sources) lines.push(`- ${SOURCE_LABELS[s.source]}: ${STATUS_LABELS[s.status]} (${duration(s.ms)})${s.detail ? ` — ${s.detail}` : ''}`);
    lines.push('');
  }
  for (const s of report.servers) lines.push(...markdownServer(s));
  return redact(lines.join('\n'), secrets);
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A stand-alone HTML page of the same report (opened from the saved file, so its own styles). */
export function reportHtml(input: ReportInput): string {
  const md = reportMarkdown(input);
  const body = md
    .split('\n```\n')
    .map((part, i) => (i % 2 === 1 ? `<pre>${escape(part.replace(/\n?```$/, ''))}</pre>` : escape(part).replace(/^### (.*)$/gm, '<h3>$1</h3>').replace(/^## (.*)$/gm, '<h2>$1</h2>').replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\n/g, '<br>')))
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MailSetup test of ${escape(input.report.email)}</title><style>body{font-family:system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;line-height:1.45}pre{background:#f3f4f6;padding:.6rem;overflow:auto;white-space:pre-wrap}</style></head><body>${body}</body></html>\n`;
}
