// The UI as a user meets it: the BUILT `mailsetup ui` door driven by headless Chromium,
// plus the door's security rules checked against the real process.
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { rawRequest } from '../unit/ui-server/raw-http.js';
import { chromiumAvailable, closeBrowser, cspViolations, launchBrowser, screenshot, watchPage, type PageProblems } from './helpers/browser.js';
import { ensureBuilt, REPO } from './helpers/built-cli.js';
import { startUiProcess, type UiProcess } from './helpers/ui-process.js';

const PASSWORD = 'e2e-Sëcret "pass" 4711';
// Nothing listens here (the UI suite's 127.0.3.0/24): every lookup fails fast and
// locally, so no test traffic ever leaves the machine.
const DEAD_DNS = '127.0.3.9:53';
const hasChromium = chromiumAvailable();

describe.skipIf(!hasChromium)('mailsetup ui in headless Chromium', () => {
  let ui: UiProcess;
  let browser: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    ensureBuilt();
    // No session bus: the keychain answers "unavailable" instead of touching a real one.
    ui = await startUiProcess({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mailsetup-e2e-bus' });
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
    problems = await watchPage(page);
  });

  afterAll(async () => {
    await closeBrowser(browser);
    const code = await ui?.stop();
    // SIGTERM is a clean shutdown, not a crash.
    expect(code).toBe(0);
    expect(ui.output().stderr).toContain('MailSetup UI stopped.');
  });

  it('loads with no console errors and no CSP violations, and drops the token from the address bar', async () => {
    const encodings: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) encodings.push(r.headers()['content-encoding'] ?? 'none');
    });
    await page.goto(ui.url);
    await page.getByRole('heading', { name: 'Set up your email' }).waitFor();
    await page.getByRole('button', { name: 'Find settings' }).waitFor();
    await page.waitForLoadState('networkidle');
    // The bundle travels compressed.
    expect(encodings).toEqual(['br']);
    expect(page.url()).not.toContain('token');
    expect(problems.pageErrors).toEqual([]);
    expect(problems.console).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    await screenshot(page, 'door-01-start');
  });

  it('shows a clear error for a bad address, without calling the engine', async () => {
    const input = page.getByRole('textbox', { name: 'Email address', exact: true });
    const discoverCalls = (): number => ui.output().stderr.split('\n').filter((l) => l.includes('POST /api/discover')).length;
    const before = discoverCalls();
    await input.fill('not-an-address');
    await page.getByRole('button', { name: 'Find settings' }).click();
    const alert = page.locator('.field-error');
    await expect.poll(() => alert.textContent()).toContain('is not an email address');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(discoverCalls()).toBe(before);
    await screenshot(page, 'door-02-bad-address');
  });

  it('finds the settings of a bundled-ISPDB domain offline and shows the recommendation with provenance', async () => {
    await page.getByRole('textbox', { name: 'Email address', exact: true }).fill('someone@gmail.com');
    await page.getByText('Options').click();
    await page.getByLabel('Don’t use the network to find settings (built-in provider list only)').check();
    await page.getByLabel('DNS server').fill(DEAD_DNS);
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByRole('heading', { name: 'Your settings were found' }).waitFor({ timeout: 30_000 });
    const text = (await page.locator('.summary').textContent()) ?? '';
    expect(text).toContain('imap.gmail.com');
    expect(text).toContain('smtp.gmail.com');
    expect(text).toContain('Found in Thunderbird’s list of mail providers.');
    await page.getByRole('button', { name: 'Details' }).click();
    await page.getByRole('button', { name: /^Asked \d places in/ }).click();
    expect(await page.locator('li[data-source="ispdb-bundled"]').textContent()).toContain('found');
    await screenshot(page, 'door-03-recommendation');
  });

  it('sends a typed password to the engine but never to the server log', async () => {
    await page.getByLabel('Password for someone@gmail.com').fill(PASSWORD);
    await page.getByRole('button', { name: 'Verify and save' }).click();
    // The engine resolves imap.gmail.com through the dead DNS server and reports that;
    // whatever it answers, the page shows it and the password stays out of the output.
    await page.locator('.outcome, .notice-error').first().waitFor({ timeout: 90_000 });
    await screenshot(page, 'door-04-test-result');
    const { stdout, stderr } = ui.output();
    expect(stdout + stderr).not.toContain(PASSWORD);
    expect(stderr).toContain('POST /api/test 200');
    expect(stderr).not.toContain(ui.token);
    expect(problems.pageErrors).toEqual([]);
  });

  it('refuses API calls a page on another origin makes from the same browser (CSRF)', async () => {
    // An attacker's page on another loopback address (the UI suite's 127.0.3.0/24).
    const attacker: Server = createServer((req, res) => {
      if (req.url === '/attack.js') {
        res.setHeader('Content-Type', 'text/javascript');
        res.end(
          `const door = ${JSON.stringify(ui.origin)};` +
            `const simple = fetch(door + '/api/accounts', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{}' }).then(() => 'sent', (e) => 'failed ' + e.message);` +
            `const json = fetch(door + '/api/accounts', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer guess' }, body: '{}' }).then((r) => 'status ' + r.status, (e) => 'failed ' + e.message);` +
            `Promise.all([simple, json]).then((r) => { document.title = r.join(' | '); });`,
        );
        return;
      }
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html><title>attacker</title><script src="/attack.js"></script>');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.3.1', resolve));
    const port = (attacker.address() as AddressInfo).port;
    const before = ui.output().stderr.split('\n').length;
    const evil = await browser.newPage();
    try {
      await evil.goto(`http://127.0.3.1:${port}/`);
      await evil.waitForFunction('document.title.includes("|")', undefined, { polling: 100 });
      const title = await evil.title();
      // The preflighted call never gets an answer the page may read.
      expect(title.split(' | ')[1]).toMatch(/^failed/);
      const logged = ui.output().stderr.split('\n').slice(before - 1).join('\n');
      expect(logged).not.toMatch(/POST \/api\/accounts 200/);
    } finally {
      await evil.close();
      attacker.closeAllConnections();
      await new Promise<void>((resolve) => attacker.close(() => resolve()));
    }
  });

  it('without a browser opener (no xdg-open) still serves, says so, and stops cleanly on Ctrl+C', async () => {
    const other = await startUiProcess({ PATH: '/nonexistent-mailsetup-e2e' }, undefined, []);
    try {
      const res = await rawRequest(other.port, { path: '/', headers: { Host: `127.0.0.1:${other.port}` } });
      expect(res.status).toBe(200);
      await expect.poll(() => other.output().stderr).toContain('Could not open a browser');
      expect(other.output().stderr).toContain('open the URL above yourself');
    } finally {
      expect(await other.stop('SIGINT')).toBe(0);
    }
    expect(other.output().stderr).toContain('MailSetup UI stopped.');
  });

  it('without the session link the page says what to do, and a wrong token is refused visibly', async () => {
    const bare = await browser.newPage();
    try {
      await bare.goto(`${ui.origin}/`);
      await bare.getByRole('alert').waitFor();
      expect(await bare.getByRole('alert').textContent()).toContain('needs the session link');
      await bare.goto(`${ui.origin}/#token=${'A'.repeat(43)}`);
      await bare.reload();
      const refused = bare.getByText('This page’s session link is not valid.');
      await refused.waitFor();
      expect(await bare.locator('.notice-error').first().textContent()).toContain('Open the link MailSetup printed when it started');
    } finally {
      await bare.close();
    }
  });

  it('rejects bad usage with exit status 2 and a one-line message', () => {
    const host = spawnSync(process.execPath, ['bin/mailsetup.js', 'ui', '--host', '0.0.0.0', '--no-open'], { cwd: REPO, encoding: 'utf8' });
    expect(host.status).toBe(2);
    expect(host.stderr).toContain('--host must be a loopback address');
    expect(host.stderr).not.toMatch(/\n\s+at /);
    const port = spawnSync(process.execPath, ['bin/mailsetup.js', 'ui', '--port', 'abc', '--no-open'], { cwd: REPO, encoding: 'utf8' });
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('--port takes a whole number');
  });

  describe('the door refuses what is not its own page', () => {
    const call = (name: string, body: unknown, headers: Record<string, string> = {}) =>
      rawRequest(ui.port, {
        method: 'POST',
        path: `/api/${name}`,
        headers: { Host: `127.0.0.1:${ui.port}`, Origin: ui.origin, Authorization: `Bearer ${ui.token}`, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    it('401 without the token or with a wrong one', async () => {
      expect((await call('accounts', {}, { Authorization: '' })).status).toBe(401);
      expect((await call('accounts', {}, { Authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
    });

    it('403 for a foreign Host (DNS rebinding) and for a foreign Origin', async () => {
      expect((await call('accounts', {}, { Host: `rebind.example:${ui.port}`, Origin: `http://rebind.example:${ui.port}` })).status).toBe(403);
      expect((await rawRequest(ui.port, { path: '/', headers: { Host: `rebind.example:${ui.port}` } })).status).toBe(403);
      expect((await call('accounts', {}, { Origin: 'http://127.0.3.1:8080' })).status).toBe(403);
    });

    it('BAD_INPUT for invalid params', async () => {
      const res = await call('discover', { email: 'x@example.com\r\nRCPT TO:<a@b>' });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      const wrongType = await call('discover', { email: 42 });
      expect(JSON.parse(wrongType.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    });

    it('refuses path traversal', async () => {
      for (const p of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json', '/..%5c..%5cpackage.json']) {
        const res = await rawRequest(ui.port, { path: p, headers: { Host: `127.0.0.1:${ui.port}` } });
        expect(res.status, p).toBeGreaterThanOrEqual(400);
        expect(res.body).not.toContain('"name": "mailsetup"');
      }
    });

    it('never prints a password sent through the API', async () => {
      const servers = { imap: { host: '127.0.3.9', port: 1, security: 'tls' }, smtp: { host: '127.0.3.9', port: 2, security: 'tls' }, resolver: DEAD_DNS };
      await call('save', { email: 'jane@example.com', password: PASSWORD, ...servers });
      await call('test', { email: 'jane@example.com', password: PASSWORD, ...servers, timeoutMs: 2000 });
      const { stdout, stderr } = ui.output();
      expect(stdout + stderr).not.toContain(PASSWORD);
      expect(stdout + stderr).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    });
  });
});
