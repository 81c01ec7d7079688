// The Audit view in the real browser against the real engine: the BUILT `mailsetup ui`,
// the audit suites' servers and DNS (127.0.13.0/24) and the shared stack's good Postfix.
// Reached from the address step by the button "Check a domain's mail security".
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startAuditWorld, type AuditWorld } from '../support/audit/world.js';
import { chromiumAvailable, closeBrowser, cspViolations, launchBrowser, screenshot, watchPage, type PageProblems } from './helpers/browser.js';
import { ensureBuilt } from './helpers/built-cli.js';
import { startUiProcess, type UiProcess } from './helpers/ui-process.js';

const stack = inject('mailstack');
const ready = chromiumAvailable() && stack !== null;

describe.skipIf(!ready)('the Audit view', () => {
  let world: AuditWorld;
  let ui: UiProcess;
  let browser: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    ensureBuilt();
    world = await startAuditWorld(stack!.dir);
    ui = await startUiProcess({ NODE_EXTRA_CA_CERTS: stack!.caFile });
    browser = await launchBrowser();
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.origin });
    page = await browser.newPage();
    problems = await watchPage(page);
    await page.goto(ui.url);
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await ui?.stop();
    await world?.stop();
  });

  async function audit(domain: string): Promise<void> {
    const field = page.getByLabel('Domain or email address');
    await field.fill(domain);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByRole('heading', { level: 3, name: new RegExp(`for ${domain.replace(/\./g, '\\.')}`) }).waitFor({ timeout: 60_000 });
  }

  it('opens from the address step, shows the checks grouped with their fixes, saves and copies the report', async () => {
    await page.getByRole('button', { name: "Check a domain's mail security" }).click();
    await expect.poll(() => page.evaluate<string>('document.activeElement?.placeholder ?? ""')).toBe('example.com');
    await page.getByText('Advanced').click();
    await page.getByLabel(/DNS server/).fill(world.dns.spec);

    const field = page.getByLabel('Domain or email address');
    await field.fill('broken.audit.test');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    // checks appear while it runs
    await page.locator('.audit-check').first().waitFor({ timeout: 30_000 });
    const summary = page.getByRole('heading', { level: 3, name: /Problems found for broken\.audit\.test/ });
    await summary.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.evaluate<string>('document.activeElement?.textContent ?? ""')).toContain('Problems found for broken.audit.test');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Finished: Problems found\. \d+ passed, \d+ warnings, \d+ failed\./);

    for (const group of ['DNS records', 'Client setup', 'Sending (submission): mail.relay.audit.test', 'Receiving in mail apps (IMAP): mail.plainimap.audit.test', 'Incoming mail (MX): mail.relay.audit.test']) {
      expect(await page.getByRole('region', { name: group }).isVisible(), group).toBe(true);
    }
    const relay = page.getByRole('region', { name: 'Sending (submission): mail.relay.audit.test' }).locator('.audit-check', { hasText: 'Not an open relay' });
    const relayText = await relay.innerText();
    expect(relayText).toMatch(/^failed/i);
    expect(relayText).toContain('What to do');
    expect(await relay.locator('pre').innerText()).toContain('smtpd_relay_restrictions=permit_sasl_authenticated,reject');
    expect(await page.locator('.audit-view').innerText()).toContain('_dmarc.broken.audit.test. 3600 IN TXT "v=DMARC1; p=quarantine; rua=mailto:postmaster@broken.audit.test"');

    // plain words only: no check ids, no command-line syntax, no raw error codes
    const text = await page.locator('.audit-view').innerText();
    expect(text).not.toMatch(/submission\.587|dns\.spf|client\.autoconfig|mx\.25/);
    expect(text).not.toMatch(/\s--[a-z]|mailsetup (export|audit)/);
    expect(text).not.toMatch(/\b(ERR|CERT|SSL)_[A-Z_]+/);

    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'audit-broken-1280x800-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'audit-broken-1280x800-dark');
    await page.setViewportSize({ width: 800, height: 600 });
    await screenshot(page, 'audit-broken-800x600-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshot(page, 'audit-broken-800x600-light');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save report' }).click()]);
    expect(download.suggestedFilename()).toBe('mail-audit-broken.audit.test.html');
    const html = readFileSync((await download.path()) as string, 'utf8');
    expect(html).toContain('<!doctype html>');
    expect(html).toContain('Mail security audit of broken.audit.test');
    expect(html).not.toMatch(/\s(src|href)=/);

    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('copied as Markdown');
    const md = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(md).toContain('# Mail security audit of broken.audit.test');
    expect(md).toContain('**FAIL**');
  });

  it('a good domain: no problems found; back to account setup returns focus to the button', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await audit('good.audit.test');
    expect(await page.getByRole('heading', { level: 3, name: /No problems found for good\.audit\.test/ }).isVisible()).toBe(true);
    expect(await page.locator('.audit-status-fail').count()).toBe(0);
    await screenshot(page, 'audit-good-1280x800-light');
    await page.getByRole('button', { name: 'Back to account setup' }).click();
    await expect.poll(() => page.evaluate<string>('document.activeElement?.textContent ?? ""')).toBe("Check a domain's mail security");
    expect(problems.pageErrors).toEqual([]);
    expect(problems.console.filter((l) => !/favicon/.test(l))).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});
