// Builds the bundled ISPDB from a folder of Thunderbird ISPDB provider files.
//   npx tsx core/discover/ispdb/generate.ts [SOURCE_DIR] [--out DIR]
// SOURCE_DIR defaults to ../shared/data/ispdb beside the repository. Writes
// data/ispdb.generated.json, data/LICENSE and data/ORIGIN.md next to this file (or DIR), and
// prints what it kept and what it skipped. Every file goes through the same safe parser
// the network sources use, so a bad entry is dropped here and again on load.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAutoconfigTemplate } from '../autoconfig-xml.js';
import { fail, ok, type Result } from '../../../shared/errors.js';
import { BUNDLED_ISPDB_FORMAT, serializeBundledIspdb, type BundledIspdbData, type BundledProvider } from './format.js';

export interface GenerationReport {
  files: number;
  providers: number;
  domains: number;
  servers: number;
  /** "file: reason" for every section, domain or file left out. */
  skipped: string[];
}

export const UPSTREAM_REPOSITORY = 'https://github.com/thunderbird/autoconfig';

export function generateBundledIspdb(sourceDir: string): Result<{ data: BundledIspdbData; report: GenerationReport }> {
  if (!existsSync(sourceDir)) return fail('NOT_FOUND', `ISPDB source folder ${sourceDir} does not exist.`);
  const files = readdirSync(sourceDir).filter((f) => f.endsWith('.xml')).sort();
  const skipped: string[] = [];
  const providers: BundledProvider[] = [];
  const owner = new Map<string, string>();
  let servers = 0;

  for (const file of files) {
    const parsed = parseAutoconfigTemplate(readFileSync(join(sourceDir, file), 'utf8'));
    if (!parsed.ok) {
      skipped.push(`${file}: ${parsed.error.message}`);
      continue;
    }
    const t = parsed.value;
    skipped.push(...t.skipped.map((s) => `${file}: ${s}`));
    // A domain claimed by two files goes to the first one (file-name order), as a lookup can give only one answer.
    const domains = t.domains.filter((d) => {
      const prev = owner.get(d);
      if (prev !== undefined) skipped.push(`${file}: domain ${d} already served by ${prev}`);
      return prev === undefined;
    });
    if (domains.length === 0 || (t.incoming.length === 0 && t.outgoing.length === 0)) {
      skipped.push(`${file}: nothing usable (no domains or no supported servers)`);
      continue;
    }
    for (const d of domains) owner.set(d, file);
    const provider: BundledProvider = {
      file,
      ...(t.providerId !== undefined && { id: t.providerId }),
      ...(t.displayName !== undefined && { displayName: t.displayName }),
      domains,
      incoming: t.incoming,
      outgoing: t.outgoing,
    };
    providers.push(provider);
    servers += t.incoming.length + t.outgoing.length;
  }

  const origin: BundledIspdbData['origin'] = { repository: UPSTREAM_REPOSITORY, folder: 'ispdb/', license: 'MPL-2.0' };
  const commit = readUpstreamCommit(sourceDir);
  if (commit) origin.commit = commit;
  const data: BundledIspdbData = { format: BUNDLED_ISPDB_FORMAT, origin, providers };
  return ok({ data, report: { files: files.length, providers: providers.length, domains: owner.size, servers, skipped } });
}

/** The snapshot's README names the upstream commit ("commit <40 hex>"). */
function readUpstreamCommit(sourceDir: string): string | undefined {
  const readme = join(sourceDir, 'README.md');
  if (!existsSync(readme)) return undefined;
  return /\bcommit\s+([0-9a-f]{40})\b/.exec(readFileSync(readme, 'utf8'))?.[1];
}

export function originNote(data: BundledIspdbData): string {
  const { repository, folder, commit } = data.origin;
  return [
    '# Bundled ISPDB',
    '',
    `ispdb.generated.json is generated from the provider files of the Thunderbird ISPDB`,
    `(${repository}, folder ${folder}${commit ? `, commit ${commit}` : ''}).`,
    'Those files are licensed under the Mozilla Public License 2.0; LICENSE beside this',
    'note is that licence. The source form of the data is the upstream folder named above.',
    '',
    'Each provider keeps its server sections in the file\'s own order, with placeholders',
    '(%EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%) left in, filled per address at lookup.',
    'Sections MailSetup cannot use (Exchange/EWS, malformed placeholders, bad host or port)',
    'are dropped when generating and again when loading.',
    '',
    'Regenerate (with the ISPDB folder at ../shared/data/ispdb beside the repository):',
    '',
    '    npx tsx core/discover/ispdb/generate.ts [SOURCE_DIR]',
    '',
  ].join('\n');
}

/** The repository root: the nearest folder above this file holding package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function defaultSourceDir(): string {
  return resolve(repoRoot(), '..', 'shared', 'data', 'ispdb');
}

/** Where the committed data lives (in the source tree, also when run from dist/). */
export function dataDir(): string {
  return join(repoRoot(), 'core', 'discover', 'ispdb', 'data');
}

/**
 * Command line: [SOURCE_DIR] [--out DIR]. Writes the data, licence and origin note, and
 * prints the counts and every skipped entry. Returns the exit status.
 */
export interface GeneratorOutput {
  log(line: string): void;
  error(line: string): void;
}

const consoleOutput: GeneratorOutput = {
  log: (l) => process.stdout.write(`${l}\n`),
  error: (l) => process.stderr.write(`${l}\n`),
};

export function runGenerator(argv: string[], io: GeneratorOutput = consoleOutput): number {
  const outAt = argv.indexOf('--out');
  const out = resolve(outAt >= 0 && argv[outAt + 1] ? argv[outAt + 1]! : dataDir());
  const positional = argv.filter((_a, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
  const sourceDir = resolve(positional[0] ?? defaultSourceDir());
  const generated = generateBundledIspdb(sourceDir);
  if (!generated.ok) {
    io.error(`error: ${generated.error.message}`);
    return 1;
  }
  const { data, report } = generated.value;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'ispdb.generated.json'), serializeBundledIspdb(data));
  const license = join(sourceDir, 'LICENSE');
  if (existsSync(license)) writeFileSync(join(out, 'LICENSE'), readFileSync(license));
  else io.error(`warning: ${license} is missing; keep the MPL-2.0 text beside the data.`);
  writeFileSync(join(out, 'ORIGIN.md'), originNote(data));
  io.log(
    `ISPDB: ${report.files} files -> ${report.providers} providers, ${report.domains} domains, ` +
      `${report.servers} server sections; ${report.skipped.length} skipped`,
  );
  for (const s of report.skipped) io.log(`  - ${s}`);
  io.log(`written to ${out}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = runGenerator(process.argv.slice(2));
}
