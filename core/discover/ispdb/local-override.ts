// A user-editable autoconfig file, <configDir>/isp/<domain>.xml, that beats every other
// source (for a provider the ISPDB gets wrong, or a private server). Same safe parser.
import { join } from 'node:path';
import type { ParsedEmail } from '../../../shared/email.js';
import { fail, ok, type Result } from '../../../shared/errors.js';
import { readBoundedFile } from '../../fs/read-bounded.js';
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
  const read = await readBoundedFile(file, MAX_AUTOCONFIG_BYTES);
  if (!read.ok) {
    if (read.reason === 'missing') return ok(null);
    if (read.reason === 'too-large') return fail('BAD_INPUT', `Local override ${file} cannot be used: ${read.detail}.`, { fix: 'Shorten or delete that file.' });
    return fail('STORAGE_ERROR', `Local override ${file} could not be read: ${read.detail}.`, { fix: 'Check the file and its permissions, or delete it.' });
  }
  const xml = read.bytes.toString('utf8');
  const parsed = parseAutoconfigXml(xml, email);
  if (!parsed.ok) {
    return fail('BAD_INPUT', `Local override ${file} is broken: ${parsed.error.message}`, {
      fix: 'Correct the file (config-v1.1.xml format) or delete it.',
    });
  }
  return parsed;
}
