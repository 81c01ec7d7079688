// index.html of an export-all folder: one row per mailbox linking its profile and its
// helpdesk sheet. Static, escaped, no scripts and no remote content.
import { EXPORT_FORMAT_SUMMARIES, type ExportFormat } from '../../shared/profiles.js';
import { htmlEscape } from '../profiles/escape.js';

export interface IndexEntry {
  email: string;
  /** Relative paths of the mailbox's profile file(s). */
  profile: string[];
  sheet?: string;
}

const link = (href: string, label: string): string => `<a href="${htmlEscape(encodeURI(href))}">${htmlEscape(label)}</a>`;

export function indexHtml(format: ExportFormat, entries: readonly IndexEntry[]): string {
  const rows = entries
    .map((e) => {
      const profile = e.profile.map((p) => link(p, p.split('/').pop() as string)).join('<br>');
      const sheet = e.sheet ? link(e.sheet, 'Helpdesk sheet') : '';
      return `      <tr><th scope="row">${htmlEscape(e.email)}</th><td>${profile}</td><td>${sheet}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Mail set-up files</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }
  table { border-collapse: collapse; }
  th, td { text-align: left; padding: .4rem .8rem; border-bottom: 1px solid #ccc; vertical-align: top; }
</style>
</head>
<body>
  <h1>Mail set-up files</h1>
  <p>One row per mailbox: the ${htmlEscape(EXPORT_FORMAT_SUMMARIES[format].split(';')[0] as string)} file, and a printable sheet for the person. No file holds a password.</p>
  <table>
    <thead><tr><th scope="col">Mailbox</th><th scope="col">Profile</th><th scope="col">For the person</th></tr></thead>
    <tbody>
${rows}
    </tbody>
  </table>
</body>
</html>
`;
}
