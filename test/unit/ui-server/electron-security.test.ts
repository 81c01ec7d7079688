// The desktop shell cannot run here (no Electron binary), so its security decisions
// live in electron/security.ts and are checked directly.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as DOOR_CSP } from '../../../core/ui-server/security.js';
import { CONTENT_SECURITY_POLICY, createSenderCheck, isAllowedRequestUrl, WEB_PREFERENCES, type SenderCheck } from '../../../electron/security.js';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');

describe('electron window hardening', () => {
  it('isolates and sandboxes the renderer, without Node', () => {
    expect(WEB_PREFERENCES.contextIsolation).toBe(true);
    expect(WEB_PREFERENCES.sandbox).toBe(true);
    expect(WEB_PREFERENCES.nodeIntegration).toBe(false);
    expect(WEB_PREFERENCES.nodeIntegrationInSubFrames).toBe(false);
    expect(WEB_PREFERENCES.webSecurity).toBe(true);
    expect(WEB_PREFERENCES.webviewTag).toBe(false);
    expect(WEB_PREFERENCES.allowRunningInsecureContent).toBe(false);
    expect(WEB_PREFERENCES.disableBlinkFeatures).toBe('Auxclick');
  });

  it('makes its window in main.ts with exactly these preferences, spelled out (the checklist reads them there)', () => {
    const file = path.join(REPO, 'electron', 'main.ts');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const windows: Record<string, unknown>[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && node.expression.getText(source) === 'BrowserWindow') {
        const options = node.arguments?.[0];
        const prefs = options && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => p.name?.getText(source) === 'webPreferences') : undefined;
        expect(prefs && ts.isPropertyAssignment(prefs) && ts.isObjectLiteralExpression(prefs.initializer), 'webPreferences is an object literal').toBe(true);
        const literal = (prefs as ts.PropertyAssignment).initializer as ts.ObjectLiteralExpression;
        windows.push(
          Object.fromEntries(
            literal.properties.filter(ts.isPropertyAssignment).map((p) => {
              const v = p.initializer;
              const value = v.kind === ts.SyntaxKind.TrueKeyword ? true : v.kind === ts.SyntaxKind.FalseKeyword ? false : ts.isStringLiteral(v) ? v.text : v.getText(source);
              return [p.name.getText(source), value];
            }),
          ),
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(windows).toEqual([{ ...WEB_PREFERENCES, preload: 'preloadPath' }]);
  });

  it('uses the same strict CSP as the loopback door: no inline or eval script', () => {
    const directives = (csp: string) => csp.split(';').map((d) => d.trim()).sort();
    expect(directives(CONTENT_SECURITY_POLICY)).toEqual(directives(DOOR_CSP));
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('has no inline script in the renderer page, and the page carries the CSP itself', () => {
    const html = readFileSync(path.join(REPO, 'renderer', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe('');
    }
    expect(html).toContain(`content="${DOOR_CSP.replace("; frame-ancestors 'none'", '')}"`);
  });

  it('loads no remote content', () => {
    const dir = 'file:///opt/MailSetup/resources/app/renderer/dist/';
    expect(isAllowedRequestUrl(`${dir}index.html`, dir)).toBe(true);
    expect(isAllowedRequestUrl(`${dir}assets/index.js`, dir)).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA', dir)).toBe(true);
    expect(isAllowedRequestUrl('https://example.com/x.js', dir)).toBe(false);
    expect(isAllowedRequestUrl('http://127.0.0.1:8080/', dir)).toBe(false);
    expect(isAllowedRequestUrl('file:///etc/passwd', dir)).toBe(false);
    expect(isAllowedRequestUrl(`${dir}../../../../../../etc/passwd`, dir)).toBe(false);
  });
});

describe('electron IPC sender check', () => {
  const rendererUrl = 'file:///opt/MailSetup/resources/app/renderer/dist/index.html';
  const mainFrame = { url: rendererUrl };
  const trusted = new Set([7]);
  const check: SenderCheck = createSenderCheck(rendererUrl, trusted);
  const event = (id: number, frame: { url: string } | null, main: { url: string } = mainFrame) =>
    ({ sender: { id, mainFrame: main }, senderFrame: frame }) as unknown as Parameters<SenderCheck>[0];

  it('accepts the main frame of our window on the bundled page', () => {
    expect(check(event(7, mainFrame))).toBe(true);
  });

  it('refuses other windows, subframes, missing frames and other pages', () => {
    expect(check(event(8, mainFrame))).toBe(false);
    expect(check(event(7, { url: rendererUrl }))).toBe(false);
    expect(check(event(7, null))).toBe(false);
    const elsewhere = { url: 'https://evil.example/' };
    expect(check(event(7, elsewhere, elsewhere))).toBe(false);
    const otherFile = { url: 'file:///tmp/evil.html' };
    expect(check(event(7, otherFile, otherFile))).toBe(false);
  });
});
