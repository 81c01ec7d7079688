// Both paths in the real browser against the real engine and real servers: the BUILT
// `mailsetup ui`, Postfix + Dovecot from the mail stack, a private gnome-keyring.
// End user: address + password → summary → Verify and save → Set up on…; a wrong
// password saves nothing; a second address starts empty. Helpdesk: the certificate
// for the server's own name fixed with one pre-checked choice; editing a saved account.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { Account } from '../../shared/accounts.js';
import { USERS } from '../support/mailstack/fixtures.js';
import { keyringMissing, startKeyring, type KeyringSession } from '../support/keyring.js';
import { missingServer } from '../support/require.js';
import { chromiumAvailable, closeBrowser, cspViolations, launchBrowser, watchPage, type PageProblems } from './helpers/browser.js';
import { ensureBuilt, REPO } from './helpers/built-cli.js';
import { checkStep, describeCheck, isFocused, problemsOf } from './helpers/steps.js';
import { startUiProcess, type UiProcess } from './helpers/ui-process.js';

const run = promisify(execFile);
const stack = inject('mailstack');
const keyringProblem = await keyringMissing();
const ready = chromiumAvailable() && stack !== null && (keyringProblem === null || missingServer('gnome-keyring', keyringProblem));
const { alice, bob } = USERS;

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

