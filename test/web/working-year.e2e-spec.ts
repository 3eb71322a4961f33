/**
 * A working year in headless Chromium, against the real server on the demo data: 未施行 told apart from
 * 現行 (平内町's 第3版 takes effect 2027-04-01), the history in a clerk's words (Japanese kinds,
 * proceedings by name, filters by kind and party, the ledger position folded away for auditors),
 * errors in the language shown now (also after switching back), the focus on the first field in
 * error, 和暦 typed into date fields, no page scrolling sideways at 390 px, and each step's form offered
 * only while the step can be taken.
 *
 * Serves the build in dist/web (built first when missing or older than the web sources).
 */
import type { Browser, Page } from 'playwright-core';
import { skipLoudly } from '@kyoyaku/event-store/testing';
import { HIRANAI } from '../fixtures/aomori';
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
  signInWithToken,
} from './browser';

const AGREEMENT = 'aomori-hiranai';

/** The little of the browser's globals the test reads (it is compiled without the DOM library). */
interface BrowserGlobals {
  document: { activeElement: { id: string; tagName: string } | null };
  localStorage: { setItem: (key: string, value: string) => void };
}

if (!chromiumInstalled()) {
  skipLoudly(
    'working year in headless Chromium',
    `${CHROMIUM} not found (install Debian's chromium package)`,
  );
} else {
  jest.setTimeout(90_000);

  describe('the web app for a working year, in headless Chromium (demo data)', () => {
    let t: TestApp;
    let api: AgreementApi;
    let browser: Browser;
    let page: Page;
    let errors: string[];
    let base: string;

    async function open(path: string): Promise<void> {
      await page.goto(`${base}${path}`);
      await page.locator('h1').first().waitFor();
    }

    async function signIn(token: string, path: string): Promise<void> {
      await signInWithToken(page, base, token, path);
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

    it('calls 現行 only the version in force today and marks a concluded one not yet in force 未施行', async () => {
      const versions = (await api.get(`/agreements/${AGREEMENT}/versions`).expect(200)).body as {
        items: { number: number; statusToday: string; effectiveFrom: string }[];
      };
      const pending = versions.items.find((v) => v.statusToday === 'not-yet-in-force');
      const inForce = versions.items.find((v) => v.statusToday === 'in-force');
      expect(pending).toMatchObject({ number: 3, effectiveFrom: '2027-04-01' });
      expect(inForce?.number).toBe(2);

      await open('/app/');
      const row = page.getByRole('row', { name: /平内町/ });
      const cell = row.locator('td').nth(1);
      await cell.getByText('未施行').waitFor();
      const text = await cell.innerText();
      expect(text).toMatch(/^第2版/);
      expect(text).toMatch(/第3版\s*未施行\s*施行日 2027-04-01（令和9年4月1日）/);

      await open('/app/regions/aomori');
      const member = page.getByRole('row', { name: /平内町（023019）/ });
      await member.getByText('未施行').waitFor();
      await expect(member.innerText()).resolves.toMatch(/第2版\s*第3版\s*未施行/);

      await open(`/app/agreements/${AGREEMENT}/history`);
      const concluded = page.locator('.history-entry', { hasText: '令和9年4月1日施行' });
      await concluded.getByText('未施行').waitFor();
      await expect(concluded.getByText('未施行').count()).resolves.toBe(1);
      // A conclusion already in force is not marked.
      await expect(
        page.locator('.history-entry', { hasText: '令和3年4月1日施行' }).getByText('未施行').count(),
      ).resolves.toBe(0);
      await screenshot(page, 'working-year-history');
    });

    it('shows the history in words: kinds in Japanese, proceedings by name, filters by kind and by party', async () => {
      await open(`/app/agreements/${AGREEMENT}/history`);
      const entries = page.locator('.history-entry');
      await entries.first().waitFor();
      const all = await entries.count();
      const list = await page.locator('.history').innerText();
      expect(list).not.toMatch(
        /\b(AgreementOpened|ProceedingOpened|CouncilResolutionRecorded|ProceedingConcluded)\b/,
      );
      // The ledger position only in the auditors' fold, never a 「原本 JSON」.
      expect(list).not.toMatch(/原本 JSON/);
      for (const line of list.split('\n').filter((l) => l.includes('位置')))
        expect(line).toMatch(/^監査用の詳細（台帳の位置 \d+）$/);
      expect(list).toMatch(/手続：変更（令和\d+年\d+月\d+日 第1案）/);
      const proceedings = (await api.get(`/agreements/${AGREEMENT}/proceedings`).expect(200)).body as {
        proceedingId: string;
      }[];
      for (const p of proceedings) expect(list).not.toContain(p.proceedingId);

      await page.getByLabel('記録の種類').selectOption({ label: '議会の議決' });
      const resolutions = await page.locator('.history-type').allInnerTexts();
      expect(resolutions.length).toBeGreaterThan(0);
      expect(resolutions.length).toBeLessThan(all);
      expect(new Set(resolutions)).toEqual(new Set(['議会の議決']));
      await expect(
        page.getByText(`${resolutions.length} 件を表示（全 ${all} 件中）`).isVisible(),
      ).resolves.toBe(true);

      await page.getByLabel('当事者').selectOption({ label: '平内町' });
      const summaries = await page.locator('.history-summary').allInnerTexts();
      expect(summaries.length).toBeGreaterThan(0);
      for (const summary of summaries) expect(summary).toContain('平内町議会');

      await page.getByLabel('記録の種類').selectOption({ label: 'すべて' });
      await page.getByLabel('当事者').selectOption({ label: 'すべて' });
      await expect(entries.count()).resolves.toBe(all);
      expect(blocking(await axeViolations(page))).toEqual([]);
    });

    it('tells errors in the language shown now, and again in Japanese after switching back', async () => {
      await open('/app/sign-in');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByLabel('Token', { exact: true }).fill(`${api.secretariat}x`);
      await page.getByRole('button', { name: /^Sign in/ }).click();
      const alert = page.getByRole('alert');
      await alert.getByText(/^The token was not recognised/).waitFor();
      await page.getByRole('button', { name: '日本語' }).click();
      await alert.getByText(/^トークンが確認できませんでした/).waitFor();
      await expect(alert.innerText()).resolves.not.toMatch(/token was not|unknown or revoked|Unauthorized/);

      // The comparison with its dates reversed: the API's 422, told in the page's words.
      await open(`/app/agreements/${AGREEMENT}/comparison?fromDate=2022-04-01&toDate=2020-04-01`);
      const refused = page.getByRole('alert');
      await refused.getByText(/比較の始まり（変更前）が終わり（変更後）より後になっています/).waitFor();
      await expect(refused.innerText()).resolves.not.toMatch(/must not be after|Unprocessable/);
    });

    it('moves the focus to the first field in error and reads 和暦 typed into a date field', async () => {
      await signIn(api.secretariat, '/regions/aomori/consultations?fiscalYear=2026');
      const schedule = page.locator('form#schedule-consultation');
      await schedule.waitFor();
      await schedule.getByRole('button', { name: '協議の予定を登録する' }).click();
      await schedule.getByRole('alert').first().waitFor();
      const focused = await page.evaluate(() => {
        const element = (globalThis as unknown as BrowserGlobals).document.activeElement;
        return element === null ? null : { id: element.id, tag: element.tagName };
      });
      const first = schedule.locator('[aria-invalid="true"]').first();
      await expect(first.getAttribute('id')).resolves.toBe(focused?.id);
      expect(focused?.tag).not.toBe('BUTTON');

      const date = schedule.getByLabel(/^開催予定日/);
      await date.fill('R8.12.10');
      await schedule.getByText('→ 2026-12-10（令和8年12月10日）').waitFor();
      await date.fill('令和8年12月10日');
      await schedule.getByText('→ 2026-12-10（令和8年12月10日）').waitFor();
      await page.getByRole('button', { name: 'サインアウト' }).click();
    });

    it('does not scroll sideways at 390 px on any page', async () => {
      // In Japanese whatever an earlier test left chosen.
      await open('/app/');
      await page.evaluate(() =>
        (globalThis as unknown as BrowserGlobals).localStorage.setItem('kyoyaku.lang', 'ja'),
      );
      await signIn(api.secretariat, '/');
      await page.setViewportSize({ width: 390, height: 844 });
      const pages = [
        '/app/',
        '/app/regions/aomori',
        '/app/regions/aomori/cost-shares?fiscalYear=2026',
        '/app/regions/aomori/consultations?fiscalYear=2026',
        `/app/agreements/${AGREEMENT}`,
        `/app/agreements/${AGREEMENT}/comparison?from=2&to=3`,
        `/app/agreements/${AGREEMENT}/history`,
        `/app/agreements/${AGREEMENT}/proceedings`,
        '/app/agreements/aomori-imabetsu/doubts',
        '/app/ledger',
        '/app/sign-in',
      ];
      const widths: Record<string, number> = {};
      for (const path of pages) {
        await open(path);
        await page.waitForLoadState('networkidle');
        widths[path] = await documentWidth(page);
        if (widths[path] !== 390) await screenshot(page, `narrow-${path.replace(/[^a-z0-9]+/gi, '-')}`);
      }
      expect(widths).toEqual(Object.fromEntries(pages.map((path) => [path, 390])));
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it('offers a step only while it can be taken: no second 議決 of the same council, no 締結 before both, no new 変更 beside a pending one', async () => {
      const inApp = `/agreements/${AGREEMENT}/proceedings`;
      const proceedings = `/app${inApp}`;
      // Signed out first: the test before leaves the secretariat signed in.
      await open('/app/');
      const signOut = page.getByRole('button', { name: 'サインアウト' });
      if ((await signOut.count()) > 0) await signOut.click();
      await signIn(api.secretariat, inApp);
      await page.locator('#amendment-heading').waitFor();
      await page.getByText('本文を編集する').first().waitFor();
      await api
        .post(`/agreements/${AGREEMENT}/proceedings`, {
          kind: 'amendment',
          proceedingId: 'hiranai-web-steps',
          draftedOn: '2026-11-20',
          operations: [
            {
              op: 'replaceWords',
              target: { kind: 'provision', path: { article: '6' } },
              from: '定めるものとする',
              to: '定める',
            },
          ],
        })
        .expect(201);
      await open(proceedings);
      await page.locator('form#resolution-hiranai-web-steps').waitFor();
      // Both councils still to vote: no 締結 form, and no second proceeding to open (it would be a 409).
      await expect(page.locator('form#conclusion-hiranai-web-steps').count()).resolves.toBe(0);
      await page.getByText(/が進行中です。一つの協約で同時に進められる手続は一つ/).waitFor();
      await expect(page.getByText('本文を編集する').count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'サインアウト' }).click();

      // 平内町's clerk: the form until its council's vote is recorded, then none.
      const clerk = t.token('clerk', HIRANAI.code);
      await signIn(clerk, inApp);
      await page.locator('form#resolution-hiranai-web-steps').waitFor();
      await api
        .post(
          `/agreements/${AGREEMENT}/proceedings/hiranai-web-steps/council-resolutions`,
          { party: 'partner', decision: 'approved', resolvedOn: '2026-11-25' },
          clerk,
        )
        .expect(201);
      await open(proceedings);
      await page.locator('#p-hiranai-web-steps, .proceeding').first().waitFor();
      await expect(page.locator('form#resolution-hiranai-web-steps').count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'サインアウト' }).click();
    });
  });
}
