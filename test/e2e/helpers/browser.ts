// Headless Chromium from the distribution (never a downloaded browser), with a fresh profile.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { missingServer } from '../../support/require.js';
import { REPO } from './built-cli.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(REPO, 'test-output', 'screenshots');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM) || missingServer('chromium', `${CHROMIUM} not found`);
}

export async function launchBrowser(): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'mailsetup-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  profiles.set(context, profile);
  return context;
}

const profiles = new WeakMap<BrowserContext, string>();

/** Closes the browser and removes its throw-away profile. */
export async function closeBrowser(context: BrowserContext | undefined): Promise<void> {
  if (!context) return;
  await context.close();
  const profile = profiles.get(context);
  if (profile) rmSync(profile, { recursive: true, force: true });
}

export interface PageProblems {
  console: string[];
  pageErrors: string[];
  failedRequests: string[];
}

/** Watches a page for console errors, uncaught exceptions and CSP violations. */
export async function watchPage(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { console: [], pageErrors: [], failedRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.console.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (e) => problems.pageErrors.push(e.message));
  page.on('requestfailed', (r) => problems.failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  // A string, because the test project type-checks without the DOM library.
  await page.addInitScript({
    content: `window.__cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`,
  });
  return problems;
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.__cspViolations ?? []');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
