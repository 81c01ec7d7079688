// A user-editable autoconfig file, <configDir>/isp/<domain>.xml, that beats every other
// source (for a provider the ISPDB gets wrong, or a private server). Same safe parser.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParsedEmail } from '../../../shared/email.js';
import { fail, ok, type Result } from '../../../shared/errors.js';
import { MAX_AUTOCONFIG_BYTES, parseAutoconfigXml, type ParsedAutoconfig } from '../autoconfig-xml.js';

export function localOverridePath(configDir: string, domain: string): string {
  return join(configDir, 'isp', `${domain}.xml`);
}

export async function lookupLocalOverride(configDir: string, email: ParsedEmail): Promise<Result<ParsedAutoconfig | null>> {
  // ParsedEmail.domain is already validated ASCII; re-check so no path can ever escape isp/.
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(email.domain)) {
    return fail('BAD_INPUT', `"${email.domain}" is not a plain ASCII domain; no local override looked up.`);
  }
  const file = localOverridePath(configDir, email.domain);
  let xml: string;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_AUTOCONFIG_BYTES) {
        return fail('BAD_INPUT', `Local override ${file} is larger than ${MAX_AUTOCONFIG_BYTES / 1024} kB.`, {
          fix: 'Shorten or delete that file.',
        });
      }
      xml = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return ok(null);
    return fail('STORAGE_ERROR', `Local override ${file} could not be read: ${e instanceof Error ? e.message : String(e)}`, {
      fix: 'Check the file permissions, or delete the file.',
    });
  }
  const parsed = parseAutoconfigXml(xml, email);
  if (!parsed.ok) {
    return fail('BAD_INPUT', `Local override ${file} is broken: ${parsed.error.message}`, {
      fix: 'Correct the file (config-v1.1.xml format) or delete it.',
    });
  }
  return parsed;
}
