// Every screen of the window, driven in headless Chromium against the real door and
// renderer with a scripted engine (answers that are slow or awkward to stage for real:
// a redirect to another domain, a parked discovery, a parked test). Each step is
// checked with axe-core in light and dark, for developer text, and photographed at
// 1280x800 and 800x600 in both schemes.
import { unzipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { findRendererDir } from '../../core/ui-server/renderer-dir.js';
import { startUiServer, type UiServer } from '../../core/ui-server/server.js';
import { chromiumAvailable, closeBrowser, cspViolations, launchBrowser, watchPage, type PageProblems } from './helpers/browser.js';
import { ensureBuilt, REPO } from './helpers/built-cli.js';
import { Gate, IMAP_FINGERPRINT, scriptedEngine, type Gates, type Recorded } from './helpers/scripted-engine.js';
import { checkStep, describeCheck, isFocused, problemsOf } from './helpers/steps.js';

const PASSWORD = 'screens-Pässword-1';
const hasChromium = chromiumAvailable();

/** The focused element's accessible text and whether it is fully inside the viewport. */
async function focusState(page: Page): Promise<{ tag: string; text: string; inViewport: boolean }> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null; getBoundingClientRect(): { top: number; bottom: number } } | null } }).document;
    const el = doc.activeElement;
    const win = globalThis as unknown as { innerHeight: number };
    const r = el?.getBoundingClientRect();
    return { tag: el?.tagName ?? '', text: el?.textContent ?? '', inViewport: r !== undefined && r.top >= 0 && r.bottom <= win.innerHeight };
  });
}

