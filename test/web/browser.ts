/**
 * What a browser test of the web application needs besides its steps: Debian's Chromium through
 * playwright-core (never a downloaded browser), axe-core on the page as it is, screenshots and the
 * page's width, written to test-artifacts/web/ (git-ignored).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { ensureWebBuild, ROOT } from './web-build';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
const AXE_SOURCE_FILE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** The little of the browser's globals the tests read (they are compiled without the DOM library). */
interface BrowserGlobals {
  axe?: { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> };
  document: { documentElement: { scrollWidth: number } };
}

/**
 * A page in Japanese, in Japan's time zone, that accepts downloads; script errors and resources the
 * Content-Security-Policy blocks are collected in `errors`.
 */
export async function openBrowser(): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/.test(message.text()))
      errors.push(message.text());
  });
  return { browser, page, errors };
}

const axeSource = (() => {
  let source: string | undefined;
  return () => (source ??= readFileSync(AXE_SOURCE_FILE, 'utf8'));
})();

/** axe-core's WCAG 2.1 A/AA violations on the page as it is. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).axe !== undefined))) {
    await page.evaluate(axeSource());
  }
  return page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as BrowserGlobals;
    if (axe === undefined) throw new Error('axe-core did not load');
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

/** The serious and critical ones: what a test refuses. */
export function blocking(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** How wide the document is: wider than the viewport means the page scrolls sideways. */
export function documentWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.documentElement.scrollWidth);
}

/**
 * The demo server on 127.0.0.1 serving the web build (built first when missing or stale), and a
 * browser page on it: what each browser spec starts with.
 */
/** Signs in with a token on the sign-in page, going on to `returnTo` (app-relative) when given. */
export async function signInWithToken(
  page: Page,
  base: string,
  token: string,
  returnTo?: string,
): Promise<void> {
  const query = returnTo === undefined ? '' : `?return=${encodeURIComponent(returnTo)}`;
  await page.goto(`${base}/app/sign-in${query}`);
  await page.locator('h1').first().waitFor();
  await page.getByLabel('トークン', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'サインインする' }).click();
  await page.locator('.signed-in').waitFor();
}

export async function startWebApp(): Promise<{
  t: TestApp;
  base: string;
  browser: Browser;
  page: Page;
  errors: string[];
}> {
  await ensureWebBuild();
  const t = await startTestApp({}, { demo: true });
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  return { t, base, ...(await openBrowser()) };
}
