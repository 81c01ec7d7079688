// The cPanel panel in headless Chromium against the BUILT `mailsetup ui`, the cPanel
// imitation (127.0.14.9), the real Postfix + Dovecot stack and a private gnome-keyring:
// connect → mailboxes → set up on this computer → new mailbox (password shown once) →
// deliverability fix. Screenshots at 1280x800 and 800x600, light and dark.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { makeFixture, IP, type Fixture } from '../integration/cpanel/harness.js';
import { startCpanelImitation, type CpanelImitation } from '../support/cpanel-imitation.js';
import { createTestCa } from '../support/ca.js';
import { keyringMissing, startKeyring, type KeyringSession } from '../support/keyring.js';
import { USERS } from '../support/mailstack/fixtures.js';
import { missingServer } from '../support/require.js';
import { chromiumAvailable, closeBrowser, cspViolations, launchBrowser, SCREENSHOTS, watchPage, type PageProblems } from './helpers/browser.js';
import { REPO } from './helpers/built-cli.js';
import { startUiProcess, type UiProcess } from './helpers/ui-process.js';

const stack = inject('mailstack');
const keyringProblem = await keyringMissing();
const ready = chromiumAvailable() && stack !== null && (keyringProblem === null || missingServer('gnome-keyring', keyringProblem));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The viewport only, at the sizes asked for, in both colour schemes. */
async function shots(page: Page, name: string, target = '.cp-view'): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [w, h] of [[1280, 800], [800, 600]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.locator(target).last().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SCREENSHOTS, `cpanel-${name}-${w}x${h}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function axeViolations(page: Page): Promise<string[]> {
  // evaluate() runs outside the page's CSP, which (rightly) forbids injected scripts.
  await page.evaluate(`${AXE};undefined`);
  return page.evaluate<string[]>(`axe.run(document.querySelector('.cp-view'), { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => v.id + ': ' + v.help + ' ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
}

describe.skipIf(!ready)('the cPanel panel against the imitation and the real mail stack', () => {
  let fx: Fixture;
  let imitation: CpanelImitation;
  let keyring: KeyringSession;
  let ui: UiProcess;
  let browser: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let configDir: string;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'ignore' });
    fx = makeFixture(stack!.caFile);
    const leaf = fx.ca.issue([IP.ui]);
    imitation = await startCpanelImitation({
      host: IP.ui,
      cert: leaf.cert,
      key: leaf.key,
      accounts: [fx.main],
      dovecot: { usersFile: path.join(stack!.dir, 'dovecot', 'users'), mailDir: path.join(stack!.dir, 'mail') },
    });
    keyring = await startKeyring();
    configDir = mkdtempSync(path.join(os.tmpdir(), 'mailsetup-e2e-cpanel-'));
    ui = await startUiProcess({ ...keyring.env, NODE_EXTRA_CA_CERTS: fx.trustFile, MAILSETUP_KEYCHAIN_TIMEOUT_MS: '30000' }, configDir);
    browser = await launchBrowser();
    await browser.grantPermissions(['clipboard-read', 'clipboard-write']);
    page = browser.pages()[0] ?? (await browser.newPage());
    problems = await watchPage(page);
    await page.goto(ui.url);
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await ui?.stop();
    await keyring?.stop();
    await imitation?.close();
    fx?.ca.cleanup();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('opens from the address step and connects with a token; the heading takes the focus', async () => {
    await page.getByRole('button', { name: 'Connect to cPanel', exact: true }).click();
    const heading = page.getByRole('heading', { name: 'Your hosting account (cPanel)' });
    await heading.waitFor();
    expect(await page.evaluate<string>('document.activeElement?.textContent ?? ""')).toBe('Your hosting account (cPanel)');
    await page.getByLabel('cPanel address').fill(imitation.url);
    await page.getByLabel('cPanel user name').fill('hoster1');
    await page.getByLabel('API token').fill('WRONGTOKEN0000000000000000000000');
    await shots(page, '1-connect');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('cPanel did not accept this user name and token.').waitFor();
    await page.getByLabel('API token').fill(fx.main.token);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('Connected as').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('status').first().textContent()).toContain('Connected to');
    expect(await keyring.secretTool('lookup', 'service', 'mailsetup-cpanel', 'username', `hoster1@${IP.ui}:2083`)).toBe(fx.main.token);
  });

  it('lists the mailboxes with their usage', async () => {
    const row = page.locator('tr[data-email="alice@example.test"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('3.5 MB');
    expect(await row.textContent()).toContain('1 GB');
    await shots(page, '2-mailboxes');
  });

  it('sets a mailbox up on this computer: settings from cPanel, real test, keychain, a downloaded profile', async () => {
    await page.getByText('Advanced').click();
    await page.getByLabel(/DNS server for the connection tests/).fill(stack!.dns);
    await page.getByRole('button', { name: 'Set up on this computer: alice@example.test', exact: true }).click();
    await page.getByLabel('Password of this mailbox').fill(USERS.alice.password);
    await page.getByRole('button', { name: 'Test and save' }).click();
    await page.getByText('The connection test passed').waitFor({ timeout: 60_000 });
    await page.getByText('Saved: the password is in your system keychain.').waitFor();
    expect(await keyring.secretTool('lookup', 'service', 'mailsetup', 'username', USERS.alice.email)).toBe(USERS.alice.password);
    expect(await page.locator('.cp-view').textContent()).toContain('Receiving (IMAP) on mail.example.test, port 993: works');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download set-up file' }).first().click()]);
    const profile = readFileSync(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toMatch(/\.mobileconfig$/);
    expect(profile).toContain('<string>mail.example.test</string>');
    expect(profile).not.toContain(USERS.alice.password);
    await shots(page, '3-set-up', '.cp-export');
  });

  it('creates a new mailbox: the generated password is shown once with a copy button, tested for real and saved', async () => {
    const local = `ui-${Date.now().toString(36)}`;
    await page.getByLabel('Name before the @').fill(local);
    await page.getByRole('button', { name: 'Create mailbox' }).click();
    const secret = page.getByLabel('New password');
    await secret.waitFor({ timeout: 90_000 });
    const shown = (await secret.textContent()) ?? '';
    const email = `${local}@example.test`;
    expect(shown).toBe(imitation.created.get(email));
    expect(await keyring.secretTool('lookup', 'service', 'mailsetup', 'username', email)).toBe(shown);
    await page.getByRole('button', { name: 'Copy password' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(shown);
    await page.getByText('Saved on this computer').waitFor();
    await page.locator(`tr[data-email="${email}"]`).waitFor({ timeout: 30_000 });
    await shots(page, '4-new-mailbox', '.cp-password');
  });

  it('shows deliverability in plain words and fixes SPF after showing the record', async () => {
    const panel = page.getByRole('heading', { name: 'Will mail from this domain arrive?' }).locator('..');
    await panel.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Needs attention').first().waitFor({ timeout: 30_000 });
    const text = (await page.locator('.cp-auth').textContent()) ?? '';
    expect(text).toContain('The SPF record does not list this server.');
    expect(text).toContain('The reverse DNS name differs from the name the server greets with.');
    expect(text).not.toMatch(/HELO_MISMATCH|INVALID|MISSING/);
    await shots(page, '5-deliverability', '.cp-auth');
    await page.getByRole('button', { name: 'Fix the SPF record…' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm the change' });
    expect(await confirm.textContent()).toContain('v=spf1 +a +mx +ip4:127.0.0.1 +include:relay.hoster.test ~all');
    await shots(page, '6-confirm-spf', '[aria-label="Confirm the change"]');
    await confirm.getByRole('button', { name: 'Make this change' }).click();
    await page.getByText('Done: one change was made through cPanel.').waitFor({ timeout: 30_000 });
    expect(imitation.requests.filter((q) => q.path === '/execute/EmailAuth/install_spf_records').length).toBe(1);
  });

  it('connects a second account whose certificate nobody trusts only after the fingerprint is confirmed', async () => {
    const stranger = createTestCa('Unknown CA for the window test');
    const leaf = stranger.issue([IP.uiUntrusted]);
    const other = await startCpanelImitation({ host: IP.uiUntrusted, cert: leaf.cert, key: leaf.key, accounts: [fx.second] });
    try {
      await page.getByRole('button', { name: 'Connect another account…' }).click();
      await page.getByLabel('cPanel address').fill(other.url);
      await page.getByLabel('cPanel user name').fill('shopuser');
      await page.getByLabel('API token').fill(fx.second.token);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByText('The server\'s certificate is not trusted, so your token was not sent.').waitFor({ timeout: 30_000 });
      expect(other.requests).toEqual([]);
      await shots(page, '7-untrusted-certificate', '.cp-connect');
      await page.getByRole('button', { name: 'My hosting provider confirmed it: trust this certificate' }).click();
      await page.getByRole('combobox', { name: 'Hosting account' }).waitFor({ timeout: 30_000 });
      expect(await page.getByRole('combobox', { name: 'Hosting account' }).inputValue()).toBe(`${IP.uiUntrusted}:2083`);
      expect(other.requests.length).toBeGreaterThan(0);
    } finally {
      await other.close();
      stranger.cleanup();
    }
  });

  it('has no accessibility violations, no codes or command-line syntax on screen, no token anywhere, no page errors', async () => {
    expect(await axeViolations(page)).toEqual([]);
    const text = (await page.locator('.cp-view').textContent()) ?? '';
    expect(text).not.toMatch(/CPANEL_|CERT_|--[a-z]|mailsetup |[A-Z]{3,}_[A-Z]{3,}/);
    const { stdout, stderr } = ui.output();
    expect(stdout + stderr).not.toContain(fx.main.token);
    expect(await page.content()).not.toContain(fx.main.token);
    for (const f of ['cpanel.json', 'accounts.json']) expect(readFileSync(path.join(configDir, f), 'utf8')).not.toContain(fx.main.token);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.console).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});
