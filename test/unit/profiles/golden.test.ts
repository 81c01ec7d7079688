// Golden files: the reference account exported in every format must match the files
// in test/fixtures/profiles/<format>/ byte for byte. UPDATE_GOLDEN=1 rewrites them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportAccount } from '../../../core/profiles/export-account.js';
import { EXPORT_FORMATS } from '../../../shared/profiles.js';
import { constantFile } from './constant-files.js';
import { referenceAccount } from './reference-account.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/profiles/', import.meta.url));
export const GOLDEN_OPTIONS = { platform: 'linux', client: 'apple', profileUrl: 'https://example.com/mail/jane.mobileconfig' } as const;

describe('golden files of the reference account', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format} matches its golden file(s)`, async () => {
      const result = await exportAccount(referenceAccount, format, { ...GOLDEN_OPTIONS });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      for (const file of result.value.files) {
        const path = join(FIXTURES, format, file.name);
        const bytes = Buffer.from(file.content, file.encoding);
        const constant = constantFile(format, file.name);
        if (constant) {
          expect(bytes.equals(constant)).toBe(true);
          continue;
        }
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
          if (process.env.CI === 'true') throw new Error(`golden file missing in CI: ${path}`);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, bytes);
        }
        expect(bytes.equals(readFileSync(path)), `${format}/${file.name} differs from its golden file`).toBe(true);
      }
    });
  }
});