describe.skipIf(!hasChromium)('the window with a scripted engine', () => {
  let server: UiServer;
  let browser: BrowserContext;
  let page: Page;
  let problems: PageProblems;
  const calls: Recorded[] = [];
  const log: string[] = [];
  const gates: Gates = { discover: new Gate(), test: new Gate() };
  const email = () => page.getByRole('textbox', { name: 'Email address', exact: true });

  async function step(name: string): Promise<void> {
    const check = await checkStep(page, name);
    expect(problemsOf(check), describeCheck(check)).toBe(0);
  }

  beforeAll(async () => {
    ensureBuilt();
    const rendererDir = findRendererDir(path.join(REPO, 'core')) ?? path.join(REPO, 'renderer', 'dist');
    server = await startUiServer({ handlers: scriptedEngine(calls, gates), rendererDir, log: (l) => log.push(l) });
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.setViewportSize({ width: 800, height: 600 });
    problems = await watchPage(page);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Set up your email' }).waitFor();
  });

  afterAll(async () => {
    await closeBrowser(browser);
    await server?.close();
  });

  it('starts with name, address and password on one step, focus in the address field', async () => {
    expect((await focusState(page)).tag).toBe('INPUT');
    await page.getByRole('textbox', { name: 'Your name' }).waitFor();
    await page.getByLabel('Password', { exact: true }).waitFor();
    await step('01-start');
  });

  it('opens the secondary views in place of the flow; Escape and Back return', async () => {
    await page.getByRole('button', { name: "Check a domain's mail security" }).click();
    const audit = page.getByRole('heading', { name: /^Check a domain.s mail security$/ });
    await audit.waitFor();
    await step('02-secondary-audit');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Set up your email' }).waitFor();
    await page.getByRole('button', { name: 'Connect to cPanel' }).click();
    await page.getByRole('heading', { name: 'Your hosting account (cPanel)' }).waitFor();
    await page.getByRole('button', { name: 'Back to setting up one address' }).click();
    await page.getByRole('heading', { name: 'Set up your email' }).waitFor();
  });

  it('a bad address gets a clear message at the field, focus on it, without calling the engine', async () => {
    await email().fill('not an address');
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.locator('.field-error').waitFor();
    expect(await email().getAttribute('aria-invalid')).toBe('true');
    expect((await focusState(page)).tag).toBe('INPUT');
    expect(calls.filter((c) => c.name === 'discover')).toHaveLength(0);
    await step('03-bad-address');
  });

  it('while looking: one progress line naming what is pending, and Stop goes back to the form', async () => {
    await page.getByRole('textbox', { name: 'Your name' }).fill('Jane Doe');
    await email().fill('jane@slow.example');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Find settings' }).click();
    const heading = page.getByRole('heading', { name: 'Looking up the settings for jane@slow.example' });
    await heading.waitFor();
    await page.getByText('Still waiting for:').waitFor();
    expect((await focusState(page)).text).toContain('Looking up');
    expect(await page.getByRole('button', { name: 'Use what was found so far' }).count()).toBe(0);
    await step('04-finding');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('heading', { name: 'Set up your email' }).waitFor();
    // Stopping is not a new address: what was typed stays.
    expect(await email().inputValue()).toBe('jane@slow.example');
  });

  it('"Use what was found so far" appears once something was found, and uses it', async () => {
    await email().fill('pat@slowfound.example');
    await page.getByRole('button', { name: 'Find settings' }).click();
    const use = page.getByRole('button', { name: 'Use what was found so far' });
    await use.waitFor();
    await step('04b-finding-found');
    await use.click();
    await page.getByRole('heading', { name: 'Settings found so far' }).waitFor();
    expect(await page.locator('.summary').textContent()).toContain('mail.example-hosting.net');
    await page.getByRole('button', { name: 'Use another address' }).click();
    // A new address: the name and password typed before are gone.
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await page.getByRole('textbox', { name: 'Your name' }).fill('Jane Doe');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  });

  it('shows the answer as a short summary, focused and in view at 800x600, announced', async () => {
    await email().fill('Jane.Doe@Example.org');
    await page.getByRole('button', { name: 'Find settings' }).click();
    const heading = page.getByRole('heading', { name: 'Your settings were found' });
    await heading.waitFor();
    const focus = await focusState(page);
    expect(focus.text).toBe('Your settings were found');
    expect(focus.inViewport).toBe(true);
    expect(await page.locator('.summary').textContent()).toContain('Your mail is at mail.example-hosting.net');
    expect(await page.getByRole('status').textContent()).toContain('Settings found for Jane.Doe@example.org');
    // Lower-cased domain, as the engine's keychain user.
    expect(calls.find((c) => c.name === 'discover' && String(c.params.email).startsWith('Jane'))?.params.email).toBe('Jane.Doe@example.org');
  });

  it('servers of another domain reached without proof need an explicit choice naming both domains and the hops', async () => {
    const choice = page.locator('.choice.warn');
    const text = (await choice.textContent()) ?? '';
    expect(text).toContain('servers run by example-hosting.net, not by example.org');
    expect(text).toContain('http://autoconfig.example.org/mail/config-v1.1.xml');
    const verify = page.getByRole('button', { name: 'Verify and save' });
    expect(await verify.isDisabled()).toBe(true);
    await step('05-result-needs-choice');
    await page.getByLabel('Use example-hosting.net’s servers for my example.org mail').check();
    expect(await verify.isEnabled()).toBe(true);
  });

  it('Details: the sources collapsed to one line, expandable; Escape closes Details', async () => {
    await page.getByRole('button', { name: 'Details' }).click();
    const line = page.getByRole('button', { name: /^Asked 7 places in/ });
    await line.waitFor();
    expect(await page.locator('.waterfall-list').count()).toBe(0);
    await line.click();
    expect(await page.locator('li[data-source="autodiscover"]').textContent()).toContain('no answer in time');
    await step('06-details');
    // Escape closes what it opened, innermost first, and focus goes back to its button.
    await line.focus();
    await page.keyboard.press('Escape');
    expect(await page.locator('.waterfall-list').count()).toBe(0);
    await page.keyboard.press('Escape');
    const details = page.getByRole('button', { name: 'Details' });
    expect(await details.getAttribute('aria-expanded')).toBe('false');
    expect(await isFocused(details)).toBe(true);
  });

  it('a failed check says what went wrong in plain words and offers the fitting next step', async () => {
    await page.getByRole('button', { name: 'Verify and save' }).click();
    const heading = page.getByRole('heading', { name: 'It did not work yet' });
    await heading.waitFor();
    expect((await focusState(page)).text).toBe('It did not work yet');
    const sent = calls.filter((c) => c.name === 'test').at(-1)?.params;
    expect(sent).toMatchObject({ email: 'Jane.Doe@example.org', password: PASSWORD, save: true, displayName: 'Jane Doe', source: 'autoconfig', imap: { host: 'mail.example-hosting.net', port: 993 } });
    const outcome = (await page.locator('.outcome').textContent()) ?? '';
    expect(outcome).toContain('Receiving mail:');
    expect(outcome).toContain('not signed by an authority this computer trusts');
    expect(outcome).not.toContain('CERT_UNTRUSTED');
    expect(outcome).toContain(IMAP_FINGERPRINT);
    expect(calls.filter((c) => c.name === 'save')).toHaveLength(0);
    await step('07-check-failed');
  });

  it('the helpdesk report: full steps and transcripts in Details, Copy report as Markdown, Save report as HTML', async () => {
    await page.getByRole('button', { name: 'Details' }).click();
    const report = page.locator('.test-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('CERT_UNTRUSTED');
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await page.getByRole('button', { name: 'Copy report' }).click();
    const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    expect(copied).toContain('## MailSetup test of Jane.Doe@example.org');
    expect(copied).toContain('**CERT_UNTRUSTED**');
    expect(copied).toContain('C: AUTH PLAIN ********');
    expect(copied).not.toContain(PASSWORD);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save report' }).click()]);
    const html = readFileSync(await download.path(), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<h2>MailSetup test of Jane.Doe@example.org</h2>');
    expect(html).not.toContain(PASSWORD);
    await step('08-details-report');
    await page.getByRole('button', { name: 'Details' }).click();
  });

  it('trusting exactly the certificate, then Verify and save: saved in the same step, then "Set up on…"', async () => {
    await page.getByLabel('The fingerprint matches; trust this certificate').check();
    await page.locator('.outcome').getByRole('button', { name: 'Verify and save' }).click();
    const heading = page.getByRole('heading', { name: 'Jane.Doe@example.org is ready' });
    await heading.waitFor();
    expect((await focusState(page)).text).toBe('Jane.Doe@example.org is ready');
    expect(calls.filter((c) => c.name === 'test').at(-1)?.params).toMatchObject({ trustFingerprints: [IMAP_FINGERPRINT], save: true });
    expect(await page.locator('.step').textContent()).toContain('tested, works');
    await step('09-saved');
  });

  it('Thunderbird for Android: the QR code, big, with the three steps to scan it', async () => {
    await page.getByRole('button', { name: 'Thunderbird for Android' }).click();
    const qr = page.getByRole('img', { name: /QR code with the settings of Jane.Doe@example.org/ });
    await qr.waitFor();
    const box = await qr.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(200);
    expect(await page.locator('.install-steps li').count()).toBe(3);
    expect(calls.filter((c) => c.name === 'export').at(-1)?.params).toMatchObject({ format: 'thunderbird-mobile-qr', imap: { host: 'mail.example-hosting.net' } });
    await step('10-device-android');
  });

  it('Apple: the profile with install steps; "Include the password" needs a signing certificate first', async () => {
    await page.getByRole('button', { name: 'Apple Mail, iPhone, iPad' }).click();
    await page.getByText('Profile Downloaded').waitFor();
    await page.getByText('Put the password in the profile').click();
    expect(await page.getByLabel('Include the password (anyone with the file can read it)').isDisabled()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the profile' }).click()]);
    expect(download.suggestedFilename()).toBe('apple.txt');
    expect(calls.filter((c) => c.name === 'export').at(-1)?.params).not.toHaveProperty('includePassword');
    await step('11-device-apple');
  });

  it('Other / admin files: the helpdesk sheet rendered (no script) and printable; the publish kit as one .zip', async () => {
    await page.getByRole('button', { name: 'Other / admin files' }).click();
    await page.getByRole('button', { name: 'Show the settings sheet' }).click();
    const sheet = page.locator('.sheet');
    await sheet.getByText('Your email: Jane.Doe@example.org').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { bad?: number }).bad)).toBeUndefined();
    expect(await sheet.locator('script, style, [onclick]').count()).toBe(0);
    await page.getByRole('button', { name: 'Print the sheet' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the publish kit (.zip)' }).click()]);
    expect(download.suggestedFilename()).toBe('mail-setup-example.org.zip');
    const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
    expect(Object.keys(zip).sort()).toEqual(['README.txt', 'autodiscover/autodiscover.xml', 'mail/config-v1.1.xml']);
    expect(strFromU8(zip['mail/config-v1.1.xml']!)).toContain('mail.example-hosting.net');
    await step('12-device-other');
  });

  it('a second address starts empty: no name, password, results or test carried over', async () => {
    await page.getByRole('button', { name: 'Set up another address' }).click();
    await page.getByRole('heading', { name: 'Set up your email' }).waitFor();
    expect(await email().inputValue()).toBe('');
    expect(await page.getByRole('textbox', { name: 'Your name' }).inputValue()).toBe('');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    const account = page.locator('li.account[data-email="Jane.Doe@example.org"]');
    expect(await account.textContent()).toContain('tested, works');
    await step('13-start-with-account');
  });

  it('Cancel during a check stops it; nothing is saved', async () => {
    gates.discover.open();
    await email().fill('sam@slow.example');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByRole('heading', { name: 'Your settings were found' }).waitFor();
    await page.getByLabel(/^Use example-hosting.net’s servers/).check();
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page.getByRole('button', { name: 'Cancel' }).waitFor();
    await page.getByText(/^Sending mail: \d checks done/).waitFor();
    await step('14-checking');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.note', { hasText: 'Check cancelled. Nothing was saved.' }).waitFor();
    expect(calls.filter((c) => c.name === 'save')).toHaveLength(0);
    expect(log.some((l) => l.startsWith('POST /api/-cancel/') && l.endsWith(' 204'))).toBe(true);
  });

  it('a reload restores the settled step without the password', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Your settings were found' }).waitFor();
    expect(await page.getByLabel('Password for sam@slow.example').inputValue()).toBe('');
    expect(await page.getByRole('button', { name: 'Verify and save' }).isDisabled()).toBe(true);
  });

  it('shows an IDN address in Unicode, while the engine gets the ASCII form', async () => {
    await page.getByRole('button', { name: 'Use another address' }).click();
    await email().fill('jane@bücher.example');
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByRole('heading', { name: 'Your settings were found' }).waitFor();
    await page.getByText('For jane@bücher.example').waitFor();
    expect(calls.filter((c) => c.name === 'discover').at(-1)?.params.email).toBe('jane@xn--bcher-kva.example');
  });

  it('a blocked submission port: the other port is offered, and the check runs again on it', async () => {
    await page.getByRole('button', { name: 'Use another address' }).click();
    await email().fill('lee@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByRole('heading', { name: 'Your settings were found' }).waitFor();
    await page.getByRole('button', { name: 'Details' }).click();
    await page.getByRole('button', { name: 'Change the servers…' }).click();
    const form = page.getByRole('form', { name: 'Server settings' });
    // Prefilled from what answered, not from guessed names.
    expect(await form.getByRole('group', { name: 'Incoming mail (IMAP)' }).getByLabel('Server').inputValue()).toBe('mail.example-hosting.net');
    await form.getByRole('group', { name: 'Outgoing mail (SMTP)' }).getByLabel('Server').fill('blocked.example.org');
    await form.getByRole('button', { name: 'Use these settings' }).click();
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page.getByRole('heading', { name: 'It did not work yet' }).waitFor();
    await step('17-blocked-port');
    await page.getByRole('button', { name: 'Try port 465 and verify again' }).click();
    await page.getByRole('heading', { name: 'It did not work yet' }).waitFor();
    await expect.poll(() => calls.filter((c) => c.name === 'test').at(-1)?.params.smtp).toEqual({ host: 'blocked.example.org', port: 465, security: 'tls' });
  });

  it('a tested account the keychain cannot take can still go to devices, and says it is not saved', async () => {
    await page.getByRole('button', { name: 'Use another address' }).click();
    await email().fill('kit@nokeychain.example');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByRole('heading', { name: 'Your settings were found' }).waitFor();
    await page.getByLabel(/^Use example-hosting.net’s servers/).check();
    await page.getByRole('button', { name: 'Verify and save' }).click();
    await page.getByRole('heading', { name: 'It did not work yet' }).waitFor();
    await page.getByLabel('The fingerprint matches; trust this certificate').check();
    await page.locator('.outcome').getByRole('button', { name: 'Verify and save' }).click();
    await page.getByRole('heading', { name: 'Your servers work, but the account was not saved' }).waitFor();
    await step('18-not-saved');
    await page.getByRole('button', { name: 'Set up on a device anyway' }).click();
    await page.getByRole('heading', { name: 'kit@nokeychain.example works' }).waitFor();
    await page.getByRole('button', { name: 'Thunderbird for Android' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    expect(calls.filter((c) => c.name === 'export').at(-1)?.params).toMatchObject({ email: 'kit@nokeychain.example', imap: { host: 'mail.example-hosting.net' }, smtp: { host: 'mail.example-hosting.net' } });
    await page.getByRole('button', { name: 'Set up another address' }).click();
  });

  it('nothing found: a plain explanation and the servers to enter, which need no confirmation', async () => {
    await email().fill('sam@empty.example');
    await page.getByRole('button', { name: 'Find settings' }).click();
    await page.getByRole('heading', { name: 'No settings found for empty.example' }).waitFor();
    await step('15-nothing-found');
    const form = page.getByRole('form', { name: 'Server settings' });
    await form.getByRole('group', { name: 'Incoming mail (IMAP)' }).getByLabel('Server').fill('imap.provider.example');
    await form.getByRole('group', { name: 'Outgoing mail (SMTP)' }).getByLabel('Server').fill('smtp.provider.example');
    await form.getByRole('button', { name: 'Use these settings' }).click();
    await page.getByRole('heading', { name: 'Your settings' }).waitFor();
    await page.getByLabel('Password for sam@empty.example').fill(PASSWORD);
    expect(await page.getByRole('button', { name: 'Verify and save' }).isEnabled()).toBe(true);
  });

  it('edits a saved account without forgetting it', async () => {
    await page.getByRole('button', { name: 'Use another address' }).click();
    await page.getByRole('button', { name: 'Edit Jane.Doe@example.org', exact: true }).click();
    await page.getByRole('heading', { name: 'Change Jane.Doe@example.org' }).waitFor();
    await step('16-edit-account');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Set up your email' }).waitFor();
    expect(calls.filter((c) => c.name === 'forget')).toHaveLength(0);
  });

  it('keyboard only: Tab to the fields, Enter to find, focus lands on the answer; one polite live region', async () => {
    await page.getByRole('heading', { name: 'Set up your email' }).waitFor();
    // Focus starts in the address field; Shift+Tab reaches the name, Tab the password.
    await page.keyboard.type('kim@example.net');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your settings were found' }).waitFor();
    expect((await focusState(page)).text).toBe('Your settings were found');
    expect(await page.locator('[aria-live]').count()).toBe(1);
    expect(await page.locator('[aria-live]').getAttribute('aria-live')).toBe('polite');
    await page.getByRole('button', { name: 'Use another address' }).click();
  });

  it('the focus ring has at least 3:1 contrast against the card and the page, light and dark', async () => {
    const luminance = (rgb: number[]): number => {
      const [r, g, b] = rgb.map((v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: number[], b: number[]): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    const rgb = (css: string): number[] => (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await email().focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const colors = await email().evaluate((node) => {
        interface Styled {
          outlineColor: string;
          outlineStyle: string;
          outlineWidth: string;
          backgroundColor: string;
        }
        interface El {
          closest(sel: string): El;
          ownerDocument: { documentElement: El; defaultView: { getComputedStyle(e: El): Styled } };
        }
        const el = node as unknown as El;
        const css = (e: El): Styled => el.ownerDocument.defaultView.getComputedStyle(e);
        return { ring: css(el).outlineColor, style: css(el).outlineStyle, width: css(el).outlineWidth, card: css(el.closest('.card')).backgroundColor, page: css(el.ownerDocument.documentElement).backgroundColor };
      });
      expect(colors.style, scheme).toBe('solid');
      expect(parseFloat(colors.width)).toBeGreaterThanOrEqual(2);
      expect(contrast(rgb(colors.ring), rgb(colors.card)), `${scheme} ring vs card`).toBeGreaterThanOrEqual(3);
      expect(contrast(rgb(colors.ring), rgb(colors.page)), `${scheme} ring vs page`).toBeGreaterThanOrEqual(3);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('ran without console errors or CSP violations, and kept the password out of the log', async () => {
    expect(problems.pageErrors).toEqual([]);
    expect(problems.console).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(log.join('\n')).not.toContain(PASSWORD);
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
