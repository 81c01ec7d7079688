// The audit report in people's formats: the terminal report card, Markdown (for a ticket
// or chat), one self-contained printable HTML page, and the zone-file snippet of fixes.
// Plain TypeScript: the CLI and the window render the same text.
import { groupChecks, type AuditCheck, type AuditReport, type AuditStatus } from './audit.js';

export const STATUS_WORDS: Record<AuditStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', info: 'INFO', skipped: 'SKIP' };
const ANSI: Record<AuditStatus, string> = { pass: '\u001b[32m', warn: '\u001b[33m', fail: '\u001b[31m', info: '\u001b[36m', skipped: '\u001b[2m' };
const RESET = '\u001b[0m';
const BOLD = '\u001b[1m';

function where(c: AuditCheck): string {
  return c.port ? ` (port ${c.port})` : '';
}

export function summaryLine(r: AuditReport): string {
  const n = r.counts;
  return `${r.domain}: ${r.verdict.toUpperCase()} — ${n.pass} passed, ${n.warn} warnings, ${n.fail} failed, ${n.info} info, ${n.skipped} skipped (${(r.ms / 1000).toFixed(1)} s)`;
}

export function reportCard(r: AuditReport, colour: boolean): string {
  const paint = (s: AuditStatus, text: string): string => (colour ? `${ANSI[s]}${text}${RESET}` : text);
  const bold = (t: string): string => (colour ? `${BOLD}${t}${RESET}` : t);
  const lines: string[] = [bold(`Mail security audit of ${r.domain}`), ''];
  for (const g of groupChecks(r.checks)) {
    lines.push(bold(g.title));
    for (const c of g.checks) {
      lines.push(`  ${paint(c.status, STATUS_WORDS[c.status].padEnd(4))}  ${c.title}${where(c)}: ${c.detail}`);
      if (c.fix) for (const [i, l] of c.fix.split('\n').entries()) lines.push(`        ${i === 0 ? 'fix: ' : '     '}${l}`);
    }
    lines.push('');
  }
  lines.push(paint(r.verdict, summaryLine(r)));
  return `${lines.join('\n')}\n`;
}

export function reportMarkdown(r: AuditReport): string {
  const lines = [`# Mail security audit of ${r.domain}`, '', `**${r.verdict.toUpperCase()}** — ${r.counts.pass} passed, ${r.counts.warn} warnings, ${r.counts.fail} failed`, ''];
  for (const g of groupChecks(r.checks)) {
    lines.push(`## ${g.title}`, '');
    for (const c of g.checks) {
      lines.push(`- **${STATUS_WORDS[c.status]}** ${c.title}${where(c)}: ${c.detail.replace(/\n/g, ' ')}`);
      if (c.fix) lines.push('', '  ```', ...c.fix.split('\n').map((l) => `  ${l}`), '  ```', '');
    }
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One page, no external resources (inline CSS only), readable on paper. */
export function reportHtml(r: AuditReport): string {
  const rows = groupChecks(r.checks)
    .map((g) => {
      const items = g.checks
        .map((c) => `<li class="${c.status}"><span class="badge">${STATUS_WORDS[c.status]}</span> <strong>${esc(c.title)}${esc(where(c))}</strong><p>${esc(c.detail)}</p>${c.fix ? `<pre>${esc(c.fix)}</pre>` : ''}</li>`)
        .join('\n');
      return `<section><h2>${esc(g.title)}</h2><ul>\n${items}\n</ul></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mail security audit of ${esc(r.domain)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:1.5rem;border-bottom:1px solid #ccc}
ul{list-style:none;padding:0}li{margin:.5rem 0;padding:.4rem .6rem;border-left:4px solid #999;break-inside:avoid}
li p{margin:.2rem 0}pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:.4rem;margin:.3rem 0}
.badge{display:inline-block;min-width:3rem;font-weight:700}
.pass{border-color:#2e7d32}.pass .badge{color:#2e7d32}.warn{border-color:#b26a00}.warn .badge{color:#8a5300}
.fail{border-color:#c62828}.fail .badge{color:#c62828}.info{border-color:#1565c0}.info .badge{color:#1565c0}.skipped{color:#555}
.verdict{font-size:1.1rem;font-weight:700}
</style></head><body>
<h1>Mail security audit of ${esc(r.domain)}</h1>
<p class="verdict ${r.verdict}">${esc(summaryLine(r))}</p>
${rows}
</body></html>
`;
}

const RECORD = /^\S+\.\s+\d+\s+IN\s+(TXT|MX|SRV|CNAME|A|AAAA)\s/;

/** Only the DNS records among the fixes, as a zone-file snippet; other fix text becomes comments. */
export function fixZone(r: AuditReport): string {
  const out: string[] = [`; DNS records suggested by the mail security audit of ${r.domain}`];
  const seen = new Set<string>();
  for (const c of r.checks) {
    if (!c.fix || (c.status !== 'warn' && c.status !== 'fail')) continue;
    const lines = c.fix.split('\n').flatMap((l) => l.split(/(?<=: )(?=\S+\.\s+\d+\s+IN\s)/));
    const records = lines.map((l) => l.replace(/^.*?(?=\S+\.\s+\d+\s+IN\s)/, '')).filter((l) => RECORD.test(l) && !l.includes('<'));
    if (records.length === 0) continue;
    out.push('', `; ${c.id}: ${c.title}`);
    for (const rec of records) {
      if (seen.has(rec)) continue;
      seen.add(rec);
      out.push(rec);
    }
    if (c.id === 'dns.mta-sts') {
      const policy = c.fix.split('\n').filter((l) => !RECORD.test(l));
      out.push(...policy.map((l) => `; ${l}`));
    }
  }
  return `${out.join('\n')}\n`;
}
