/**
 * The amendment editor in headless Chromium (draft first), against the real server on the
 * demo data: the secretariat takes 平内町's agreement, changes two words in 第4条, words in 第5条 and
 * 乙's role in 別表(4) by editing the text, sees the 新旧対照表（案） underline the changes and the
 * 改め文（案） state them, prints both and saves the DOCX — the ledger head unmoved throughout — then
 * opens the proceeding after a confirmation of what is recorded, prints the pending proceeding's
 * documents marked 案, and after conclusion gets them without 案. axe-core finds no serious or
 * critical violation on the editor, and at 390 px the page does not scroll sideways.
 *
 * Serves the build in dist/web (built first when missing or older than the web sources).
 */
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Browser, Download, Page } from 'playwright-core';
import { skipLoudly } from '@kyoyaku/event-store/testing';
import { toWareki } from '@kyoyaku/legal-text';
import { AgreementApi } from '../support/agreement-api';
import type { TestApp } from '../support/test-app';
import {
  axeViolations,
  blocking,
  chromiumInstalled,
  CHROMIUM,
  documentWidth,
  startWebApp,
  screenshot,
} from './browser';

const AGREEMENT = 'aomori-hiranai';
const PROCEEDING = 'hiranai-amendment-2028';

/** The text of word/document.xml in a downloaded DOCX (a zip). */
async function documentXml(download: Download): Promise<string> {
  const bytes = readFileSync(await download.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string');
  expect(xml).toBeDefined();
  return xml ?? '';
}

/** The words of a Word document: its runs joined (Word may split a phrase into several runs). */
function wordsOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

if (!chromiumInstalled()) {
  skipLoudly(
    'amendment editor in headless Chromium',
    `${CHROMIUM} not found (install Debian's chromium package)`,
  );
} else {
  jest.setTimeout(60_000);

  describe('amendment editor in headless Chromium (demo data)', () => {
    let t: TestApp;
    let api: AgreementApi;
    let browser: Browser;
    let page: Page;
    let errors: string[];
    let base: string;

    /** The proceeding as the pages name it (kind, day opened, latest 案), not by its id. */
    async function proceedingName(): Promise<string> {
      const p = (await api.get(`/agreements/${AGREEMENT}/proceedings/${PROCEEDING}`).expect(200)).body as {
        openedOn: string;
        drafts: { draftNumber: number }[];
      };
      return `変更（${toWareki(p.openedOn)} 第${p.drafts.at(-1)?.draftNumber ?? 1}案）`;
    }

    beforeAll(async () => {
      ({ t, base, browser, page, errors } = await startWebApp());
      api = new AgreementApi(t);
    }, 180_000);

    afterEach(() => {
      expect(errors).toEqual([]);
    });

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    const editor = () => page.getByRole('region', { name: '変更の手続を開始する' });
    const preview = () => page.getByRole('region', { name: '変更案のプレビュー（記録されません）' });

    /**
     * Opens the print page the button reads with the token in a new tab, checks it is a page (not
     * the JSON of the preview), and returns its text.
     */
    async function printed(button: ReturnType<Page['getByRole']>): Promise<string> {
      const [tab] = await Promise.all([page.context().waitForEvent('page'), button.click()]);
      await tab.waitForURL(/^blob:/);
      await tab.locator('body').waitFor();
      const type = await tab.evaluate(
        () => (globalThis as unknown as { document: { contentType: string } }).document.contentType,
      );
      expect(type).toBe('text/html');
      const text = await tab.locator('body').innerText();
      await tab.close();
      return text;
    }

    async function downloaded(button: ReturnType<Page['getByRole']>): Promise<Download> {
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      return download;
    }

    it('opens the editor on the text a new amendment amends, fitting a 390 px screen, accessible', async () => {
      await page.goto(
        `${base}/app/sign-in?return=${encodeURIComponent(`/agreements/${AGREEMENT}/proceedings`)}`,
      );
      await page.getByLabel('トークン', { exact: true }).fill(api.secretariat);
      await page.getByRole('button', { name: 'サインインする' }).click();
      await page.getByRole('heading', { level: 1, name: /手続と記録/ }).waitFor();
      const text = editor().getByLabel(/^変更後の本文（全文）/);
      // 第3版 (施行日 2027-04-01, not yet in force) is the last version: the one a new amendment amends.
      await expect(text.inputValue()).resolves.toContain('2　前項の協議は、毎年度1回以上行うものとする。');
      await expect(
        editor()
          .getByText(/変更する本文：.*（第3版）/)
          .isVisible(),
      ).resolves.toBe(true);
      await preview()
        .getByText('本文を編集すると、ここに新旧対照表（案）と改め文（案）が表示されます。')
        .waitFor();
      expect(blocking(await axeViolations(page))).toEqual([]);

      await page.setViewportSize({ width: 390, height: 844 });
      await expect(documentWidth(page)).resolves.toBeLessThanOrEqual(390);
      await screenshot(page, 'amendment-editor-390');
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it('tells an unreadable 改め文 in Japanese, quoting the sentence, and records nothing', async () => {
      const head = await api.head();
      await editor().getByLabel('改め文を貼り付ける').check();
      await editor()
        .getByLabel(/^改め文（変更協約の本文）/)
        .fill('　第9条中「定期的に」を「毎年度1回以上」に改める。');
      const alert = preview().getByRole('alert');
      await alert.getByText('改め文を読めません。').waitFor();
      await expect(alert.innerText()).resolves.toContain(
        '1行目「第9条中「定期的に」を「毎年度1回以上」に改める。」：第9条が見つかりません',
      );
      await expect(alert.innerText()).resolves.not.toMatch(/Unprocessable|does not read|422/);
      expect(await api.head()).toBe(head);
      await editor().getByLabel('本文を編集する').check();
    });

    it('previews the edited text: the 新旧対照表（案） underlines the new words and the 改め文（案） states them, writing nothing', async () => {
      const head = await api.head();
      const text = editor().getByLabel(/^変更後の本文（全文）/);
      const original = await text.inputValue();
      const edited = original
        .replace('事務の執行に当たっては', '事務の処理に当たっては')
        .replace('事業ごとに協議の上', '年度ごとに協議の上')
        .replace('見直しのため、定期的に協議を行う', '見直しのため、少なくとも年1回協議を行う')
        .replace('平内町は夏泊半島等の観光資源の情報を提供し', '平内町は夏泊半島等の観光資源の情報を発信し');
      expect(edited).not.toBe(original);
      await text.fill(edited);
      await editor()
        .getByLabel(/^施行日（予定）/)
        .fill('令和10年4月1日');
      await expect(editor().getByText('→ 2028-04-01（令和10年4月1日）').isVisible()).resolves.toBe(true);

      const table = preview().getByRole('table', { name: /新旧対照表（案）/ });
      await table.locator('u', { hasText: '少なくとも年1回' }).waitFor();
      await expect(table.locator('u', { hasText: '処理' }).count()).resolves.toBeGreaterThan(0);
      await expect(table.locator('u', { hasText: '発信' }).count()).resolves.toBeGreaterThan(0);
      // The old side underlines the words replaced.
      await expect(table.locator('u', { hasText: '定期的に' }).count()).resolves.toBeGreaterThan(0);
      const amending = await preview().locator('.amending-text').innerText();
      expect(amending).toMatch(/第5条(第1項)?中「定期的に」を「少なくとも年1回」に改める。/);
      expect(amending).toMatch(
        /第4条第1項中「執行」を「処理」に改め、同条第2項中「事業」を「年度」に改める。/,
      );
      expect(amending).toContain('別表(4)の項中「提供」を「発信」に改める。');
      expect(amending).toContain('この協約は、令和10年4月1日から施行する。');
      expect(amending).toContain('一部を変更する協約（案）');
      await expect(preview().getByRole('status').innerText()).resolves.toBe('入力した内容のプレビューです。');
      expect(blocking(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'amendment-editor-preview');
      // On a phone the preview goes below the text, and the table scrolls within its own box.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(documentWidth(page)).resolves.toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await api.head()).toBe(head);
    });

    it('prints the 新旧対照表（案） and the 改め文（案） of the preview and saves the DOCX, writing nothing', async () => {
      const head = await api.head();
      const comparison = await printed(preview().getByRole('button', { name: '新旧対照表（案）を印刷' }));
      expect(comparison).toContain('新旧対照表（案）');
      expect(comparison).toContain('少なくとも年1回');
      const amending = await printed(preview().getByRole('button', { name: '改め文（案）を印刷' }));
      expect(amending).toContain('一部を変更する協約（案）');
      expect(amending).toContain('別表(4)の項中「提供」を「発信」に改める。');

      const download = await downloaded(
        preview().getByRole('button', { name: '新旧対照表（案）をダウンロード（DOCX）' }),
      );
      expect(download.suggestedFilename()).toBe(`${AGREEMENT}-draft-comparison.docx`);
      const words = wordsOf(await documentXml(download));
      expect(words).toContain('案');
      expect(words).toContain('少なくとも年1回');
      expect(await api.head()).toBe(head);
    });

    it('shows what will be recorded, records it only when confirmed, and lists the proceeding', async () => {
      await editor()
        .getByLabel(/^手続ID（省略可）/)
        .fill(PROCEEDING);
      const head = await api.head();
      await editor().getByRole('button', { name: '変更の手続を開始する' }).click();
      const confirm = editor().getByRole('form', { name: '記録する内容の確認' });
      await confirm.waitFor();
      await expect(confirm.locator('.draft-summary dd[data-count]').getAttribute('data-count')).resolves.toBe(
        '4',
      );
      await expect(confirm.locator('.draft-sentences li').allInnerTexts()).resolves.toEqual([
        '第4条第1項中「執行」を「処理」に改め、同条第2項中「事業」を「年度」に改める。',
        expect.stringMatching(/^第5条(第1項)?中「定期的に」を「少なくとも年1回」に改める。$/),
        '別表(4)の項中「提供」を「発信」に改める。',
      ]);
      await expect(confirm.innerText()).resolves.toContain('この協約は、令和10年4月1日から施行する。');
      expect(blocking(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'amendment-editor-confirm');
      // Nothing is written before the confirmation.
      expect(await api.head()).toBe(head);

      await confirm.getByRole('button', { name: 'この内容で変更の手続を開始する' }).click();
      // Recorded: announced, and the editor gives way to the pending proceeding (one at a time).
      await page.locator('p[role="status"]', { hasText: '記録しました' }).waitFor({ state: 'attached' });
      await editor()
        .getByText(/が進行中です。一つの協約で同時に進められる手続は一つ/)
        .waitFor();
      const listed = page
        .getByRole('region', { name: '進行中の手続' })
        .getByRole('article', { name: await proceedingName() });
      await listed.waitFor();
      const recorded = await api.get(`/agreements/${AGREEMENT}/proceedings/${PROCEEDING}`).expect(200);
      expect(recorded.body).toMatchObject({ kind: 'amendment', status: 'negotiating' });
      const text = await api
        .get(`/agreements/${AGREEMENT}/proceedings/${PROCEEDING}/amending-text`)
        .set('accept', 'text/plain')
        .expect(200);
      expect(text.text).toContain('別表(4)の項中「提供」を「発信」に改める。');
      expect(text.text).toContain('この協約は、令和10年4月1日から施行する。');
    });

    it('prints and saves the pending proceeding’s documents marked 案 for the councils', async () => {
      const proceeding = page
        .getByRole('region', { name: '進行中の手続' })
        .getByRole('article', { name: await proceedingName() });
      const comparison = await printed(proceeding.getByRole('button', { name: '新旧対照表（案）を印刷' }));
      expect(comparison).toContain('新旧対照表（案）');
      const amending = await printed(proceeding.getByRole('button', { name: '改め文（案）を印刷' }));
      expect(amending).toContain('一部を変更する協約（案）');
      const download = await downloaded(
        proceeding.getByRole('button', { name: '改め文（案）をダウンロード（DOCX）' }),
      );
      expect(download.suggestedFilename()).toBe(`${AGREEMENT}-${PROCEEDING}-amending-text-draft.docx`);
      expect(wordsOf(await documentXml(download))).toContain('一部を変更する協約（案）');
      await screenshot(page, 'amendment-proceeding-pending');
    });

    it('gives the same documents without 案 once the amendment is concluded', async () => {
      await api.carryThrough(AGREEMENT, PROCEEDING, {
        resolvedOn: '2026-11-27',
        concludedOn: '2026-11-27',
        effectiveOn: '2028-04-01',
      });
      await page.reload();
      const proceeding = page
        .getByRole('region', { name: '完了した手続' })
        .getByRole('article', { name: await proceedingName() });
      await proceeding.waitFor();
      await expect(proceeding.getByRole('button', { name: /（案）/ }).count()).resolves.toBe(0);
      const comparison = await printed(proceeding.getByRole('button', { name: '新旧対照表を印刷' }));
      expect(comparison).toContain('新旧対照表');
      expect(comparison).not.toContain('（案）');
      const download = await downloaded(
        proceeding.getByRole('button', { name: '改め文をダウンロード（DOCX）' }),
      );
      const words = wordsOf(await documentXml(download));
      expect(words).toContain('一部を変更する協約');
      expect(words).not.toContain('（案）');
    });
  });
}
