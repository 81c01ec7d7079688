// Source `cpanel`, ranked first: when a stored cPanel connection manages the address's
// domain, that connection's Email::get_client_settings is the authoritative answer
// (validated or explicitly pinned https, authenticated). Only the matching connection
// is asked; with none, nothing leaves the machine.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CPANEL_FILE } from '../../cpanel/file-name.js';
import type { Source } from '../source.js';

// The cPanel modules load only when a connection file exists.

export const cpanelSource: Source = {
  name: 'cpanel',
  priority: -1,
  mayBeSecure: true,
  timeoutMs: 6000,
  // With no connection file it answers in microtasks, so the bundled ISPDB still wins before any packet leaves.
  startsAtOnce: true,
  async run({ deps, email, signal }) {
    // Most people have no connection: one stat answers that without a thread-pool round trip.
    if (!existsSync(path.join(deps.configDir, CPANEL_FILE))) return { status: 'not-found', detail: 'no cPanel connection' };
    const [{ connectionForDomain, readConnections }, { openSession }, { clientConfigFor }] = await Promise.all([
      import('../../cpanel/connection-store.js'),
      import('../../cpanel/session.js'),
      import('../../cpanel/add-mailbox.js'),
    ]);
    const all = await readConnections(deps.configDir);
    if (!all.ok) return { status: 'invalid', detail: all.error.message };
    const connection = connectionForDomain(all.value, email.domain);
    if (!connection) return { status: 'not-found', detail: `no cPanel connection manages ${email.domain}` };
    const session = await openSession(deps, connection);
    if (!session.ok) return { status: 'error', detail: `cPanel connection ${connection.name}: ${session.error.message}` };
    const config = await clientConfigFor(session.value, email.email, signal);
    if (!config.ok) return { status: 'error', detail: `cPanel connection ${connection.name} (user ${connection.user}): ${config.error.message}` };
    return { status: 'found', config: config.value, detail: `cPanel connection ${connection.name} (user ${connection.user})` };
  },
};
