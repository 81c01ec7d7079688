// cpanelExportAll: every mailbox of every connection (or one connection / one domain)
// exported in one format, plus each person's helpdesk sheet and an index.html that
// links them. Settings come from Email::get_client_settings; no password is read.
import type { Account } from '../../shared/accounts.js';
import type { CpanelExportAllResult, CpanelExportedFile } from '../../shared/cpanel.js';
import { fail, ok } from '../../shared/errors.js';
import { MULTI_FILE_FORMATS, type ExportFile, type ExportFormat } from '../../shared/profiles.js';
import type { Deps } from '../deps.js';
import type { Handler } from '../handler-types.js';
import { exportAccount } from '../profiles/export-account.js';
import { defaultPlatform } from '../profiles/keychain-command.js';
import { clientConfigFor } from './add-mailbox.js';
import { listMailboxes } from './connection-handlers.js';
import { pickConnection, readConnections } from './connection-store.js';
import { indexHtml } from './index-html.js';
import { openSession } from './session.js';

/** A file system-safe stem from an address. */
export function addressStem(email: string): string {
  return email.replace(/[^A-Za-z0-9@._+-]/g, '_');
}

/** The exporter's file renamed after the address: "config-v1.1.xml" → "jane@example.com.xml". */
function renamed(stem: string, format: ExportFormat, file: ExportFile): string {
  if (MULTI_FILE_FORMATS.includes(format)) return `${stem}/${file.name}`;
  const base = file.name.split('/').pop() as string;
  const dot = base.lastIndexOf('.');
  return `${stem}.${dot > 0 ? base.slice(dot + 1) : base}`;
}

function accountFrom(email: string, incoming: Account['incoming'], outgoing: Account['outgoing']): Account {
  const epoch = new Date(0).toISOString();
  return { email, incoming, outgoing, separateSmtpPassword: false, source: 'cpanel', createdAt: epoch, updatedAt: epoch };
}

export function createExportAllHandler(deps: Deps): Handler<'cpanelExportAll'> {
  return async (params, ctx) => {
    const all = await readConnections(deps.configDir);
    if (!all.ok) return all;
    let connections = all.value;
    if (params.connection !== undefined) {
      const picked = pickConnection(all.value, params.connection);
      if (!picked.ok) return picked;
      connections = [picked.value];
    }
    const domain = params.domain?.toLowerCase();
    if (domain !== undefined) connections = connections.filter((c) => c.domains.includes(domain));
    if (connections.length === 0) {
      return fail('CPANEL_NOT_CONNECTED', domain ? `No cPanel connection manages ${domain}.` : 'There is no cPanel connection yet.', {
        fix: 'Connect first: mailsetup cpanel connect https://HOST --user USER --token-stdin',
      });
    }
    const files: CpanelExportedFile[] = [];
    const warnings: string[] = [];
    const entries: { email: string; profile: string[]; sheet?: string }[] = [];
    const options = { platform: defaultPlatform(), client: 'apple' as const };
    for (const connection of connections) {
      const session = await openSession(deps, connection);
      if (!session.ok) return session;
      const boxes = await listMailboxes(session.value, domain, ctx.signal);
      if (!boxes.ok) return boxes;
      for (const box of boxes.value) {
        const config = await clientConfigFor(session.value, box.email, ctx.signal);
        if (!config.ok) return fail(config.error.code, `Settings of ${box.email}: ${config.error.message}`, config.error);
        const incoming = config.value.incoming.find((s) => s.protocol === 'imap') ?? config.value.incoming[0];
        const outgoing = config.value.outgoing[0];
        if (!incoming || !outgoing) return fail('CPANEL_API_ERROR', `cPanel gave no server settings for ${box.email}.`);
        const account = accountFrom(box.email, incoming, outgoing);
        const stem = addressStem(box.email);
        const entry: (typeof entries)[number] = { email: box.email, profile: [] };
        const main = await exportAccount(account, params.format, options);
        if (!main.ok) return fail(main.error.code, `${box.email}: ${main.error.message}`, main.error);
        warnings.push(...main.value.warnings.map((w) => `${box.email}: ${w}`));
        for (const f of main.value.files) {
          const name = params.format === 'helpdesk-sheet' ? `${stem}.html` : renamed(stem, params.format, f);
          files.push({ ...f, name, email: box.email, kind: params.format === 'helpdesk-sheet' ? 'helpdesk-sheet' : 'profile' });
          entry.profile.push(name);
        }
        if (params.format !== 'helpdesk-sheet') {
          const sheet = await exportAccount(account, 'helpdesk-sheet', options);
          if (!sheet.ok) return fail(sheet.error.code, `${box.email}: ${sheet.error.message}`, sheet.error);
          const name = `${stem}.helpdesk.html`;
          files.push({ ...(sheet.value.files[0] as ExportFile), name, email: box.email, kind: 'helpdesk-sheet' });
          entry.sheet = name;
        }
        entries.push(entry);
      }
    }
    files.push({ name: 'index.html', mediaType: 'text/html', encoding: 'utf8', content: indexHtml(params.format, entries), kind: 'index' });
    const result: CpanelExportAllResult = { files, warnings };
    return ok(result);
  };
}

