/**
 * Citations by name in headless Chromium, on the demo data: a consultation's outcome cites the
 * record it is about by name — chosen among the records its kind may cite, of the agreements and
 * projects of the consultation's participants — not by a typed stream id and event id; the register
 * names the cited record too. The API still receives `cites: { streamId, eventId }`.
 */
import type { Browser, Page } from 'playwright-core';
import { skipLoudly } from '@kyoyaku/event-store/testing';
import { AgreementApi } from '../support/agreement-api';
import type { TestApp } from '../support/test-app';
import {
  axeViolations,
  blocking,
  chromiumInstalled,
  CHROMIUM,
  documentWidth,
  screenshot,
  signInWithToken,
  startWebApp,
} from './browser';

const CONSULTATIONS = '/regions/aomori/consultations?fiscalYear=2026';
/** 青森市 and 平内町 only: the records of 今別町 and the others are not offered. */
const PARTICIPANTS = ['022012', '023019'];
const NAME = '協議（令和8年11月20日）';
const AGREEMENT = '青森市・平内町 連携中枢都市圏の形成に係る連携協約';
const PROJECT = '事業「行政手続オンライン化共同システム事業」';
const DECISION = '費用分担の決定：令和3年度（令和3年5月21日）';

if (!chromiumInstalled()) {
  skipLoudly('consultation outcomes citing records by name', `${CHROMIUM} not found`);
} else {
  jest.setTimeout(120_000);

  describe('a consultation outcome cites a record chosen by its name (headless Chromium, demo data)', () => {
    let t: TestApp;
    let api: AgreementApi;
    let browser: Browser;
    let page: Page;
    let errors: string[];
    let base: string;

    beforeAll(async () => {
      ({ t, base, browser, page, errors } = await startWebApp());
      api = new AgreementApi(t);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    /** The options of a <select>, by optgroup label ('' outside any). */
    async function offered(select: ReturnType<Page['locator']>): Promise<[string, string][]> {
      return select.locator('option').evaluateAll((options) =>
        options.map((o) => {
          const group = (o as unknown as { parentElement: { tagName: string; label?: string } })
            .parentElement;
          return [
            group.tagName === 'OPTGROUP' ? (group.label ?? '') : '',
            (o as unknown as { text: string }).text,
          ];
        }),
      );
    }

    it('offers the records by name per kind, records the chosen one and names it in the register', async () => {
      const scheduled = await api
        .post('/regions/aomori/consultations', {
          consultationId: 'hiranai-cites-2026',
          kind: 'extraordinary',
          scheduledOn: '2026-11-20',
          participants: PARTICIPANTS,
          agenda: ['費用分担の見直しについて'],
        })
        .expect(201);
      expect(scheduled.status).toBe(201);
      const consultationId = 'hiranai-cites-2026';

      await signInWithToken(page, base, api.secretariat, CONSULTATIONS);
      const entry = page.locator('.register-entry', { hasText: NAME });
      await entry.getByRole('button', { name: '開催を記録' }).click();
      const form = entry.locator('form');
      await form.getByLabel(/^青森市の出席者の職名/).fill('青森市企画部長');
      await form.getByLabel(/^平内町の出席者の職名/).fill('平内町企画課長');
      await form.getByLabel(/^議事録/).fill('行政手続オンライン化共同システム事業の費用分担を確認した。');
      await form.getByRole('button', { name: '結果を追加' }).click();

      // No stream id or event id to type, anywhere in the form.
      await expect(form.locator('input[name*="streamId"], input[name*="eventId"]').count()).resolves.toBe(0);
      await expect(form.innerText()).resolves.not.toMatch(/ストリームID|イベントID|streamId|eventId/);

      const cites = form.getByLabel(/^対象の記録（任意）/);
      await expect(cites.inputValue()).resolves.toBe('');
      await form.getByLabel(/^結果の区分/).selectOption({ label: '費用分担の決定' });
      const decisionOption = cites.locator(`optgroup[label="${PROJECT}"] option`, { hasText: DECISION });
      await decisionOption.waitFor({ state: 'attached' });
      const costShares = await offered(cites);
      expect(costShares[0]).toEqual(['', 'なし']);
      expect(costShares).toContainEqual([PROJECT, DECISION]);
      // Only cost shares, and only of projects 平内町 takes part in (not 今別町・外ヶ浜町's 移住相談窓口).
      for (const [group, label] of costShares.slice(1)) {
        expect(label).toMatch(/^費用分担の(決定|改定)：/);
        expect(group).toMatch(/^事業「/);
      }
      expect(costShares.map(([group]) => group).join()).not.toContain('移住相談窓口');

      await form.getByLabel(/^結果の区分/).selectOption({ label: '協約の変更' });
      const amendments = await offered(cites);
      expect(amendments).toContainEqual([AGREEMENT, '締結：変更（令和8年6月1日） 第3版（令和8年10月1日）']);
      for (const [group, label] of amendments.slice(1)) {
        expect(group).toBe(AGREEMENT);
        expect(label).toMatch(/^(手続の開始|案の記録|締結)：/);
      }
      expect(blocking(await axeViolations(page))).toEqual([]);
      await screenshot(page, 'consultation-cites-form');
      // The long names stay inside a phone's width.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(documentWidth(page)).resolves.toBe(390);
      await page.setViewportSize({ width: 1280, height: 900 });

      await form.getByLabel(/^結果の区分/).selectOption({ label: '費用分担の決定' });
      await cites.selectOption((await decisionOption.getAttribute('value')) ?? '');
      await form.getByLabel(/^結果の内容/).fill('令和3年度の費用分担の執行状況を確認した。');
      await form.getByRole('button', { name: '開催を記録する' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: '台帳に記録しました。' })
        .first()
        .waitFor({ state: 'attached' });

      // The API received the ids of the decision chosen by name.
      const register = await api.get('/projects/aomori-digital-platform/cost-shares').expect(200);
      const decision = (
        register.body as { fiscalYears: { decisions: { decidedOn: string; event: { eventId: string } }[] }[] }
      ).fiscalYears
        .flatMap((y) => y.decisions)
        .find((d) => d.decidedOn === '2021-05-21');
      const held = await api.get(`/consultations/${consultationId}`).expect(200);
      expect((held.body as { outcomes: unknown[] }).outcomes).toEqual([
        {
          kind: 'cost-share-decision',
          summary: '令和3年度の費用分担の執行状況を確認した。',
          cites: expect.objectContaining({
            streamId: 'project-aomori-digital-platform',
            eventId: decision?.event.eventId,
            type: 'CostShareDecided',
          }) as unknown,
        },
      ]);

      // The register names the cited record, never its ids.
      const outcome = page.locator('.register-entry', { hasText: NAME }).locator('.outcome-cites');
      await outcome.getByText(`対象：${PROJECT} ${DECISION}`).waitFor();
      await expect(page.locator('main').innerText()).resolves.not.toContain(decision?.event.eventId ?? '?');
      expect(blocking(await axeViolations(page))).toEqual([]);
      expect(errors).toEqual([]);
    });
  });
}
