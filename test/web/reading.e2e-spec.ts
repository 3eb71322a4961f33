/**
 * Reading, in headless Chromium against the real server on the demo data: every page fits
 * 360 and 390 px (nothing scrolls sideways, no text cut, no table header one character per line) and
 * the 沿革 stays in its panel at 1366 px; print (text in force, 新旧対照表, registers, dossier) without
 * app chrome, duplicated headings or the 改め文 panel, the 新旧対照表 with （略）, page numbers on every
 * printed page; a 目次 with an anchor per 条; search in the texts in force and, with a toggle, in every
 * version; each party's role per measure in the region matrix, its columns linking to the
 * agreements; a banner on the demo's data; consultations cited by name, never by id.
 *
 * Serves the build in dist/web (built first when missing or older than the web sources).
 */
import type { Browser, Page } from 'playwright-core';
import { skipLoudly } from '@kyoyaku/event-store/testing';
import { CONSULTATION_IDS, DOUBT_IDS } from '../fixtures/aomori';
import { pdfPageTexts } from '../print/pdf-text';
import { AgreementApi } from '../support/agreement-api';
import type { TestApp } from '../support/test-app';
import {
  axeViolations,
  blocking,
  chromiumInstalled,
  CHROMIUM,
  documentWidth,
  screenshot,
  startWebApp,
  signInWithToken,
} from './browser';

const AGREEMENT = 'aomori-hiranai';
const DOSSIER = DOUBT_IDS.imabetsuMigration;

