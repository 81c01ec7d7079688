// Packaging the desktop app: build/electron-builder.yml passes electron-builder's own
// loader and schema check (app-builder-lib's scheme.json, as resolved by electron-builder
// itself), every file it names exists after `npm run build`, and `npm run dist` stops in
// one line when the Electron binary is not there (it is never downloaded on this machine).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CONFIG = 'build/electron-builder.yml';

/** A `files` entry as electron-builder's loader normalizes it. */
type FileSet = string | { filter?: string | string[] };
interface BuilderConfig {
  extraMetadata?: { main?: string };
  files?: FileSet[];
  asarUnpack?: string[];
  directories?: { output?: string; buildResources?: string };
  [key: string]: unknown;
}
interface ConfigModule {
  getConfig(projectDir: string, configPath: string, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
}

// electron-builder's own configuration loader and validator (ajv over scheme.json).
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const builderConfig = fromBuilder('app-builder-lib/out/util/config/config.js') as ConfigModule;
const validate = (config: BuilderConfig): Promise<void> => builderConfig.validateConfiguration(config, { isEnabled: false, add: () => undefined });

/** Whether a glob from the configuration (`*` within a name, `**` for any depth) matches at least one file. */
function matchesAFile(pattern: string, dir = ROOT): boolean {
  const [head, ...rest] = pattern.split('/');
  if (head === undefined || head === '') return false;
  if (head === '**') return statSync(dir).isDirectory() && readdirSync(dir).length > 0;
  const re = new RegExp(`^${head.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  const names = existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).filter((n) => re.test(n)) : [];
  return names.some((name) => (rest.length === 0 ? true : matchesAFile(rest.join('/'), path.join(dir, name))));
}

describe('the electron-builder configuration', () => {
  let config: BuilderConfig;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 600_000 });
    config = await builderConfig.getConfig(ROOT, CONFIG, null);
  }, 600_000);

  it('packs the production window even when the build runs under a test runner (NODE_ENV=test)', () => {
    expect(process.env.NODE_ENV).toBe('test');
    const assets = path.join(ROOT, 'renderer', 'dist', 'assets');
    const scripts = readdirSync(assets).filter((n) => n.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    // React's development build carries its deprecation warnings; the production build does not.
    for (const name of scripts) expect(readFileSync(path.join(assets, name), 'utf8')).not.toContain('is deprecated in plain JavaScript React classes');
  });

  it('is valid against electron-builder’s own schema', async () => {
    expect(config.appId).toBe('org.mailsetup.desktop');
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('the check bites: an unknown option or a wrong type is refused', async () => {
    await expect(validate({ ...config, notAnOption: true })).rejects.toThrow(/notAnOption/);
    await expect(validate({ ...config, linux: { ...(config.linux as object), category: {} } })).rejects.toThrow(/linux\.category/);
  });

  it('every file it names exists after `npm run build`', () => {
    const main = config.extraMetadata?.main;
    expect(main).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).main);
    const files = (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : [f.filter ?? []].flat()));
    expect(files).toContain('dist-electron/**');
    const named = [main as string, ...files, ...(config.asarUnpack ?? [])].filter((p) => !p.startsWith('!'));
    expect(named.filter((p) => !matchesAFile(p))).toEqual([]);
    expect(statSync(path.join(ROOT, config.directories?.buildResources as string)).isDirectory()).toBe(true);
    // What the packaged main process loads by path (electron/main.ts): the window and the preload.
    for (const file of ['renderer/dist/index.html', 'dist-electron/preload/electron/preload.js', 'dist-electron/main/core/discover/ispdb/data/ispdb.generated.json']) {
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    }
  });
});

describe('npm run dist without the Electron binary', () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'mailsetup-dist-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('says so in one line and exits non-zero, without a stack trace and without building', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    // No binary (electron's own override variable) and empty download caches.
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_CACHE: empty, ELECTRON_BUILDER_CACHE: empty, XDG_CACHE_HOME: empty, HOME: empty };
    const run = spawnSync(process.execPath, ['scripts/dist.mjs'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^npm run dist: cannot package: the Electron \d+\.\d+\.\d+ binary for \S+ is not installed and no downloaded copy is in the Electron cache; [^\n]+\n$/);
  });
});
