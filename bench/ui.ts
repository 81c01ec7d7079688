// `npm run bench:ui`: how light the window is. Builds the renderer, then prints
// - the JavaScript it ships: raw and gzipped bytes (what a first visit transfers),
//   and the Content-Encoding `mailsetup ui` really serves it with;
// - time to interactive: navigation start until the address field can be typed in,
//   for the real `mailsetup ui` and, in the same browser run, for a blank page with
//   one input field served from the same kind of loopback HTTP server. Fresh browser
//   context (empty cache) every time; the two alternate; medians and the ratio.
// With BENCH_UI_BEFORE=DIR (another built checkout, e.g. the previous release) that
// tree's `mailsetup ui` is measured in the same run too, so before/after share one
// machine state. Loopback addresses 127.0.10.1 (the UI), 127.0.10.2 (the blank page),
// 127.0.10.3 (the other tree's UI).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';

const REPO = path.resolve(import.meta.dirname, '..');
const REPS = Number(process.env.BENCH_REPS ?? 15);
const CHROMIUM = '/usr/bin/chromium';
const BLANK_HOST = '127.0.10.2';
const UI_HOST = '127.0.10.1';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

function bundleSizes(repo = REPO): { raw: number; gzip: number; files: number } {
  const dir = path.join(repo, 'renderer', 'dist', 'assets');
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
  let raw = 0;
  let gzip = 0;
  for (const f of js) {
    const bytes = readFileSync(path.join(dir, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip, files: js.length };
}

async function startUi(repo = REPO, host = UI_HOST): Promise<{ url: string; stop: () => void }> {
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'mailsetup-bench-ui-'));
  const child = spawn(process.execPath, ['bin/mailsetup.js', 'ui', '--no-open', '--quiet', '--port', '0', '--host', host], {
    cwd: repo,
    env: { ...process.env, MAILSETUP_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /(http:\/\/[\d.]+:\d+\/#token=[\w-]+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`mailsetup ui exited (${code})`)));
  });
  return {
    url,
    stop: () => {
      child.kill();
      rmSync(configDir, { recursive: true, force: true });
    },
  };
}

async function startBlank(): Promise<{ url: string; stop: () => void }> {
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body><input type="email" aria-label="Email address"></body></html>';
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, BLANK_HOST, resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { url: `http://${BLANK_HOST}:${port}/`, stop: () => server.close() };
}

/** Milliseconds from navigation start until an enabled email field exists (page clock). */
// A function, not a string: the window's CSP forbids eval, and Playwright passes functions through the debugger.
interface FieldLike {
  disabled: boolean;
  getBoundingClientRect(): { height: number };
}
const READY = (): number | false => {
  const doc = (globalThis as unknown as { document: { querySelector(s: string): FieldLike | null } }).document;
  const el = doc.querySelector('input[type=email]');
  return el && !el.disabled && el.getBoundingClientRect().height > 0 ? performance.now() : false;
};

async function timeToInteractive(browser: Browser, url: string): Promise<{ ms: number; encoding: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  let encoding = 'none';
  page.on('response', (r) => {
    if (r.url().endsWith('.js')) encoding = r.headers()['content-encoding'] ?? 'none';
  });
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(READY, undefined, { polling: 'raf', timeout: 30_000 });
  const ms = (await handle.jsonValue()) as number;
  await context.close();
  return { ms, encoding };
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'ignore' });
  const size = bundleSizes();
  const ui = await startUi();
  const blank = await startBlank();
  const beforeDir = process.env.BENCH_UI_BEFORE;
  const before = beforeDir ? await startUi(path.resolve(beforeDir), '127.0.10.3') : null;
  const other: number[] = [];
  let otherServed = 'none';
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] });
  const app: number[] = [];
  const base: number[] = [];
  let served = 'none';
  try {
    // One warm-up of each (process start, first compile), not counted.
    await timeToInteractive(browser, blank.url);
    await timeToInteractive(browser, ui.url);
    if (before) await timeToInteractive(browser, before.url);
    for (let i = 0; i < REPS; i++) {
      base.push((await timeToInteractive(browser, blank.url)).ms);
      const r = await timeToInteractive(browser, ui.url);
      app.push(r.ms);
      served = r.encoding;
      if (before) {
        const o = await timeToInteractive(browser, before.url);
        other.push(o.ms);
        otherServed = o.encoding;
      }
    }
  } finally {
    await browser.close();
    ui.stop();
    blank.stop();
    before?.stop();
  }
  const a = median(app);
  const b = median(base);
  console.log(`JavaScript: ${size.files} file(s), ${kb(size.raw)} raw, ${kb(size.gzip)} gzipped; served by mailsetup ui with Content-Encoding: ${served}`);
  console.log(`Time to interactive (median of ${REPS}, fresh context each): window ${a.toFixed(0)} ms, blank page ${b.toFixed(0)} ms, ratio ${(a / b).toFixed(2)}x`);
  if (beforeDir) {
    const o = median(other);
    const osize = bundleSizes(path.resolve(beforeDir));
    console.log(`Before (${beforeDir}): ${kb(osize.raw)} raw, ${kb(osize.gzip)} gzipped, served with Content-Encoding: ${otherServed}; time to interactive ${o.toFixed(0)} ms, ratio ${(o / b).toFixed(2)}x; now/before ${(a / o).toFixed(2)}x`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
