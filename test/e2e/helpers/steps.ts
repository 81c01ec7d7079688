// Every step of the window is checked the same way: axe-core (no serious or critical
// violation) in light and dark, the window's words (no command-line options, file
// paths, ISO timestamps or raw floats), and a screenshot at 1280x800 and 800x600 in
// both colour schemes under test-output/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOTS } from './browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 800, height: 600 },
] as const;
export const SCHEMES = ['light', 'dark'] as const;

/** Text that must never be on screen in the window. */
export const DEVELOPER_TEXT: { what: string; pattern: RegExp }[] = [
  { what: 'a command-line option', pattern: /(^|[\s(“"])--[a-z][a-z-]+/m },
  { what: 'a mailsetup command', pattern: /\bmailsetup\s+(discover|test|save|export|accounts|forget|ui)\b/ },
  { what: 'backticked code', pattern: /`/ },
  { what: 'a file path', pattern: /(^|\s)(~|\.{0,2})\/[\w.-]+\/[\w.-]+/m },
  { what: 'a Windows path', pattern: /[A-Z]:\\/ },
  { what: 'an ISO timestamp', pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/ },
  { what: 'a raw float', pattern: /\d+\.\d{4,}/ },
];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Serious and critical axe-core violations of the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the debugger protocol, which the page's CSP does not restrict.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(globalThis as unknown as object, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
}

export interface StepCheck {
  axe: { scheme: string; violations: AxeViolation[] }[];
  developerText: string[];
  screenshots: string[];
}

/**
 * Checks the step in both schemes and both sizes; leaves the page at `restore` size in
 * the light scheme. Focus is not touched (screenshots show where it is).
 */
export async function checkStep(page: Page, name: string, restore: { width: number; height: number } = VIEWPORTS[1]): Promise<StepCheck> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const out: StepCheck = { axe: [], developerText: [], screenshots: [] };
  const text = await visibleText(page);
  for (const { what, pattern } of DEVELOPER_TEXT) {
    const m = pattern.exec(text);
    if (m) out.developerText.push(`${what}: “${text.slice(Math.max(0, m.index - 30), m.index + 40).replace(/\s+/g, ' ')}”`);
  }
  // Resizing loses the scroll position: every picture is taken where the person was.
  const scrollY = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY);
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    out.axe.push({ scheme, violations: await axeViolations(page) });
    for (const v of VIEWPORTS) {
      await page.setViewportSize(v);
      await page.evaluate((y) => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, y), scrollY);
      const file = path.join(SCREENSHOTS, `${name}-${v.width}x${v.height}-${scheme}.png`);
      await page.screenshot({ path: file, animations: 'disabled' });
      out.screenshots.push(file);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(restore);
  await page.evaluate((y) => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, y), scrollY);
  return out;
}

/** A readable failure message for the assertions on a StepCheck. */
export function describeCheck(check: StepCheck): string {
  const axe = check.axe.flatMap((a) => a.violations.map((v) => `[${a.scheme}] ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  return [...axe, ...check.developerText].join('\n');
}

export function problemsOf(check: StepCheck): number {
  return check.axe.reduce((n, a) => n + a.violations.length, 0) + check.developerText.length;
}

/** Whether the element is the page's focused element. */
export async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement);
}
