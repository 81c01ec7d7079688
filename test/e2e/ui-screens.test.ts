// The screens of the whole flow, driven in headless Chromium against the real door
// and renderer with a scripted engine: the insecure-result confirmation, live test
// steps and a diagnosis, saving, the accounts list, export with copy/download, forget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { findRendererDir } from '../../core/ui-server/renderer-dir.js';
import { startUiServer, type UiServer } from '../../core/ui-server/server.js';
import { chromiumAvailable, closeBrowser, cspViolations, launchBrowser, screenshot, watchPage, type PageProblems } from './helpers/browser.js';
import { ensureBuilt, REPO } from './helpers/built-cli.js';
import { Gate, IMAP_FINGERPRINT, scriptedEngine, type Gates, type Recorded } from './helpers/scripted-engine.js';

const PASSWORD = 'screens-Pässword-1';
const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('UI screens with a scripted engine', () => {
  let server: UiServer;
  let browser: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  const calls: Recorded[] = [];
  const log: string[] = [];
  const gates: Gates = { discover: new Gate(), test: new Gate() };

  beforeAll(async () => {
    ensureBuilt();
    const rendererDir = findRendererDir(path.join(REPO, 'core')) ?? path.join(REPO, 'renderer', 'dist');
    server = await startUiServer({ handlers: scriptedEngine(calls, gates), rendererDir, log: (l) => log.push(l) });
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
    problems = await watchPage(page);
    await page.goto(server.url);
    await page.getByRole('heading', { name: /Your email address/ }).waitFor();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server?.close();
  });

  it('shows live source progress and an insecure recommendation that must be confirmed', async () => {
    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill('Jane.Doe@Example.org');
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByTestId('config-0').waitFor();
    const card = (await page.getByTestId('config-0').textContent()) ?? '';
    expect(card).toContain('insecure source');
    expect(card).toContain('mail.example-hosting.net');
    expect(card).toContain('example-hosting.net');
    expect(card).toContain('(not example.org)');
    expect(await page.locator('tr[data-source="autodiscover"]').textContent()).toContain('timed out');
    // Lower-cased domain, as the engine's keychain user.
    expect(calls.find((c) => c.name === 'discover')?.params.email).toBe('Jane.Doe@example.org');

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    const testButton = page.getByRole('button', { name: 'Test connection' });
    expect(await testButton.isDisabled()).toBe(true);
    expect(await page.getByText('Confirm the insecure settings above').count()).toBe(1);
    await screenshot(page, '05-insecure-confirm');
    await page.getByLabel('I checked these servers and want to use them').check();
    expect(await testButton.isEnabled()).toBe(true);
  });

  it('choosing another configuration asks for the confirmation again', async () => {
    await page.getByTestId('config-1').getByRole('radio').check();
    expect(await page.getByRole('button', { name: 'Test connection' }).isDisabled()).toBe(true);
    await page.getByTestId('config-0').getByRole('radio').check();
    await page.getByLabel('I checked these servers and want to use them').check();
  });

  it('tests the chosen servers and explains the failure with code, message and fix', async () => {
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('.test-report').waitFor();
    const sent = calls.filter((c) => c.name === 'test').at(-1)?.params;
    expect(sent).toMatchObject({ email: 'Jane.Doe@example.org', password: PASSWORD, imap: { host: 'mail.example-hosting.net', port: 993, security: 'tls' }, smtp: { host: 'mail.example-hosting.net', port: 587, security: 'starttls' } });
    const report = (await page.locator('.test-report').textContent()) ?? '';
    expect(report).toContain('The test found a problem');
    expect(report).toContain('CERT_UNTRUSTED');
    expect(report).toContain('Ask the provider to install a certificate from a public authority');
    expect(report).toContain('AUTH PLAIN');
    expect(report).not.toContain(PASSWORD);
    await screenshot(page, '06-test-report');
  });

  it('trusts exactly one certificate by its fingerprint only when asked, then tests again', async () => {
    expect(calls.filter((c) => c.name === 'test').every((c) => c.params.trustFingerprints === undefined)).toBe(true);
    expect(await page.locator('.fingerprint').textContent()).toBe(IMAP_FINGERPRINT);
    await page.getByRole('button', { name: 'Trust this certificate and test again' }).click();
    await page.getByText('Everything works').waitFor();
    expect(calls.filter((c) => c.name === 'test').at(-1)?.params.trustFingerprints).toEqual([IMAP_FINGERPRINT]);
    const report = (await page.locator('.test-report').textContent()) ?? '';
    expect(report).toContain('certificate trusted by fingerprint');
    expect(report).toContain('Sent → Sent');
    expect(report).toContain('IDLE (push): yes');
    await screenshot(page, '06b-trusted-by-fingerprint');
  });

  it('saves to the keychain, then lists the account with its last test result', async () => {
    await page.getByLabel('Your name').fill('Jane "JD" Doe & Co');
    await page.getByRole('button', { name: 'Save to keychain' }).click();
    await page.getByText('the password is in your system keychain').waitFor();
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    const account = page.locator('li.account[data-email="Jane.Doe@example.org"]');
    await account.waitFor();
    const text = (await account.textContent()) ?? '';
    expect(text).toContain('Jane "JD" Doe & Co');
    expect(text).toContain('last test failed');
    expect(text).toContain('CERT_UNTRUSTED');
  });

  it('exports a text format with copy and download, and shows a clear error for an unknown account', async () => {
    await page.locator('li.account').getByRole('button', { name: 'Export…' }).click();
    await page.getByLabel('Format').selectOption('msmtp');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const file = page.locator('.export-file[data-file="msmtprc"]');
    await file.waitFor();
    expect(await file.locator('pre').textContent()).toContain('passwordeval "secret-tool lookup');
    const [download] = await Promise.all([page.waitForEvent('download'), file.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('msmtprc');
    await screenshot(page, '07-accounts-and-export');

    await page.getByLabel('Account', { exact: true }).fill('nobody@example.org');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const alert = page.locator('#export .notice-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('ACCOUNT_NOT_FOUND');
    expect(await alert.textContent()).toContain('Save the account first');
  });

  it('forgets an account only after a confirmation', async () => {
    const account = page.locator('li.account[data-email="Jane.Doe@example.org"]');
    await account.getByRole('button', { name: 'Forget…' }).click();
    await screenshot(page, '08-forget-confirm');
    expect(calls.some((c) => c.name === 'forget')).toBe(false);
    await account.getByRole('button', { name: 'Forget it' }).click();
    await page.getByText('No saved accounts yet').waitFor();
    expect(calls.filter((c) => c.name === 'forget')).toHaveLength(1);
  });

  it('ran without console errors or CSP violations, and kept the password out of the log', async () => {
    expect(problems.pageErrors).toEqual([]);
    expect(problems.console).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(log.join('\n')).not.toContain(PASSWORD);
  });

  it('shows discovery sources and test steps live, while the engine is still working', async () => {
    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill('live@slow.example');
    await page.getByRole('button', { name: 'Find settings' }).click();
    // The engine is parked after two sources: they must already be on screen.
    await page.locator('tr[data-source="ispdb"]:not([data-pending])').waitFor();
    expect(await page.getByRole('button', { name: 'Searching…' }).isDisabled()).toBe(true);
    expect(await page.locator('tr[data-source="guess"]').textContent()).toContain('asking');
    await screenshot(page, '14-live-discovery');
    gates.discover.open();
    await page.getByTestId('config-0').waitFor();

    await page.getByLabel('I checked these servers and want to use them').check();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const live = page.locator('ol.steps.live');
    await live.getByText('SMTP: certificate').waitFor();
    expect(await live.getByText('SMTP: auth').count()).toBe(0);
    gates.test.open();
    await page.locator('.test-report').waitFor();
  });

  it('when nothing is found, the user enters the servers; typed settings need no confirmation', async () => {
    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill('sam@empty.example');
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByText('No settings were found for empty.example').waitFor();
    await page.getByRole('button', { name: 'Enter the servers yourself…' }).click();
    const form = page.getByRole('form', { name: 'Server settings' });
    const imap = form.getByRole('group', { name: 'Incoming mail (IMAP)' });
    const smtp = form.getByRole('group', { name: 'Outgoing mail (SMTP)' });
    await imap.getByLabel('Server').fill('bad host');
    await form.getByRole('button', { name: 'Use these settings' }).click();
    expect(await form.getByRole('alert').textContent()).toContain('Enter the IMAP server name');
    await imap.getByLabel('Server').fill('imap.provider.example');
    await smtp.getByLabel('Server').fill('smtp.provider.example');
    await smtp.getByLabel('Port').fill('465');
    await smtp.getByLabel('Security').selectOption('tls');
    await screenshot(page, '12-manual-settings');
    await form.getByRole('button', { name: 'Use these settings' }).click();
    const mine = page.getByTestId('config-manual');
    await mine.waitFor();
    expect(await mine.textContent()).toContain('entered by you');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('.test-report').waitFor();
    expect(calls.filter((c) => c.name === 'test').at(-1)?.params).toMatchObject({
      email: 'sam@empty.example',
      username: 'sam@empty.example',
      imap: { host: 'imap.provider.example', port: 993, security: 'tls' },
      smtp: { host: 'smtp.provider.example', port: 465, security: 'tls' },
    });
  });

  it('fits a narrow window, in the dark colour scheme', async () => {
    await page.setViewportSize({ width: 760, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill('jane@example.org');
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByTestId('config-0').waitFor();
    // Nothing wider than the window: no horizontal scrolling.
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, '11-narrow-dark');
  });

  it('enforces the CSP in the browser: inline script and remote connections are blocked', async () => {
    const inlineRan = await page.evaluate<boolean>(`(() => { const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; document.body.append(s); return window.__inlineRan === true; })()`);
    expect(inlineRan).toBe(false);
    const remote = await page.evaluate<string>(`fetch('http://127.0.3.1:9/x').then(() => 'loaded', (e) => 'blocked: ' + e.message)`);
    expect(remote).toMatch(/^blocked/);
    const violations = await cspViolations(page);
    expect(violations.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(violations.some((v) => v.startsWith('connect-src'))).toBe(true);
  });
});
