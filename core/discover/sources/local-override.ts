// Source 0: the user's own file, <configDir>/isp/<domain>.xml; beats everything.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lookupLocalOverride, localOverridePath } from '../ispdb/local-override.js';
import { toConfig, usableAutoconfig } from '../autoconfig-fetch.js';
import type { Source } from '../source.js';

export const localOverrideSource: Source = {
  name: 'local-override',
  priority: 0,
  mayBeSecure: true,
  timeoutMs: 2000,
  async run({ deps, email }) {
    const file = localOverridePath(deps.configDir, email.domain);
    // Almost nobody has one: a single stat answers that without a thread-pool round trip,
    // so the bundled ISPDB (which waits for this source) answers at once.
    if (!existsSync(file)) return { status: 'not-found', detail: `no file ${file}` };
    const found = await lookupLocalOverride(deps.configDir, email);
    if (!found.ok) return { status: 'invalid', detail: `${file}: ${found.error.message}` };
    if (found.value === null) return { status: 'not-found', detail: `no file ${file}` };
    const usable = usableAutoconfig(found.value, file);
    if (!usable.ok) return { status: usable.status, detail: usable.detail };
    // The user put it there: as trusted as anything can be.
    return { status: 'found', config: toConfig('local-override', pathToFileURL(file).href, true, usable.value) };
  },
};
