/**
 * The web application end to end, in headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core), against the real server on the 青森圏域 demo data: the pages legal staff use,
 * sign-in by token alone (the role comes from GET /auth/whoami), the recording forms — the steps of
 * a proceeding, a consultation scheduled and held, a cost share with the allocation the API
 * computed, a doubt raised by a clerk — with their browser checks, the API's refusals next to the
 * fields and the conflict message on a stale form. axe-core checks every page (no serious or
 * critical violation of WCAG 2.1 A/AA), and a screenshot of every page is kept in test-artifacts/web/.
 *
 * The test serves the build in dist/web (what `npm run build` makes, and CI runs before the tests);
 * when that build is missing or older than the web sources, it runs `vite build` first (web-build.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { skipLoudly } from '@kyoyaku/event-store/testing';
import { toWareki } from '@kyoyaku/legal-text';
import { AOMORI_CITY, HIRANAI, IMABETSU, PROJECT_IDS } from '../fixtures/aomori';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';
import { ensureWebBuild, ROOT, WEB_BUILD } from './web-build';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
const AXE_SOURCE_FILE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const AGREEMENT = 'aomori-hiranai';
const NEW_PROCEEDING = 'hiranai-amendment-2027';
const NEW_CONSULTATION = 'aomori-2026-web';
const NEW_DOUBT = 'hiranai-2026-web';

/** Yen as the pages write them: 13,372,675円. */
function yen(amount: string): string {
  return `${amount.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}円`;
}