describe.skipIf(!ready)('the window against Postfix, Dovecot and gnome-keyring', () => {
  let keyring: KeyringSession;
  let ui: UiProcess;
  let browser: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  let configDir: string;
  const email = () => page.getByRole('textbox', { name: 'Email address', exact: true });

  async function step(name: string): Promise<void> {
    const check = await checkStep(page, name);
    expect(problemsOf(check), describeCheck(check)).toBe(0);
  }

  /** What `mailsetup accounts --json` says, the way a user would check. */
  async function savedAccounts(): Promise<Account[]> {
    const { stdout } = await run(process.execPath, ['bin/mailsetup.js', 'accounts', '--json'], { cwd: REPO, env: { ...process.env, ...keyring.env, MAILSETUP_CONFIG_DIR: configDir } });
    return (JSON.parse(stdout) as { accounts: Account[] }).accounts;
  }

  async function storedPassword(user: string): Promise<string> {
    // secret-tool exits non-zero when nothing matches.
    return keyring.secretTool('lookup', 'service', 'mailsetup', 'username', user).catch(() => '');
  }

  async function find(address: string, password: string, name = ''): Promise<void> {
    await page.getByRole('textbox', { name: 'Your name' }).fill(name);
    await email().fill(address);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Find settings' }).click();
  }

  beforeAll(async () => {
    ensureBuilt();
    keyring = await startKeyring();
    configDir = mkdtempSync(path.join(os.tmpdir(), 'mailsetup-e2e-flow-'));
    mkdirSync(path.join(configDir, 'isp'));
    writeFileSync(path.join(configDir, 'isp', 'example.test.xml'), OVERRIDE);
    ui = await startUiProcess({ ...keyring.env, NODE_EXTRA_CA_CERTS: stack!.caFile }, configDir);
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.setViewportSize({ width: 800, height: 600 });
    problems = await watchPage(page);
    await page.goto(ui.url);
    // Every lookup and connection through the stack's DNS server; offline: the local override answers.
    await page.getByText('Options').click();
    await page.getByLabel('DNS server').fill(stack!.dns);
    await page.getByText('Options').click();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await ui?.stop();
    await keyring?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('after a lookup the result heading is focused and in view at 800x600, with a short summary', async () => {
    await find(alice.email, 'not-the-password', 'Alice Example');
    const heading = page.getByRole('heading', { name: 'Your settings were found' });
    await heading.waitFor({ timeout: 30_000 });
    expect(await isFocused(heading)).toBe(true);
    const box = await heading.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 600).toBe(true);
    expect(await page.locator('.summary').textContent()).toContain('Your mail is at mail.example.test, secured with SSL/TLS for receiving and STARTTLS for sending.');
    expect(await page.locator('.summary').textContent()).toContain('Found in your own settings file on this computer.');
    await step('real-01-result');
  });

  it('a wrong password saves nothing (mailsetup accounts confirms) and leads to typing it again', async () => {
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page.getByRole('heading', { name: 'It did not work yet' }).waitFor({ timeout: 60_000 });
    const outcome = (await page.locator('.outcome').textContent()) ?? '';
    expect(outcome).toContain('wrong user name or password');
    expect(await savedAccounts()).toEqual([]);
    expect(await storedPassword(alice.email)).toBe('');
    await step('real-02-wrong-password');
  });

  it('"Verify and save" with the right password: tested, saved, and the account shows its passing test', async () => {
    // The refused password is asked for again, from an empty field.
    const field = page.getByLabel(`Password for ${alice.email}`);
    expect(await field.inputValue()).toBe('');
    expect(await page.getByRole('button', { name: 'Verify and save' }).isDisabled()).toBe(true);
    await field.fill(alice.password);
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page.getByRole('heading', { name: `${alice.email} is ready` }).waitFor({ timeout: 60_000 });
    expect(await page.locator('.step').textContent()).toContain('tested, works');
    expect(await storedPassword(alice.email)).toBe(alice.password);
    const [account] = await savedAccounts();
    expect(account).toMatchObject({ email: alice.email, displayName: 'Alice Example', source: 'local-override', lastTest: { ok: true } });
    await step('real-03-saved');
  });

  it('Set up on…: the real QR code, the Apple profile and the publish kit as one .zip, none with the password', async () => {
    await page.getByRole('button', { name: 'Thunderbird for Android' }).click();
    await page.getByRole('img', { name: /QR code with the settings of alice@example.test/ }).waitFor({ timeout: 30_000 });
    await step('real-04-android');
    await page.getByRole('button', { name: 'Apple Mail, iPhone, iPad' }).click();
    const [profile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the profile' }).click()]);
    const mobileconfig = readFileSync(await profile.path(), 'utf8');
    expect(mobileconfig).toContain('mail.example.test');
    expect(mobileconfig).not.toContain(alice.password);
    await page.getByRole('button', { name: 'Other / admin files' }).click();
    const [kit] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the publish kit (.zip)' }).click()]);
    const files = unzipSync(new Uint8Array(readFileSync(await kit.path())));
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(4);
    for (const bytes of Object.values(files)) expect(Buffer.from(bytes).toString('latin1')).not.toContain(alice.password);
    await page.getByRole('button', { name: 'Show the settings sheet' }).click();
    await page.locator('.sheet table').waitFor();
    expect(await page.locator('.sheet').textContent()).toContain('mail.example.test');
    await step('real-05-other-files');
  });

  it('a second address starts empty, and the saved account lists its passing test', async () => {
    await page.getByRole('button', { name: 'Set up another address' }).click();
    await page.getByRole('heading', { name: 'Set up your email' }).waitFor();
    expect(await email().inputValue()).toBe('');
    expect(await page.getByRole('textbox', { name: 'Your name' }).inputValue()).toBe('');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    const account = page.locator(`li.account[data-email="${alice.email}"]`);
    expect(await account.textContent()).toContain('tested, works');
    await step('real-06-start-again');
  });

  it('the shared-hosting certificate: one pre-checked choice of the name that resolves, one test, saved', async () => {
    await find(bob.email, bob.password);
    await page.getByRole('heading', { name: 'Your settings were found' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Change the servers…' }).click();
    const form = page.getByRole('form', { name: 'Server settings' });
    await form.getByRole('group', { name: 'Incoming mail (IMAP)' }).getByLabel('Server').fill('mail.hoster.test');
    const smtp = form.getByRole('group', { name: 'Outgoing mail (SMTP)' });
    await smtp.getByLabel('Server').fill('mail.hoster.test');
    await smtp.getByLabel('Port').fill('465');
    await smtp.getByLabel('Security').selectOption('tls');
    await form.getByRole('button', { name: 'Use these settings' }).click();
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page.getByRole('heading', { name: 'It did not work yet' }).waitFor({ timeout: 60_000 });
    const choice = page.getByLabel('Use server1.hoster.test for incoming and outgoing mail');
    await choice.waitFor({ timeout: 30_000 });
    expect(await choice.isChecked()).toBe(true);
    expect(await page.locator('.outcome').textContent()).toContain('The server’s certificate is for server1.hoster.test (run by hoster.test), not for mail.hoster.test');
    expect(await page.getByRole('button', { name: 'Verify and save' }).count()).toBe(1);
    expect(await savedAccounts()).toHaveLength(1);
    await step('real-07-certificate-name');
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page.getByRole('heading', { name: `${bob.email} is ready` }).waitFor({ timeout: 60_000 });
    const saved = (await savedAccounts()).find((a) => a.email === bob.email);
    expect(saved).toMatchObject({ incoming: { host: 'server1.hoster.test' }, outgoing: { host: 'server1.hoster.test', port: 465 }, lastTest: { ok: true } });
    expect(await storedPassword(bob.email)).toBe(bob.password);
  });

  it('edits a saved account without forgetting it: the saved password is kept, the change tested and saved', async () => {
    await page.getByRole('button', { name: 'Set up another address' }).click();
    await page.getByRole('button', { name: `Edit ${alice.email}`, exact: true }).click();
    await page.getByRole('heading', { name: `Change ${alice.email}` }).waitFor();
    await page.getByLabel('Your name').fill('Alice E.');
    const smtp = page.getByRole('form', { name: 'Server settings' }).getByRole('group', { name: 'Outgoing mail (SMTP)' });
    await smtp.getByLabel('Port').fill('465');
    await smtp.getByLabel('Security').selectOption('tls');
    await step('real-08-edit');
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page.getByRole('heading', { name: `${alice.email} is ready` }).waitFor({ timeout: 60_000 });
    const saved = (await savedAccounts()).find((a) => a.email === alice.email);
    expect(saved).toMatchObject({ displayName: 'Alice E.', outgoing: { port: 465, security: 'tls' }, lastTest: { ok: true } });
    expect(await storedPassword(alice.email)).toBe(alice.password);
  });

  it('left no password in the output, the config folder, or the page, and no page errors', async () => {
    const { stdout, stderr } = ui.output();
    for (const p of [alice.password, bob.password]) {
      expect(stdout + stderr).not.toContain(p);
      expect(stdout + stderr).not.toContain(Buffer.from(p).toString('base64'));
      for (const file of filesUnder(configDir)) expect(readFileSync(file, 'utf8'), file).not.toContain(p);
    }
    expect(problems.pageErrors).toEqual([]);
    expect(problems.console).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});