/**
 * What does not fit, found in the page (a string, since the test is compiled without the DOM
 * library): text running past the viewport outside a scroll box or past a box that clips it, and
 * column headers so narrow that they break after every character.
 */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (node.textContent.trim() === '') continue;
    const parent = node.parentElement;
    if (parent === null || parent.closest('.visually-hidden, [hidden], .skip-link') !== null) continue;
    let clip = null;
    let scrolls = false;
    for (let e = parent; e !== null && e !== document.body; e = e.parentElement) {
      const overflow = getComputedStyle(e).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') { scrolls = true; break; }
      if (overflow === 'hidden' || overflow === 'clip') { clip = e; break; }
    }
    if (scrolls) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const right = clip === null ? width : clip.getBoundingClientRect().right;
    for (const rect of range.getClientRects()) {
      if (rect.width > 0 && rect.right > right + 1) {
        problems.push('cut: ' + node.textContent.trim().slice(0, 30));
        break;
      }
    }
  }
  for (const th of document.querySelectorAll('thead th, th[scope="col"]')) {
    const text = th.textContent.trim();
    if (text.length < 2 || th.getClientRects().length === 0) continue;
    const size = parseFloat(getComputedStyle(th).fontSize);
    const style = getComputedStyle(th);
    const inner = th.getBoundingClientRect().width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner < 1.9 * size) problems.push('header one character per line: ' + text.slice(0, 30));
  }
  return problems;
})()`;

/** Text in the 沿革 panel running past the panel's right edge. */
const ASIDE_OVERFLOW = `(() => {
  const aside = document.querySelector('.agreement-aside');
  if (aside === null) return ['no aside'];
  const right = aside.getBoundingClientRect().right;
  const problems = [];
  const walker = document.createTreeWalker(aside, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (node.textContent.trim() === '') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects())
      if (rect.width > 0 && rect.right > right + 1) { problems.push(node.textContent.trim().slice(0, 30)); break; }
  }
  return problems;
})()`;

/** The text a print shows, digits and ASCII only compared (the PDF's fonts give some kanji back as radicals). */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

if (!chromiumInstalled()) {
  skipLoudly(
    'reading pages in headless Chromium',
    `${CHROMIUM} not found (install Debian's chromium package)`,
  );
} else {
  jest.setTimeout(120_000);

  describe('reading the ledger in the web app, in headless Chromium (demo data)', () => {
    let t: TestApp;
    let api: AgreementApi;
    let browser: Browser;
    let page: Page;
    let errors: string[];
    let base: string;

    async function open(path: string): Promise<void> {
      await page.goto(`${base}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
    }

    async function signIn(token: string): Promise<void> {
      await signInWithToken(page, base, token);
    }

    async function expectAccessible(): Promise<void> {
      expect(blocking(await axeViolations(page))).toEqual([]);
    }

    beforeAll(async () => {
      ({ t, base, browser, page, errors } = await startWebApp());
      api = new AgreementApi(t);
      await signIn(api.secretariat);
    }, 180_000);

    afterEach(() => {
      expect(errors).toEqual([]);
    });

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    const PAGES = [
      '/app/',
      '/app/regions/aomori',
      '/app/regions/aomori/cost-shares?fiscalYear=2024',
      '/app/regions/aomori/consultations?fiscalYear=2024',
      `/app/agreements/${AGREEMENT}`,
      `/app/agreements/${AGREEMENT}/comparison?from=1&to=2`,
      `/app/agreements/${AGREEMENT}/history`,
      `/app/agreements/${AGREEMENT}/proceedings`,
      '/app/agreements/aomori-imabetsu/doubts',
      `/app/doubts/${DOSSIER}`,
      '/app/search?q=疑義',
      '/app/ledger',
    ];

    it.each([360, 390])(
      'fits %i px: no sideways scrolling, nothing cut, headers in whole words',
      async (width) => {
        await page.setViewportSize({ width, height: 800 });
        const found: Record<string, { width: number; problems: string[] }> = {};
        for (const path of PAGES) {
          await open(path);
          if (path.startsWith('/app/doubts/')) await page.locator('#outcome-heading').waitFor();
          const problems = await page.evaluate<string[]>(LAYOUT_PROBLEMS);
          found[path] = { width: await documentWidth(page), problems };
          if (found[path].width !== width || problems.length > 0)
            await screenshot(page, `reading-${width}-${path.replace(/[^a-z0-9]+/gi, '-')}`);
        }
        expect(found).toEqual(Object.fromEntries(PAGES.map((path) => [path, { width, problems: [] }])));
        await page.setViewportSize({ width: 1280, height: 900 });
      },
    );

    it('keeps the 沿革 inside its panel at 1366 px', async () => {
      await page.setViewportSize({ width: 1366, height: 900 });
      await open(`/app/agreements/${AGREEMENT}`);
      await page.locator('.agreement-aside li').first().waitFor();
      await expect(page.evaluate(ASIDE_OVERFLOW)).resolves.toEqual([]);
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    /**
     * The page as printed: the text it shows in print, the lines of its visible headings and
     * captions, and its PDF's pages.
     */
    async function printed(
      path: string,
      ready: string,
    ): Promise<{ text: string; headingLines: string[]; pages: string[] }> {
      await open(path);
      await page.locator(ready).first().waitFor();
      await page.emulateMedia({ media: 'print' });
      try {
        const text = await page.locator('body').innerText();
        const headingLines = await page.evaluate<
          string[]
        >(`[...document.querySelectorAll('h1, h2, h3, h4, caption')]
          .filter((e) => e.getClientRects().length > 0)
          .flatMap((e) => e.innerText.split('\\n').map((line) => line.trim()).filter((line) => line !== ''))`);
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        return { text, headingLines, pages: pdfPageTexts(pdf) };
      } finally {
        await page.emulateMedia({ media: 'screen' });
      }
    }

    function expectPageNumbers(pages: string[]): void {
      expect(pages.length).toBeGreaterThan(0);
      pages.forEach((text, index) => expect(compact(text)).toContain(`${index + 1}/${pages.length}`));
    }

    /** No heading line printed twice (the page's title repeating the document's own). */
    function repeated(lines: readonly string[]): string[] {
      return lines.filter((line, index) => lines.indexOf(line) !== index);
    }

    it('prints the text in force once, without the app around it, numbering its pages', async () => {
      const summary = (await api.get(`/agreements/${AGREEMENT}`).expect(200)).body as { title: string };
      const { text, headingLines, pages } = await printed(`/app/agreements/${AGREEMENT}`, '.reiki-article');
      expect(text.split('\n').filter((line) => line.trim() === summary.title)).toHaveLength(1);
      expect(repeated(headingLines)).toEqual([]);
      for (const chrome of ['サイト内の移動', '圏域と協約の一覧', '沿革', '時点を指定', '目次'])
        expect(text).not.toContain(chrome);
      expectPageNumbers(pages);
    });

    it('prints the 新旧対照表 with （略） for unchanged provisions, without the 改め文 panel', async () => {
      const { text, headingLines, pages } = await printed(
        `/app/agreements/${AGREEMENT}/comparison?from=1&to=2`,
        'table.comparison',
      );
      expect(text).toContain('（略）');
      expect(text).not.toMatch(/改め文/);
      expect(count(text, '新旧対照表')).toBe(1);
      expect(repeated(headingLines)).toEqual([]);
      expect(text).not.toContain('比較する版');
      expectPageNumbers(pages);
      // On screen the whole text stays, as chosen.
      await expect(page.locator('table.comparison').first().isVisible()).resolves.toBe(true);
    });

    it('prints the registers and the dossier with page numbers, no heading twice and no app chrome', async () => {
      for (const [path, ready] of [
        ['/app/regions/aomori/cost-shares?fiscalYear=2024', 'table'],
        ['/app/regions/aomori/consultations?fiscalYear=2024', '.register-entry'],
        [`/app/doubts/${DOSSIER}`, '#outcome-heading'],
      ] as const) {
        const { text, headingLines, pages } = await printed(path, ready);
        expect({ path, chrome: /サイト内の移動|台帳の検証|サインアウト/.test(text) }).toEqual({
          path,
          chrome: false,
        });
        expect({ path, repeated: repeated(headingLines) }).toEqual({ path, repeated: [] });
        expectPageNumbers(pages);
      }
    });

    it('has a 目次 linking to each 条 by a stable anchor', async () => {
      const text = (await api.get(`/agreements/${AGREEMENT}/text`).expect(200)).body as {
        document: { articles: { number: string }[] };
      };
      await open(`/app/agreements/${AGREEMENT}`);
      const toc = page.getByRole('navigation', { name: '目次' });
      await toc.waitFor();
      const anchors = await toc
        .locator('a')
        .evaluateAll((links) =>
          links.map((link) =>
            (link as unknown as { getAttribute: (n: string) => string }).getAttribute('href'),
          ),
        );
      for (const article of text.document.articles) expect(anchors).toContain(`#article-${article.number}`);
      await toc.getByRole('link', { name: /^第6条/ }).click();
      await expect(page.evaluate('location.hash')).resolves.toBe('#article-6');
      await expect(page.locator('#article-6').isVisible()).resolves.toBe(true);
      await expectAccessible();

      // A link from elsewhere to a 条 lands on it once the text has loaded.
      await open(`/app/agreements/${AGREEMENT}#article-5`);
      await page.locator('#article-5').waitFor();
      await expect(
        page.evaluate(`Math.abs(document.getElementById('article-5').getBoundingClientRect().top) < 200`),
      ).resolves.toBe(true);
    });

    it('finds words in the texts in force across agreements, and with the toggle in every version', async () => {
      await open('/app/');
      await page.getByRole('link', { name: '検索' }).click();
      const box = page.getByRole('searchbox', { name: /検索する語句/ });
      await box.fill('疑義');
      await page.getByRole('button', { name: '検索する' }).click();
      const results = page.locator('.search-result');
      await results.first().waitFor();
      const inForce = await results.allInnerTexts();
      // 第6条 疑義の解決, in each agreement in force today; never the abolished one.
      for (const partner of ['平内町', '今別町', '蓬田村', '外ヶ浜町'])
        expect(inForce.some((r) => r.includes(partner) && r.includes('第6条'))).toBe(true);
      expect(inForce.join('\n')).not.toContain('はまなす台町');
      await expectAccessible();

      // The result links to the 条 in the version found.
      const hiranai = results.filter({ hasText: '平内町' }).filter({ hasText: '第6条' }).first();
      await hiranai.getByRole('link').first().click();
      await page.locator('#article-6').waitFor();
      expect(page.url()).toMatch(/\/app\/agreements\/aomori-hiranai\?asOf=\d{4}-\d{2}-\d{2}#article-6$/);

      // Only in a version no longer in force: the abolished agreement's 前文.
      await open(`/app/search?q=${encodeURIComponent('はまなす台町')}`);
      await page.getByText('見つかりませんでした').waitFor();
      await page.getByLabel('施行されていない版も含める').check();
      await page.getByRole('button', { name: '検索する' }).click();
      await results.first().waitFor();
      await expect(results.first().innerText()).resolves.toMatch(/第1版/);
      await expect(page.locator('.search-result mark').first().innerText()).resolves.toBe('はまなす台町');
      await expectAccessible();
    });

    it("shows each party's role per measure in the region matrix, its columns linking to the agreements", async () => {
      await open('/app/regions/aomori');
      const matrix = page.locator('table.matrix');
      await matrix.waitFor();
      await matrix.getByRole('columnheader', { name: '平内町' }).getByRole('link').click();
      await page.waitForURL(/\/app\/agreements\/aomori-hiranai$/);
      await open('/app/regions/aomori');
      const tourism = matrix.getByRole('row', { name: /戦略的な観光施策の展開/ });
      await expect(tourism.innerText()).resolves.toContain('夏泊半島等の観光資源の情報を提供し');
      await expect(tourism.innerText()).resolves.toContain('甲');
      await expectAccessible();
    });

    it('says on every page that the demo data is invented', async () => {
      for (const path of ['/app/', '/app/regions/aomori', '/app/ledger', `/app/agreements/${AGREEMENT}`]) {
        await open(path);
        const banner = page.locator('.demo-banner');
        await banner.waitFor();
        await expect(banner.innerText()).resolves.toMatch(/例示.*架空|架空.*例示/);
      }
      await expectAccessible();
    });

    it('names the consultation a cost share or a dossier cites by kind and date, never by id', async () => {
      await open('/app/regions/aomori/cost-shares?fiscalYear=2024');
      const projects = page.locator('table', { has: page.getByRole('columnheader', { name: '決定の根拠' }) });
      await projects.waitFor();
      const body = await projects.innerText();
      expect(body).not.toContain(CONSULTATION_IDS.fy2024);
      expect(body).toMatch(/定期的な協議（令和6年\d+月\d+日）/);
      await open(`/app/doubts/${DOSSIER}`);
      await page.locator('#outcome-heading').waitFor();
      const dossier = await page.locator('main').innerText();
      for (const id of Object.values(CONSULTATION_IDS)) expect(dossier).not.toContain(`「${id}」`);
      expect(dossier).toMatch(/協議（令和\d+年\d+月\d+日）/);
    });
  });
}