/** The little of the browser's globals the test reads (the test is compiled without the DOM library). */
interface BrowserGlobals {
  axe?: { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> };
  document: { activeElement: { textContent: string | null; id: string; tagName: string } | null };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

if (!existsSync(CHROMIUM)) {
  skipLoudly(
    'web application in headless Chromium',
    `${CHROMIUM} not found (install Debian's chromium package)`,
  );
} else {
  // Each test drives a real browser on a shared, busy machine.
  jest.setTimeout(60_000);

  describe('web application in headless Chromium (demo data)', () => {
    let t: TestApp;
    let api: AgreementApi;
    let browser: Browser;
    let page: Page;
    let base: string;
    const pageErrors: string[] = [];
    const axeReport: Record<string, AxeViolation[]> = {};
    const measurements: Record<string, number | string> = {};
    const axeSource = readFileSync(AXE_SOURCE_FILE, 'utf8');

    /** axe-core on the page as it is: no serious or critical WCAG 2.1 A/AA violation. */
    async function expectAccessible(name: string): Promise<void> {
      if (!(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).axe !== undefined))) {
        await page.evaluate(axeSource);
      }
      const violations = await page.evaluate(async () => {
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
      axeReport[name] = violations;
      const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect({ page: name, blocking }).toEqual({ page: name, blocking: [] });
    }

    async function screenshot(name: string): Promise<void> {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    }

    async function focused(): Promise<{ text: string | null; id: string; tag: string } | null> {
      return page.evaluate(() => {
        const element = (globalThis as unknown as BrowserGlobals).document.activeElement;
        return element === null ? null : { text: element.textContent, id: element.id, tag: element.tagName };
      });
    }

    /** The proceeding opened by the test as the pages name it: 「変更（令和8年12月7日 第1案）」. */
    async function newProceedingName(): Promise<string> {
      const p = (await api.get(`/agreements/${AGREEMENT}/proceedings/${NEW_PROCEEDING}`).expect(200))
        .body as {
        openedOn: string;
        drafts: { draftNumber: number }[];
      };
      return `変更（${toWareki(p.openedOn)} 第${p.drafts.at(-1)?.draftNumber ?? 1}案）`;
    }

    async function open(path: string): Promise<void> {
      await page.goto(`${base}${path}`);
      await page.locator('h1').first().waitFor();
    }

    /** Signs in with the token alone; the header then shows the role the API answered for it. */
    async function signIn(
      token: string,
      signedInAs: RegExp,
      to = { path: `/agreements/${AGREEMENT}/proceedings`, heading: /手続と記録/ },
    ): Promise<void> {
      await open(`/app/sign-in?return=${encodeURIComponent(to.path)}`);
      await page.getByLabel('トークン', { exact: true }).fill(token);
      await page.getByRole('button', { name: 'サインインする' }).click();
      await page.getByRole('heading', { level: 1, name: to.heading }).waitFor();
      await expect(page.locator('.signed-in > span').first().innerText()).resolves.toMatch(signedInAs);
    }

    beforeAll(async () => {
      await ensureWebBuild();
      mkdirSync(ARTIFACTS, { recursive: true });
      t = await startTestApp({}, { demo: true });
      api = new AgreementApi(t);
      await t.app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const context = await browser.newContext({
        locale: 'ja-JP',
        timezoneId: 'Asia/Tokyo',
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        // A refused request is logged by Chromium as an error too; what must never happen is a
        // script or style blocked by the Content-Security-Policy.
        if (/Content Security Policy|Refused to (load|execute|apply)/.test(message.text()))
          pageErrors.push(message.text());
      });
    }, 180_000);

    afterEach(() => {
      expect(pageErrors).toEqual([]);
    });

    afterAll(async () => {
      if (Object.keys(axeReport).length > 0) {
        writeFileSync(join(ARTIFACTS, 'axe-violations.json'), `${JSON.stringify(axeReport, null, 2)}\n`);
        writeFileSync(join(ARTIFACTS, 'measurements.json'), `${JSON.stringify(measurements, null, 2)}\n`);
      }
      await browser?.close();
      await t?.close();
    });

    it('keeps the JavaScript bundle under 250 KB gzip', () => {
      const assets = join(WEB_BUILD, 'assets');
      const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
      const sources = scripts.map((name) => readFileSync(join(assets, name)));
      const gzip = sources.reduce((sum, source) => sum + gzipSync(source, { level: 9 }).length, 0);
      // React's production build: the development build carries its warnings (and is 1.7 times larger).
      for (const source of sources)
        expect(source.toString()).not.toContain('in plain JavaScript React classes');
      measurements['javascriptGzipBytes'] = gzip;
      console.log(
        `web-app.e2e-spec: JavaScript ${scripts.length} file(s), ${(gzip / 1024).toFixed(1)} KB gzip`,
      );
      expect(gzip).toBeLessThan(250 * 1024);
    });

    it('opens the region: the core city, each agreement with its status, the measures matrix', async () => {
      await open('/app/');
      await page.getByRole('link', { name: '青森圏域連携中枢都市圏' }).click();
      await page.getByRole('heading', { level: 1, name: '青森圏域連携中枢都市圏' }).waitFor();
      expect(page.url()).toBe(`${base}/app/regions/aomori`);
      await expect(page.getByText('青森市（022012）').isVisible()).resolves.toBe(true);
      const members = page.getByRole('table', { name: /各連携協約の状態/ });
      await expect(
        members.getByRole('row', { name: /平内町（023019）.*施行中.*第2版/ }).count(),
      ).resolves.toBe(1);
      await expect(members.getByRole('row', { name: /はまなす台町.*廃止/ }).count()).resolves.toBe(1);
      const matrix = page.getByRole('table', { name: /連携施策 × 連携市町村/ });
      await expect(matrix.locator('thead th').allInnerTexts()).resolves.toEqual([
        '連携施策',
        '平内町',
        '今別町',
        '蓬田村',
        '外ヶ浜町',
      ]);
      // デジタル化の推進 came with 平内町's 2021 amendment only.
      await expect(matrix.getByRole('row', { name: /デジタル化の推進/ }).innerText()).resolves.toMatch(
        /^デジタル化の推進\s+●\s+参加\s+甲\s+中心的な役割を担う。\s+乙\s+甲と連携して取り組む。\s+—\s+不参加/,
      );
      await expectAccessible('region');
      await screenshot('region');
    });

    it('opens an agreement: the text in force as a 例規集 page beside its 沿革, 未施行 marked', async () => {
      await page.getByRole('link', { name: '平内町（023019）' }).click();
      await page.getByRole('heading', { level: 1, name: /青森市・平内町/ }).waitFor();
      const text = page.getByRole('region', { name: /に施行されている本文/ });
      await text.getByText('第2版', { exact: true }).waitFor();
      await expect(text.getByText('（令和3年4月1日）').first().isVisible()).resolves.toBe(true);
      await expect(text.locator('#article-1').innerText()).resolves.toMatch(
        /^（目的）\s*第1条\u3000この連携協約は/,
      );
      // 例規集 form: the 告示 under the title, 別表（第3条関係）, the 2021 amendment's 附則 after the original.
      await expect(text.getByText('令和元年12月25日\u3000青森市告示第600号').isVisible()).resolves.toBe(true);
      await expect(
        text.getByRole('heading', { name: '別表（第3条関係）', exact: true }).isVisible(),
      ).resolves.toBe(true);
      await expect(text.getByRole('heading', { name: '附\u3000則', exact: true }).isVisible()).resolves.toBe(
        true,
      );
      await expect(
        text.getByRole('heading', { name: '附\u3000則（令和3年3月25日青森市告示第210号）' }).isVisible(),
      ).resolves.toBe(true);
      const timeline = page.getByRole('complementary', { name: '沿革' });
      const third = timeline
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: /^第3版/ }) });
      await expect(third.getByText('未施行').isVisible()).resolves.toBe(true);
      await expect(third.getByRole('heading').innerText()).resolves.toContain(
        '令和8年10月1日一部変更（令和9年4月1日施行）',
      );
      await expect(third.innerText()).resolves.toContain('青森市告示第500号');
      await expect(third.innerText()).resolves.toContain('2027-04-01（令和9年4月1日）');
      // The demo's facts are illustrative, and the page says so.
      await expect(page.getByRole('note').innerText()).resolves.toContain('例示のデータ');
      await expectAccessible('agreement');
      await screenshot('agreement');

      // Time to first render: a fresh load of the page until the text is on screen.
      await page.goto(`${base}/app/agreements/${AGREEMENT}`);
      await page.locator('.reiki').waitFor();
      measurements['agreementFirstRenderMs'] = Math.round(await page.evaluate(() => performance.now()));
      console.log(
        `web-app.e2e-spec: agreement page rendered its text ${measurements['agreementFirstRenderMs']} ms after navigation start`,
      );
    });

    it('changes the date and sees the text change at the version boundary', async () => {
      const date = page.getByLabel('時点指定（この日に施行されている本文）');
      const banner = page.locator('.version-banner');
      const text = page.locator('.reiki');
      await date.fill('2021-03-31');
      await page.getByRole('heading', { name: '2021-03-31 に施行されている本文' }).waitFor();
      await expect(banner.innerText()).resolves.toMatch(/^第1版/);
      await expect(text.innerText()).resolves.not.toContain('デジタル化の推進');
      await expect(page.getByText('（令和3年3月31日）').first().isVisible()).resolves.toBe(true);
      expect(new URL(page.url()).searchParams.get('asOf')).toBe('2021-03-31');

      await date.fill('2021-04-01');
      await page.getByRole('heading', { name: '2021-04-01 に施行されている本文' }).waitFor();
      await expect(banner.innerText()).resolves.toMatch(/^第2版/);
      await expect(text.innerText()).resolves.toContain('デジタル化の推進');

      // The 施行日 buttons jump across the boundaries the 沿革 knows.
      await page.getByRole('button', { name: /前の施行日 2019-12-25/ }).click();
      await page.getByRole('heading', { name: '2019-12-25 に施行されている本文' }).waitFor();
      await expect(banner.innerText()).resolves.toMatch(/^第1版/);
      await date.fill('2019-12-24');
      await page.getByText('2019-12-24 に施行されている版はありません').waitFor();
    });

    it('compares two versions and finds the underlined change; shows the 改め文 and downloads the DOCX', async () => {
      await open(`/app/agreements/${AGREEMENT}`);
      await page.getByRole('link', { name: '第2版の新旧対照表' }).click();
      const table = page.getByRole('table', { name: /新旧対照表/ });
      await table.waitFor();
      expect(new URL(page.url()).search).toBe('?from=1&to=2');
      await expect(table.getByRole('columnheader').allInnerTexts()).resolves.toEqual([
        expect.stringMatching(/^変更後\s*令和3年3月25日変更（令和3年4月1日施行）/),
        expect.stringMatching(/^変更前\s*令和元年12月25日締結（令和元年12月25日施行）/),
      ]);
      await expect(
        table.locator('u', { hasText: '広域観光周遊ルートの形成' }).count(),
      ).resolves.toBeGreaterThan(0);
      await expect(table.locator('u', { hasText: '情報発信等' }).count()).resolves.toBe(1);
      const amending = page.getByRole('region', { name: '改め文' });
      await expect(
        amending
          .getByText('青森市と平内町との連携中枢都市圏の形成に係る連携協約の一部を変更する協約')
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      // In the numerals of the text it amends (横書き, 算用数字) unless the user picks another.
      await expect(
        amending
          .getByText(/この協約は、令和\d+年\d+月\d+日から施行する。/)
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      await expectAccessible('comparison');
      await screenshot('comparison');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'DOCX をダウンロード' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`${AGREEMENT}-comparison.docx`);
      const file = await download.path();
      expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');

      // The API's printable page, read with the token (never a plain link) and shown in a new tab.
      const [printable] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByRole('button', { name: '印刷用ページを開く' }).click(),
      ]);
      await printable.waitForURL(/^blob:/);
      await printable.locator('u', { hasText: '広域観光周遊ルートの形成' }).first().waitFor();
      await printable.close();

      // Two dates instead of two versions: the same change.
      await page.getByLabel('日付を選ぶ（その日に施行されている本文）').check();
      await page.getByLabel('変更前（比較元）の日付').fill('2020-04-01');
      await page.getByLabel('変更後（比較先）の日付').fill('2026-11-27');
      await page.getByRole('button', { name: '新旧対照表を表示' }).click();
      await page.waitForURL(/fromDate=2020-04-01&toDate=2026-11-27/);
      await table.locator('u', { hasText: '広域観光周遊ルートの形成' }).first().waitFor();
    });

    it('lists every event of the history with its one-line summary and shows its raw form in the page', async () => {
      await page.getByRole('link', { name: '履歴' }).click();
      const entries = page.locator('.history-entry');
      await entries.first().waitFor();
      const history = await api.get(`/agreements/${AGREEMENT}/history?limit=500`).expect(200);
      await expect(entries.count()).resolves.toBe(history.body.items.length);
      await expect(entries.first().innerText()).resolves.toContain('青森市と平内町の連携協約を登録');
      // The kind by its Japanese name, never the event type; the ledger position folded away for auditors.
      await expect(entries.first().locator('.history-type').innerText()).resolves.toBe('協約案の登録');
      await expect(page.locator('.history').innerText()).resolves.not.toMatch(/AgreementOpened|原本 JSON/);
      await entries
        .nth(3)
        .getByText(/^監査用の詳細（台帳の位置 \d+）$/)
        .click();
      const raw = entries.nth(3).getByRole('button', { name: '記録されたままの内容を見る' });
      await expect(raw.getAttribute('aria-expanded')).resolves.toBe('false');
      await raw.click();
      const shown = entries.nth(3).locator('.raw-event pre');
      await shown.waitFor();
      await expect(raw.getAttribute('aria-expanded')).resolves.toBe('true');
      const event = JSON.parse(await shown.innerText()) as {
        eventId: string;
        position: string;
        hash: string;
      };
      expect(event.eventId).toBe(history.body.items[3].eventId);
      expect(event.position).toBe(history.body.items[3].position);
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
      await expectAccessible('history');
      await screenshot('history');
    });

    it('shows the ledger: verification state and a signed checkpoint', async () => {
      await page.getByRole('link', { name: '台帳の検証' }).click();
      await page.getByRole('heading', { level: 1, name: '台帳の検証' }).waitFor();
      const note = page.getByRole('region', { name: '現在の署名付きチェックポイント' }).locator('pre');
      await expect(note.innerText()).resolves.toMatch(/^kyoyaku-ledger\n\d+\n\S+=\n\n— kyoyaku-ledger /);
      await expectAccessible('ledger');
      await screenshot('ledger');
      // A download read with the token (when signed in), not a plain link.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '検証鍵（テキスト）' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('key.txt');
      const key = (await api.get('/ledger/verifier-key').expect(200)).text;
      expect(readFileSync(await download.path(), 'utf8')).toBe(key);
    });

    it('shows the cost shares of a year: decided against settled per municipality, and the register as CSV', async () => {
      await open('/app/regions/aomori');
      await page.getByRole('link', { name: '費用分担' }).click();
      await page.getByLabel('年度', { exact: true }).selectOption('2021');
      await page.waitForURL(/fiscalYear=2021/);
      const expected = (await api.get('/regions/aomori/cost-shares?fiscalYear=2021').expect(200)).body;
      const table = page.getByRole('table', { name: '令和3年度の団体別の決定額と決算額' });
      await table.waitFor();
      await expect(page.getByRole('note').innerText()).resolves.toContain('例示のデータ');
      for (const m of expected.byMunicipality) {
        const row = await table
          .getByRole('row', { name: new RegExp(`^${m.name}（${m.municipalityCode}）`) })
          .innerText();
        expect(row).toContain(yen(m.decided));
        expect(row).toContain(m.settled === null ? '—' : yen(m.settled));
      }
      const chart = page.getByRole('img', { name: '令和3年度の団体別の負担額（決定額と決算額）' });
      await expect(chart.locator('rect.bar-decided').count()).resolves.toBe(
        expected.byMunicipality.length + 1,
      );
      await expect(
        chart.locator('text', { hasText: `決算額 ${yen(expected.byMunicipality[0].settled)}` }).count(),
      ).resolves.toBe(1);
      await expectAccessible('cost-shares');
      await screenshot('cost-shares');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'CSV をダウンロード' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('cost-shares-aomori-2021.csv');
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv.startsWith('\ufeff年度,')).toBe(true);
      expect(csv).toContain(`2021,令和3年度,団体別,023019,平内町,${expected.byMunicipality[1].decided}`);
    });

    it("shows the consultations of a year with each agreement's compliance flags", async () => {
      await page.getByRole('link', { name: '定期的な協議' }).click();
      await page.getByLabel('年度', { exact: true }).selectOption('2023');
      await page.waitForURL(/fiscalYear=2023/);
      const report = (await api.get('/agreements/aomori-yomogita/compliance?fiscalYear=2023').expect(200))
        .body;
      const row = page.locator('tr[data-agreement="aomori-yomogita"]');
      await row.waitFor();
      expect(report.consultations.periodicHeld).toBe(false);
      await expect(row.innerText()).resolves.toContain('開催の記録なし');
      for (const finding of report.findings)
        await expect(row.innerText()).resolves.toContain(finding.message);
      await expect(row.getByText('違反').count()).resolves.toBe(1);
      const register = (await api.get('/regions/aomori/consultations?fiscalYear=2023').expect(200)).body;
      const cancelled = page.locator('.register-entry', { hasText: register.items[0].cancellation.reason });
      await expect(cancelled.getByText('中止', { exact: true }).first().isVisible()).resolves.toBe(true);
      await expect(cancelled.innerText()).resolves.toContain(register.items[0].cancellation.reason);
      await expectAccessible('consultations');
      await screenshot('consultations');

      await page.getByLabel('年度', { exact: true }).selectOption('2024');
      await page.waitForURL(/fiscalYear=2024/);
      const held = (await api.get('/agreements/aomori-yomogita/compliance?fiscalYear=2024').expect(200)).body;
      expect(held.consultations.periodicHeld).toBe(true);
      await row.getByText('✓ 開催').waitFor();
    });

    it('proposes an amendment as the secretariat: checked in the browser, refused by the API at the field, then recorded', async () => {
      await open('/app/sign-in');
      // The token alone: the role is the API's answer, not a choice.
      await expect(page.getByRole('combobox').count()).resolves.toBe(0);
      await page.getByLabel('トークン', { exact: true }).fill(`${api.secretariat}x`);
      await page.getByRole('button', { name: 'サインインする' }).click();
      // In the user's language, the API's own words folded away.
      await page
        .getByRole('alert')
        .getByText(/^トークンが確認できませんでした/)
        .waitFor();
      await expect(page.getByRole('alert').innerText()).resolves.not.toContain('unknown or revoked');
      await expectAccessible('sign-in');
      await screenshot('sign-in');
      await signIn(api.secretariat, /^事務局\s+としてサインイン中$/);
      // The operation-by-operation form is the editor's 詳細 mode.
      await page.getByLabel('詳細（操作を指定）').check();
      const form = page.locator('form#amendment');
      const head = await api.head();

      await form.getByRole('button', { name: '変更の手続を開始する' }).click();
      await expect(form.getByRole('alert').innerText()).resolves.toContain('入力内容を確認してください');
      await expect(form.getByLabel(/^案の作成日/).getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(
        form.locator('.field-invalid', { has: page.getByLabel(/^案の作成日/) }).innerText(),
      ).resolves.toContain('入力してください。');
      expect(await api.head()).toBe(head);

      await form.getByLabel(/^手続ID/).fill(NEW_PROCEEDING);
      await form.getByLabel(/^案の作成日/).fill('2026-11-20');
      await form.getByLabel(/^条/).fill('9');
      await form.getByLabel(/^項/).fill('1');
      await form.getByLabel(/^改める字句/).fill('甲乙協議の上');
      await form.getByLabel(/^改めた後の字句/).fill('甲乙誠実に協議の上');
      await form.getByRole('button', { name: '変更の手続を開始する' }).click();
      const operation = form.locator('fieldset.operation').first();
      await operation.getByText('第9条が見つかりません').waitFor();
      await expect(form.getByRole('alert').first().innerText()).resolves.toContain('内容に誤りがあるため');
      expect(await api.head()).toBe(head);

      await form.getByLabel(/^条/).fill('6');
      await form.getByRole('button', { name: '変更の手続を開始する' }).click();
      // Recorded: announced, and no second proceeding is offered beside the pending one.
      await page.locator('p[role="status"]', { hasText: '記録しました' }).waitFor({ state: 'attached' });
      await page.getByText(/が進行中です。一つの協約で同時に進められる手続は一つ/).waitFor();
      await expect(form.count()).resolves.toBe(0);
      const openProceedings = page.getByRole('region', { name: '進行中の手続' });
      const proceeding = openProceedings.getByRole('article', { name: await newProceedingName() });
      const resolutionsMissing = proceeding.locator('.missing-steps li[data-step="council-resolution"]');
      await resolutionsMissing.nth(1).waitFor();
      await expect(resolutionsMissing.count()).resolves.toBe(2);
      await expectAccessible('proceedings-secretariat');
      await screenshot('proceedings-secretariat');
    });

    it('records a council resolution as a clerk and sees the proceeding advance', async () => {
      await page.getByRole('button', { name: 'サインアウト' }).click();
      await signIn(api.clerk(HIRANAI.code), /^担当職員 023019 としてサインイン中$/);
      const form = page.locator(`form#resolution-${NEW_PROCEEDING}`);
      await expect(form.getByLabel(/^当事者/).inputValue()).resolves.toBe('partner');
      // Another municipality's step first: refused by the API at the field, nothing recorded.
      const head = await api.head();
      await form.getByLabel(/^当事者/).selectOption('core');
      await form.getByLabel(/^議決日/).fill('2026-11-25');
      await form.getByRole('button', { name: '議決を記録する' }).click();
      const party = form.locator('.field', { has: page.getByLabel(/^当事者/) });
      await party.getByText(/甲（青森市）の議会の議決を記録できません/).waitFor();
      await expect(form.getByLabel(/^当事者/).getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(form.getByRole('alert').innerText()).resolves.toMatch(/権限がありません|この役割では/);
      expect(await api.head()).toBe(head);
      await screenshot('proceedings-refused');

      await form.getByLabel(/^当事者/).selectOption('partner');
      await form.getByLabel(/^議決日/).fill('2026-11-25');
      await expect(form.getByText('（令和8年11月25日）').isVisible()).resolves.toBe(true);
      await form.getByLabel(/^議案番号/).fill('議案第77号');
      await form.getByRole('button', { name: '議決を記録する' }).click();
      await page.locator('p[role="status"]', { hasText: '記録しました' }).waitFor({ state: 'attached' });
      const proceeding = page.getByRole('article', { name: await newProceedingName() });
      await proceeding.locator('dd[data-step="resolution-partner"]', { hasText: '可決' }).waitFor();
      await expect(proceeding.locator('dd[data-step="resolution-partner"]').innerText()).resolves.toBe(
        '可決（2026-11-25（令和8年11月25日）、議案第77号）',
      );
      await expect(
        proceeding.locator('.missing-steps li[data-step="council-resolution"]').allInnerTexts(),
      ).resolves.toEqual([expect.stringContaining('甲（青森市）の議会の議決')]);
      const recorded = await api.get(`/agreements/${AGREEMENT}/proceedings/${NEW_PROCEEDING}`).expect(200);
      expect(recorded.body.resolutions).toEqual([
        expect.objectContaining({
          party: 'partner',
          decision: 'approved',
          resolvedOn: '2026-11-25',
          resolutionNumber: '議案第77号',
        }),
      ]);
      // Its own council has voted on the current draft: the clerk is offered no second 議決.
      await expect(form.count()).resolves.toBe(0);
      await expectAccessible('proceedings-clerk');
      await screenshot('proceedings-clerk');
    });

    it('says someone else changed the agreement when the form is stale, and records nothing', async () => {
      // The secretariat, while 青森市's council is still awaited.
      await page.getByRole('button', { name: 'サインアウト' }).click();
      await signIn(api.secretariat, /^事務局\s+としてサインイン中$/);
      const form = page.locator(`form#resolution-${NEW_PROCEEDING}`);
      const read = await page.locator('.revision-note').innerText();
      // Meanwhile 青森市's clerk records its council's resolution (through the API, not this page).
      await api
        .post(
          `/agreements/${AGREEMENT}/proceedings/${NEW_PROCEEDING}/council-resolutions`,
          { party: 'core', decision: 'approved', resolvedOn: '2026-11-26' },
          api.clerk(AOMORI_CITY.code),
        )
        .expect(201);
      const head = await api.head();
      await form.getByLabel(/^当事者/).selectOption('core');
      await form.getByLabel(/^議決日/).fill('2026-11-26');
      await form.getByLabel(/^議決の結果/).selectOption('rejected');
      await form.getByRole('button', { name: '議決を記録する' }).click();
      const conflict = form.locator('.alert-conflict');
      await conflict.getByText('他の人がこの協約を変更しました').waitFor();
      await expect(conflict.innerText()).resolves.toMatch(
        /リビジョン \d+）に、協約が変更されています（現在のリビジョン \d+）/,
      );
      expect(await api.head()).toBe(head);
      await expect(form.getByLabel(/^議決の結果/).inputValue()).resolves.toBe('rejected');
      await expectAccessible('proceedings-conflict');
      await screenshot('proceedings-conflict');

      await conflict.getByRole('button', { name: '最新の状態を読み込む' }).click();
      await conflict.waitFor({ state: 'detached' });
      const proceeding = page.getByRole('article', { name: await newProceedingName() });
      await proceeding.locator('dd[data-step="resolution-core"]', { hasText: '可決（2026-11-26' }).waitFor();
      await expect(page.locator('.revision-note').innerText()).resolves.not.toBe(read);
      // Both councils have approved: no 議決 form any more, the 締結 form instead.
      await expect(form.count()).resolves.toBe(0);
      await page.locator(`form#conclusion-${NEW_PROCEEDING}`).waitFor();
      await page.getByRole('button', { name: 'サインアウト' }).click();
      await signIn(api.clerk(HIRANAI.code), /^担当職員 023019 としてサインイン中$/);
    });

    it('shows doubts and their dossiers to signed-in parties only', async () => {
      // The clerk of 平内町 is not a party to 今別町's agreement: the API refuses, the page says so.
      await open('/app/agreements/aomori-imabetsu/doubts');
      await page
        .getByRole('alert')
        .getByText(/権限がありません|この役割では/)
        .waitFor();
      await page.getByRole('button', { name: 'サインアウト' }).click();
      await page.getByText('疑義と紛争記録は公開されていません').waitFor();

      await signIn(api.secretariat, /^事務局\s+としてサインイン中$/);
      await open('/app/agreements/aomori-imabetsu/doubts');
      const doubts = (
        await api
          .get('/agreements/aomori-imabetsu/doubts')
          .set('authorization', `Bearer ${api.secretariat}`)
          .expect(200)
      ).body;
      const doubt = doubts.items[0];
      // Each doubt is headed by who raised it and when; the id its raiser chose is not shown.
      const name = `${doubt.raisedBy.name}が提起した疑義（${toWareki(doubt.raisedOn)}）`;
      const row = page.getByRole('row', { name: new RegExp(`^${name}`) });
      await expect(row.innerText()).resolves.toContain(doubt.statusLabel);
      await expect(page.locator('main').innerText()).resolves.not.toContain(doubt.doubtId);
      await expectAccessible('doubts');
      await screenshot('doubts');

      await page.getByRole('link', { name }).click();
      // Named by who raised it and when, not by its id.
      await page
        .getByRole('heading', {
          level: 1,
          name: new RegExp(`^紛争記録\\s${doubt.raisedBy.name}が提起した疑義（`),
        })
        .waitFor();
      // The heading shows while the dossier loads; wait for its content (slower on a database server).
      await page.getByText(doubt.question).waitFor();
      // The wording on the day it was raised, as recorded then against now: the change underlined.
      const texts = page.getByRole('table', { name: /文言が異なります/ });
      await expect(texts.locator('u', { hasText: '甲と連携して取り組む' }).count()).resolves.toBe(1);
      await expect(
        texts.locator('u', { hasText: '今別町は移住相談窓口の共同設置に参加し' }).count(),
      ).resolves.toBe(1);
      await expect(page.locator('.signed-note').innerText()).resolves.toMatch(/^kyoyaku-ledger\n/);
      await expectAccessible('dossier');
      await screenshot('dossier');
    });

    it('reads the raw form of an event with the signed-in token', async () => {
      await open(`/app/agreements/${AGREEMENT}/history`);
      const entry = page.locator('.history-entry').first();
      await entry.waitFor();
      const [request] = await Promise.all([
        page.waitForRequest((r) => r.url().includes('/events?after=')),
        entry
          .getByText(/^監査用の詳細/)
          .click()
          .then(() => entry.getByRole('button', { name: '記録されたままの内容を見る' }).click()),
      ]);
      expect(request.headers()['authorization']).toBe(`Bearer ${api.secretariat}`);
      await entry.locator('.raw-event pre').waitFor();
    });

    it('schedules a consultation and records it as held, as the secretariat', async () => {
      await open('/app/regions/aomori/consultations?fiscalYear=2026');
      const schedule = page.locator('form#schedule-consultation');
      await schedule.waitFor();
      const head = await api.head();
      await schedule.getByRole('button', { name: '協議の予定を登録する' }).click();
      await expect(schedule.getByRole('alert').innerText()).resolves.toContain('入力内容を確認してください');
      await expect(schedule.getByLabel(/^開催予定日/).getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(schedule.getByLabel(/^議題/).getAttribute('aria-invalid')).resolves.toBe('true');
      expect(await api.head()).toBe(head);

      await schedule.getByLabel(/^開催予定日/).fill('2026-11-20');
      await schedule.getByLabel(/^協議ID/).fill(NEW_CONSULTATION);
      await schedule.getByRole('radio', { name: '臨時の協議' }).check();
      for (const name of ['今別町', '蓬田村', '外ヶ浜町'])
        await schedule.getByRole('checkbox', { name: new RegExp(`^${name}（`) }).uncheck();
      await schedule.getByLabel(/^議題/).fill('令和9年度の観光事業の費用分担について');
      await schedule.getByRole('button', { name: '協議の予定を登録する' }).click();
      await schedule.getByText(/記録しました/).waitFor();
      // Named by its kind and date, not by its id.
      const entry = page.locator('.register-entry', { hasText: '協議（令和8年11月20日）' });
      await expect(entry.innerText()).resolves.not.toContain(NEW_CONSULTATION);
      await entry.getByText('開催予定', { exact: true }).waitFor();
      await expectAccessible('consultation-schedule');
      await screenshot('consultation-schedule');

      // Held: an attendee of each participant, the minutes and an outcome.
      await entry.getByRole('button', { name: '開催を記録' }).click();
      const record = page.locator(`form#record-${NEW_CONSULTATION}`);
      await expect(record.getByLabel(/^開催日/).inputValue()).resolves.toBe('2026-11-20');
      await record.getByLabel(/^青森市の出席者の職名/).fill('青森市企画部長');
      await record.getByLabel(/^平内町の出席者の職名/).fill('平内町企画政策課長');
      await record.getByRole('button', { name: '結果を追加' }).click();
      await record.getByLabel(/^結果の区分/).selectOption('cost-share-decision');
      await record.getByLabel(/^結果の内容/).fill('令和9年度の費用分担の算定方法を了承した。');
      const beforeRecord = await api.head();
      await record.getByRole('button', { name: '開催を記録する' }).click();
      await record
        .locator('.field-invalid', { has: page.getByLabel(/^議事録/) })
        .getByText('入力してください。')
        .waitFor();
      expect(await api.head()).toBe(beforeRecord);
      await expectAccessible('consultation-record');
      await screenshot('consultation-record');

      // Meanwhile the consultation is postponed (through the API): the form is stale.
      await api
        .post(`/consultations/${NEW_CONSULTATION}/postponement`, {
          postponedOn: '2026-11-18',
          rescheduledTo: '2026-11-20',
          reason: '会場の都合により時刻を変更するため',
        })
        .expect(201);
      const afterPostponement = await api.head();
      await record.getByLabel(/^議事録/).fill('均等割30%・人口割70%で按分することを了承した。');
      await record.getByRole('button', { name: '開催を記録する' }).click();
      const conflict = record.locator('.alert-conflict');
      await conflict.getByText('他の人がこの協議を変更しました').waitFor();
      await expect(conflict.innerText()).resolves.toContain(
        '（リビジョン 0）に、協議が変更されています（現在のリビジョン 1）',
      );
      expect(await api.head()).toBe(afterPostponement);
      await conflict.getByRole('button', { name: '最新の状態を読み込む' }).click();
      await entry.getByText('延期', { exact: true }).first().waitFor();
      await conflict.waitFor({ state: 'detached' });
      await expect(record.getByLabel(/^議事録/).inputValue()).resolves.toBe(
        '均等割30%・人口割70%で按分することを了承した。',
      );
      await record.getByRole('button', { name: '開催を記録する' }).click();
      await entry.getByText('開催済み', { exact: true }).waitFor();
      await expect(entry.innerText()).resolves.toContain(
        '青森市（青森市企画部長）、平内町（平内町企画政策課長）',
      );
      expect(BigInt(await api.head())).toBe(BigInt(afterPostponement) + 1n);
      const held = (await api.get(`/consultations/${NEW_CONSULTATION}`).expect(200)).body;
      expect(held).toMatchObject({
        status: 'held',
        kind: 'extraordinary',
        heldOn: '2026-11-20',
        participants: [AOMORI_CITY.code, HIRANAI.code],
        agenda: ['令和9年度の観光事業の費用分担について'],
        outcomes: [{ kind: 'cost-share-decision', summary: '令和9年度の費用分担の算定方法を了承した。' }],
      });
    });

    it('decides a cost share as the secretariat: the basis checked in the browser, refused by the API at the field, then the allocation it computed', async () => {
      await open('/app/regions/aomori/cost-shares?fiscalYear=2026');
      const form = page.locator('form#cost-share');
      await form.waitFor();
      await form.getByLabel(/^事業/).selectOption(PROJECT_IDS.tourism);
      await form.getByLabel(/^年度（西暦）/).fill('2027');
      await form.getByLabel(/^決定日/).fill('2026-11-19');
      await form.getByLabel(/^総額/).fill('1,000,001');
      for (const name of ['今別町', '蓬田村', '外ヶ浜町'])
        await form.getByRole('checkbox', { name: new RegExp(`^${name}（`) }).uncheck();
      await form.getByRole('radio', { name: '算定式（均等割・人口割・実績割）' }).check();
      await form.getByLabel(/^均等割の割合/).fill('30');
      await form.getByLabel(/^人口割の割合/).fill('60');
      await form.getByLabel(/^決定した協議/).selectOption(NEW_CONSULTATION);
      const head = await api.head();
      await form.getByRole('button', { name: '費用分担の決定を記録する' }).click();
      await form.getByText('割合の合計が 90% です。', { exact: false }).waitFor();
      expect(await api.head()).toBe(head);

      await form.getByLabel(/^人口割の割合/).fill('70');
      await form.getByText('割合の合計：100%', { exact: false }).waitFor();
      await form.getByLabel(/^人口の出典/).fill('令和2年国勢調査');
      await form.getByLabel(/^人口の基準日/).fill('2020-10-01');
      await form.getByLabel(/^青森市の人口/).fill('275192');
      await form.getByLabel(/^平内町の人口/).fill('10430');
      await form.getByRole('button', { name: '費用分担の決定を記録する' }).click();
      // The API's rule: decided before the consultation that decided it was held.
      const decidedOn = form.locator('.field', { has: page.getByLabel(/^決定日/) });
      await decidedOn.getByText(/協議の開催日（2026-11-20）より前です/).waitFor();
      await expect(form.getByLabel(/^決定日/).getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(form.getByRole('alert').first().innerText()).resolves.toContain('内容に誤りがあるため');
      expect(await api.head()).toBe(head);
      await expectAccessible('cost-share-form');
      await screenshot('cost-share-form');

      await form.getByLabel(/^決定日/).fill('2026-11-25');
      await form.getByRole('button', { name: '費用分担の決定を記録する' }).click();
      await form.getByText(/記録しました/).waitFor();
      const table = page.getByRole('table', { name: /の按分（総額 1,000,001円）/ });
      await table.waitFor();
      const register = (
        await api.get(`/projects/${PROJECT_IDS.tourism}/cost-shares?fiscalYear=2027`).expect(200)
      ).body;
      const decision = register.fiscalYears[0].decisions[0] as {
        consultationId: string;
        allocations: {
          municipalityCode: string;
          amount: string;
          share: { numerator: string; denominator: string };
        }[];
      };
      expect(decision.consultationId).toBe(NEW_CONSULTATION);
      expect(decision.allocations.map((a) => a.municipalityCode)).toEqual([AOMORI_CITY.code, HIRANAI.code]);
      for (const a of decision.allocations) {
        const row = await table.locator(`tr[data-municipality="${a.municipalityCode}"]`).innerText();
        expect(row).toContain(yen(a.amount));
        expect(row).toContain(`${a.share.numerator}/${a.share.denominator}`);
      }
      await expect(table.locator('tfoot').innerText()).resolves.toContain('1,000,001円');
      await expectAccessible('cost-share-allocation');
      await screenshot('cost-share-allocation');
    });

    it('raises a doubt as a clerk of a party: checked in the browser, refused by the API at the citation, then recorded', async () => {
      await page.getByRole('button', { name: 'サインアウト' }).click();
      await signIn(api.clerk(HIRANAI.code), /^担当職員 023019 としてサインイン中$/, {
        path: `/agreements/${AGREEMENT}/doubts`,
        heading: /疑義$/,
      });
      const form = page.locator('form#doubt');
      await expect(form.getByLabel(/^提起する当事者/).inputValue()).resolves.toBe(HIRANAI.code);
      await form.getByLabel(/^疑義ID/).fill(NEW_DOUBT);
      await form.getByLabel(/^疑義が生じた日/).fill('2026-11-20');
      await form.getByLabel(/^条項/).fill('4条2項');
      await form
        .getByLabel(/^疑義の内容/)
        .fill('協議により定めた費用分担を年度の途中で変更する場合、改めて協議を要するか。');
      const head = await api.head();
      await form.getByRole('button', { name: '疑義を提起する' }).click();
      const label = form.locator('.field', { has: page.getByLabel(/^条項/) });
      await label.getByText(/「第4条第2項」「第3条の2第1項第2号」のように/).waitFor();
      expect(await api.head()).toBe(head);

      await form.getByLabel(/^条項/).fill('第9条');
      await form.getByRole('button', { name: '疑義を提起する' }).click();
      await form
        .locator('.field-error')
        .getByText(/に存在する条項又は連携施策を引用するか/)
        .waitFor();
      await expect(form.getByRole('alert').first().innerText()).resolves.toContain('内容に誤りがあるため');
      expect(await api.head()).toBe(head);
      await expectAccessible('doubt-form');
      await screenshot('doubt-form');

      await form.getByLabel(/^条項/).fill('第4条第2項');
      await form.getByRole('button', { name: '疑義を提起する' }).click();
      await page.getByRole('link', { name: '記録した疑義の紛争記録を開く' }).waitFor();
      await page
        .getByRole('row', { name: /^平内町が提起した疑義（令和8年11月20日）/ })
        .getByText('第4条第2項')
        .waitFor();
      const raised = (
        await api
          .get(`/doubts/${NEW_DOUBT}`)
          .set('authorization', `Bearer ${api.clerk(HIRANAI.code)}`)
          .expect(200)
      ).body;
      expect(raised).toMatchObject({
        status: 'open',
        raisedBy: { code: HIRANAI.code },
        raisedOn: '2026-11-20',
        citation: { kind: 'provision', label: '第4条第2項' },
        pinned: { versionNumber: 2 },
      });
      await expectAccessible('doubts-clerk');
      await screenshot('doubts-clerk');
      // The clerk of a municipality that is not a party is offered no form (the API would refuse).
      await page.getByRole('button', { name: 'サインアウト' }).click();
      await signIn(api.clerk(IMABETSU.code), /^担当職員 023035 としてサインイン中$/, {
        path: `/agreements/${AGREEMENT}/doubts`,
        heading: /疑義$/,
      });
      await page.getByRole('alert').first().waitFor();
      await expect(page.locator('form#doubt').count()).resolves.toBe(0);
    });

    it('switches to English and back, and can be used with the keyboard alone', async () => {
      await open(`/app/agreements/${AGREEMENT}/proceedings`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: /Proceedings and recording/ }).waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await open(`/app/agreements/${AGREEMENT}`);
      await page.getByRole('heading', { level: 1, name: /Text and history of versions/ }).waitFor();
      await page.getByText('Version 2', { exact: true }).first().waitFor();
      await expectAccessible('agreement-en');
      await screenshot('agreement-en');
      await page.getByRole('button', { name: '日本語' }).click();
      await page.getByRole('heading', { level: 1, name: /本文と沿革/ }).waitFor();
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ja');

      // The first Tab reaches the skip link, which moves past the header to the content.
      await open('/app/');
      await page.keyboard.press('Tab');
      await expect(focused()).resolves.toMatchObject({ text: '本文へ移動' });
      await page.keyboard.press('Enter');
      await expect(focused()).resolves.toMatchObject({ id: 'main' });
      // Links are reached and followed from the keyboard; the new page's heading takes the focus.
      await page.getByRole('link', { name: '青森圏域連携中枢都市圏' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: '青森圏域連携中枢都市圏' }).waitFor();
      await expect(focused()).resolves.toMatchObject({ tag: 'H1' });
    });
  });
}
