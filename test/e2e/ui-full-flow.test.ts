// The whole journey in the real browser against the real engine and real servers:
// the BUILT `mailsetup ui`, Postfix + Dovecot from the mail stack, a private
// gnome-keyring. Find settings → test → save → accounts → export → forget.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { USERS } from '../support/mailstack/fixtures.js';
import { keyringMissing, startKeyring, type KeyringSession } from '../support/keyring.js';
import { missingServer } from '../support/require.js';
import { chromiumAvailable, closeBrowser, cspViolations, launchBrowser, screenshot, watchPage, type PageProblems } from './helpers/browser.js';
import { ensureBuilt } from './helpers/built-cli.js';
import { startUiProcess, type UiProcess } from './helpers/ui-process.js';

const stack = inject('mailstack');
const keyringProblem = await keyringMissing();
const ready = chromiumAvailable() && stack !== null && (keyringProblem === null || missingServer('gnome-keyring', keyringProblem));
const alice = USERS.alice;

/** A local override (config-v1.1.xml) for example.test, as a user or admin would write it. */
const OVERRIDE = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <displayName>Example test mail</displayName>
    <incomingServer type="imap">
      <hostname>mail.example.test</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>mail.example.test</hostname><port>587</port><socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe.skipIf(!ready)('the full flow against Postfix, Dovecot and gnome-keyring', () => {
  let keyring: KeyringSession;
  let ui: UiProcess;
  let browser: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let configDir: string;

  beforeAll(async () => {
    ensureBuilt();
    keyring = await startKeyring();
    configDir = mkdtempSync(path.join(os.tmpdir(), 'mailsetup-e2e-flow-'));
    mkdirSync(path.join(configDir, 'isp'));
    writeFileSync(path.join(configDir, 'isp', 'example.test.xml'), OVERRIDE);
    ui = await startUiProcess({ ...keyring.env, NODE_EXTRA_CA_CERTS: stack!.caFile }, configDir);
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
    problems = await watchPage(page);
    await page.goto(ui.url);
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await ui?.stop();
    await keyring?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('finds the settings from the local override, offline', async () => {
    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill(alice.email);
    await page.getByLabel('Offline: bundled data only').check();
    await page.getByText('Advanced').click();
    await page.getByLabel('DNS server').fill(stack!.dns);
    await page.getByRole('button', { name: 'Find settings' }).click();
    const card = page.getByTestId('config-0');
    await card.waitFor();
    expect(await card.textContent()).toContain('Local override file');
    expect(await card.textContent()).toContain('mail.example.test');
  });

  it('tests the real servers with the password and says that everything works', async () => {
    await page.getByLabel('Password', { exact: true }).fill(alice.password);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.locator('.test-report');
    await report.waitFor({ timeout: 60_000 });
    const text = (await report.textContent()) ?? '';
    expect(text, text).toContain('Everything works');
    expect(text).toContain('SMTP mail.example.test:587');
    expect(text).toContain('IMAP mail.example.test:993');
    expect(text).not.toContain(alice.password);
    await screenshot(page, '09-real-test-passed');
  });

  it('saves to the keychain, and a second test is recorded on the account', async () => {
    await page.getByLabel('Your name').fill('Alice Example');
    await page.getByRole('button', { name: 'Save to keychain' }).click();
    await page.getByText('the password is in your system keychain').waitFor({ timeout: 30_000 });
    expect(await keyring.secretTool('lookup', 'service', 'mailsetup', 'username', alice.email)).toBe(alice.password);
    // The password field was cleared after saving: "Test now" uses the keychain's copy.
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    const account = page.locator(`li.account[data-email="${alice.email}"]`);
    expect(await account.textContent()).toContain('not tested yet');
    await account.getByRole('button', { name: 'Test now' }).click();
    await account.getByText('last test passed').waitFor({ timeout: 60_000 });
    expect(await account.textContent()).toContain('Alice Example');
  });

  it('exports the saved account: text shown for copying, no password inside', async () => {
    await page.locator(`li.account[data-email="${alice.email}"]`).getByRole('button', { name: 'Export…' }).click();
    await page.getByLabel('Format').selectOption('thunderbird-autoconfig');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const file = page.locator('.export-file').first();
    await file.waitFor({ timeout: 30_000 });
    const xml = (await file.locator('pre').textContent()) ?? '';
    expect(xml).toContain('<hostname>mail.example.test</hostname>');
    expect(xml).not.toContain(alice.password);
    const [download] = await Promise.all([page.waitForEvent('download'), file.getByRole('button', { name: 'Download' }).click()]);
    const saved = await download.path();
    expect(readFileSync(saved, 'utf8')).toBe(xml);

    await page.getByLabel('Format').selectOption('thunderbird-mobile-qr');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.locator('.export-result').waitFor();
    await screenshot(page, '10-real-export');
  });

  it('forgets the account: gone from the list and from the keychain', async () => {
    const account = page.locator(`li.account[data-email="${alice.email}"]`);
    await account.getByRole('button', { name: 'Forget…' }).click();
    await account.getByRole('button', { name: 'Forget it' }).click();
    await page.getByText('No saved accounts yet').waitFor({ timeout: 30_000 });
    // secret-tool exits non-zero when nothing matches.
    const left = await keyring.secretTool('lookup', 'service', 'mailsetup', 'username', alice.email).catch(() => '');
    expect(left).toBe('');
  });

  it('the cPanel case: a certificate for the server\'s own name is fixed with one click per server', async () => {
    await page.getByRole('button', { name: 'Edit these settings…' }).click();
    const form = page.getByRole('form', { name: 'Server settings' });
    const imap = form.getByRole('group', { name: 'Incoming mail (IMAP)' });
    const smtp = form.getByRole('group', { name: 'Outgoing mail (SMTP)' });
    await imap.getByLabel('Server').fill('mail.hoster.test');
    await smtp.getByLabel('Server').fill('mail.hoster.test');
    await smtp.getByLabel('Port').fill('465');
    await smtp.getByLabel('Security').selectOption('tls');
    await form.getByRole('button', { name: 'Use these settings' }).click();
    await page.getByLabel('Password', { exact: true }).fill(alice.password);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const report = page.locator('.test-report');
    await report.waitFor({ timeout: 60_000 });
    expect(await report.textContent()).toContain('CERT_HOSTNAME_MISMATCH');
    await screenshot(page, '13-real-hostname-mismatch');
    for (const proto of ['IMAP', 'SMTP']) {
      const fix = page.getByRole('button', { name: `Use server1.hoster.test for ${proto} and test again` });
      await fix.click();
      await page.locator('.test-report').waitFor({ timeout: 60_000 });
    }
    await page.getByText('Everything works').waitFor({ timeout: 60_000 });
    const mine = (await page.getByTestId('config-manual').textContent()) ?? '';
    expect(mine.match(/server1\.hoster\.test/g)?.length).toBe(2);
  });

  it('left no password in the output, the config folder, or the page, and no page errors', async () => {
    const { stdout, stderr } = ui.output();
    expect(stdout + stderr).not.toContain(alice.password);
    expect(stdout + stderr).not.toContain(Buffer.from(alice.password).toString('base64'));
    for (const file of filesUnder(configDir)) expect(readFileSync(file, 'utf8'), file).not.toContain(alice.password);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.console).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});
