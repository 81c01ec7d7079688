// Export files that are constants of the code (the Thunderbird merge scripts): their
// reference is the module itself, not a golden copy; they are checked by running them
// (test/unit/profiles/thunderbird-prefs.test.ts, test/integration/profiles/thunderbird.test.ts).
import { MERGE_PS1 } from '../../../core/profiles/formats/thunderbird-merge-ps1.js';
import { MERGE_SH } from '../../../core/profiles/formats/thunderbird-merge-sh.js';

const CONSTANT_FILES: Record<string, Record<string, string>> = {
  'thunderbird-prefs': { 'add-to-thunderbird.sh': MERGE_SH, 'add-to-thunderbird.ps1': MERGE_PS1 },
};

/** The expected bytes of a constant export file, or undefined when it has a golden file. */
export function constantFile(format: string, name: string): Buffer | undefined {
  const text = CONSTANT_FILES[format]?.[name];
  return text === undefined ? undefined : Buffer.from(text, 'utf8');
}
