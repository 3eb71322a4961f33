/**
 * A whole working year, in headless Chromium against the real server on the demo data, signed in
 * with the demo's own tokens (data/demo-tokens.json) of the role each step belongs to and nothing
 * sent to the API but by the pages' forms: a whole 変更 of 今別町's agreement (opened, both councils'
 * 議決, 締結, both 告示 and both 届出), a mistyped 告示番号 put right by a 誤記訂正, the new version read
 * in the text and the 新旧対照表; a doubt taken through the dispute procedure (付議, application,
 * appointment, 処理方策 presented, notified and published, each party's response), another resolved at a
 * held consultation, a third whose application is withdrawn with consent and which is then withdrawn;
 * and a 決算 recorded once the 年度 has ended (the server's clock and the browser's moved on).
 *
 * One server and one browser for the file. The browser's clock is the server's, so the dates the
 * forms propose are the server's today. The tests build on each other.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { skipLoudly } from '@kyoyaku/event-store/testing';
import { AgreementApi } from '../support/agreement-api';
import type { TestApp } from '../support/test-app';
import {
  axeViolations,
  blocking,
  chromiumInstalled,
  CHROMIUM,
  screenshot,
  signInWithToken,
  startWebApp,
} from './browser';

const AGREEMENT = 'aomori-imabetsu';
const PROCEEDINGS = `/agreements/${AGREEMENT}/proceedings`;
/** The agreement the doubts are raised on: 青森市 (甲) and 外ヶ浜町 (乙). */
const DISPUTED = 'aomori-sotogahama';
const AOMORI = '022012';
const IMABETSU = '023035';
const SOTOGAHAMA = '023078';
/** The server's today in the test app (its clock stands at 2026-11-27T03:00Z). */
const SERVER_NOW = '2026-11-27T12:00:00+09:00';

interface DemoToken {
  role: string;
  municipalityCode?: string;
  token: string;
}

interface BrowserGlobals {
  document: { activeElement: { id: string } | null };
}

if (!chromiumInstalled()) {
  skipLoudly(
    'a working year through the browser in headless Chromium',
    `${CHROMIUM} not found (install Debian's chromium package)`,
  );
} else {
  jest.setTimeout(180_000);

  describe('a working year recorded through the browser only, with the demo tokens', () => {
    let t: TestApp;
    let api: AgreementApi;
    let browser: Browser;
    let page: Page;
    let errors: string[];
    let base: string;
    let tokens: DemoToken[];

    /** The demo's token of the role (a clerk's of the municipality), as a new user reads it from the file. */
    function demoToken(role: string, municipalityCode?: string): string {
      const found = tokens.find((d) => d.role === role && d.municipalityCode === municipalityCode);
      if (found === undefined) throw new Error(`no demo token for ${role} ${municipalityCode ?? ''}`);
      return found.token;
    }

    async function open(path: string): Promise<void> {
      await page.goto(`${base}${path}`);
      await page.locator('h1').first().waitFor();
    }

    async function signIn(token: string, path: string): Promise<void> {
      await open('/app/');
      const signOut = page.getByRole('button', { name: 'サインアウト' });
      if ((await signOut.count()) > 0) await signOut.click();
      await signInWithToken(page, base, token, path);
    }

    async function noAxeViolations(name: string): Promise<void> {
      const violations = blocking(await axeViolations(page));
      if (violations.length > 0) await screenshot(page, `axe-${name}`);
      expect(violations).toEqual([]);
    }

    /** The page says a form recorded its step. */
    async function expectRecorded(): Promise<void> {
      await page
        .getByRole('status')
        .filter({ hasText: '台帳に記録しました。' })
        .first()
        .waitFor({ state: 'attached' });
    }

    /** Sends `form` and waits until its step is recorded and the form has gone with it. */
    async function send(form: Locator, button: string): Promise<void> {
      await form.getByRole('button', { name: button }).click();
      await expectRecorded();
      await form.waitFor({ state: 'detached' });
    }

    /** The refusal shown at `field`, in Japanese, with the focus on it. */
    async function expectRefusedAt(form: Locator, field: string, message: RegExp): Promise<void> {
      await form.getByRole('alert').first().waitFor();
      const input = form.locator(`[name="${field}"]`);
      await expect(input.getAttribute('aria-invalid')).resolves.toBe('true');
      await form.locator('.field-error').getByText(message).first().waitFor();
      const focused = await page.evaluate(
        () => (globalThis as unknown as BrowserGlobals).document.activeElement?.id ?? null,
      );
      await expect(input.getAttribute('id')).resolves.toBe(focused);
    }

    beforeAll(async () => {
      ({ t, base, browser, page, errors } = await startWebApp());
      api = new AgreementApi(t);
      tokens = JSON.parse(readFileSync(join(t.dataDir, 'demo-tokens.json'), 'utf8')) as DemoToken[];
      await page.clock.setFixedTime(new Date(SERVER_NOW));
    }, 180_000);

    afterEach(() => {
      expect(errors).toEqual([]);
    });

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    describe('a whole 変更 of 今別町’s agreement', () => {
      let proceedingId = '';
      const name = '変更（令和8年11月27日 第1案）';
      const pending = () => page.getByRole('region', { name: '進行中の手続' }).getByRole('article', { name });
      const done = () => page.getByRole('region', { name: '完了した手続' }).getByRole('article', { name });

      it('is opened by the secretariat in the editor, 施行 on the day of its 締結', async () => {
        await signIn(demoToken('secretariat'), PROCEEDINGS);
        const editor = page.getByRole('region', { name: '変更の手続を開始する' });
        const text = editor.getByLabel(/^変更後の本文（全文）/);
        const original = await text.inputValue();
        expect(original).toContain('定期的に協議を行う');
        await text.fill(original.replace('定期的に協議を行う', '毎年度1回以上協議を行う'));
        await editor.getByRole('button', { name: '変更の手続を開始する' }).click();
        const confirm = editor.getByRole('form', { name: '記録する内容の確認' });
        await confirm.waitFor();
        await expect(confirm.innerText()).resolves.toContain('この協約は、締結の日から施行する。');
        await noAxeViolations('flow-amendment-confirm');
        await confirm.getByRole('button', { name: 'この内容で変更の手続を開始する' }).click();
        await pending().waitFor();
        const list = (await api.get(`/agreements/${AGREEMENT}/proceedings`).expect(200)).body as {
          proceedingId: string;
          status: string;
        }[];
        proceedingId = list.find((p) => p.status === 'negotiating')?.proceedingId ?? '';
        expect(proceedingId).not.toBe('');
        // Not a step the secretariat's 締結 may take yet: both councils still to vote.
        await expect(page.locator(`form#conclusion-${proceedingId}`).count()).resolves.toBe(0);
      });

      it('is approved by each council, each recorded by its own clerk', async () => {
        for (const [code, party, number] of [
          [AOMORI, 'core', '議案第150号'],
          [IMABETSU, 'partner', '議案第32号'],
        ] as const) {
          await signIn(demoToken('clerk', code), PROCEEDINGS);
          const form = page.locator(`form#resolution-${proceedingId}`);
          await expect(form.locator('[name="party"]').inputValue()).resolves.toBe(party);
          await form.getByLabel(/^議決日/).fill('令和8年11月27日');
          await form.getByLabel(/^議案番号/).fill(number);
          if (party === 'core') await noAxeViolations('flow-resolution');
          await send(form, '議決を記録する');
          await expect(pending().locator(`[data-step="resolution-${party}"]`).innerText()).resolves.toMatch(
            new RegExp(`^可決（2026-11-27（令和8年11月27日）、${number}）`),
          );
        }
      });

      it('is concluded by the secretariat', async () => {
        await signIn(demoToken('secretariat'), PROCEEDINGS);
        const form = page.locator(`form#conclusion-${proceedingId}`);
        await form.getByLabel(/^締結日/).fill('2026-11-27');
        await form.getByLabel(/^施行日/).fill('2026-11-27');
        await form.locator('[name="signatories.core.name"]').fill('西 秀記');
        await form.locator('[name="signatories.partner.name"]').fill('阿部 義治');
        await noAxeViolations('flow-conclusion');
        await send(form, '締結を記録する');
        await expect(
          page.getByRole('article', { name: /変更（令和8年11月27日 第1案）/ }).innerText(),
        ).resolves.toMatch(/締結\s*2026-11-27（令和8年11月27日）/);
      });

      it('is published and notified by each party’s clerk, each offered only its own party’s steps', async () => {
        for (const [code, party, notice, filing] of [
          [AOMORI, 'core', '青森市告示第100号', '青企第1201号'],
          [IMABETSU, 'partner', '今別町告示第30号', '今企第500号'],
        ] as const) {
          await signIn(demoToken('clerk', code), PROCEEDINGS);
          const noticeForm = page.locator(`form#notice-${proceedingId}`);
          await expect(noticeForm.locator('[name="party"]').inputValue()).resolves.toBe(party);
          await noticeForm.getByLabel(/^告示番号/).fill(notice);
          await noticeForm.getByLabel(/^告示日/).fill('R8.11.27');
          await send(noticeForm, '告示を記録する');
          const filingForm = page.locator(`form#notification-${proceedingId}`);
          await expect(filingForm.locator('[name="filedBy"]').inputValue()).resolves.toBe(party);
          await filingForm.getByLabel(/^文書番号/).fill(filing);
          await filingForm.getByLabel(/^届出日/).fill('2026-11-27');
          if (party === 'core') await noAxeViolations('flow-notification');
          await send(filingForm, '届出を記録する');
        }
        // All done: the proceeding is among the completed ones, nothing missing.
        await done().waitFor();
        await expect(done().locator('.missing-steps').count()).resolves.toBe(0);
        const proceeding = (await api.get(`/agreements/${AGREEMENT}/proceedings/${proceedingId}`).expect(200))
          .body as { status: string; completed: boolean };
        expect(proceeding).toMatchObject({ status: 'concluded', completed: true });
      });

      it('has its mistyped 告示番号 put right by a 誤記訂正, the corrected number shown', async () => {
        await signIn(demoToken('secretariat'), PROCEEDINGS);
        await expect(done().innerText()).resolves.toContain('青森市告示第100号');
        const details = done().locator('details.correction');
        await details.locator('summary').click();
        const form = details.locator('form');
        const select = form.locator('[name="correctsEventId"]');
        const notice = await select.locator('option', { hasText: '青森市告示第100号' }).getAttribute('value');
        await select.selectOption(notice ?? '');
        await form.locator('[name="correction.field"]').selectOption({ label: '告示番号' });
        await form.getByLabel(/^訂正後の告示番号/).fill('青森市告示第1000号');
        await form.getByLabel(/^訂正の理由/).fill('告示番号の誤記（正しくは第1000号）');
        await noAxeViolations('flow-correction');
        await form.getByRole('button', { name: '誤記訂正を記録する' }).click();
        await expectRecorded();
        await done().getByText('青森市告示第1000号').waitFor();
        await expect(done().innerText()).resolves.not.toContain('青森市告示第100号（');
      });

      it('reads the new version in the text in force, the 沿革 and the 新旧対照表', async () => {
        await open(`/app/agreements/${AGREEMENT}`);
        const textPanel = page.locator('.text-panel');
        await textPanel.getByText(/毎年度1回以上協議を行う/).waitFor();
        await expect(textPanel.innerText()).resolves.not.toContain('定期的に協議を行う');
        const history = page.locator('aside.agreement-aside');
        await history
          .getByText(/令和8年11月27日一部変更/)
          .first()
          .waitFor();
        const historyText = await history.innerText();
        expect(historyText).toContain('青森市告示第1000号');
        expect(historyText).toContain('今別町告示第30号');
        expect(historyText).toContain('青企第1201号');
        expect(historyText).not.toContain('青森市告示第100号');
        await noAxeViolations('flow-text');

        await open(`/app/agreements/${AGREEMENT}/comparison?from=2&to=3`);
        const table = page.locator('table.comparison').first();
        await table.locator('u', { hasText: '毎年度1回以上' }).waitFor();
        await expect(table.locator('u', { hasText: '定期的に' }).count()).resolves.toBeGreaterThan(0);
        await noAxeViolations('flow-comparison');
      });
    });

    describe('doubts on 外ヶ浜町’s agreement, each step through its form', () => {
      const consultation = '協議（令和8年11月20日）';
      const dossier = (doubtId: string) => `/doubts/${doubtId}`;
      const steps = () => page.locator('section[aria-labelledby="doubt-steps-heading"]');

      /** A party's clerk raises a doubt on the doubts page and opens its dossier from there. */
      async function raise(code: string, doubtId: string, raisedOn: string, question: string): Promise<void> {
        await signIn(demoToken('clerk', code), `/agreements/${DISPUTED}/doubts`);
        const form = page.locator('form#doubt');
        await expect(form.locator('[name="raisedBy"]').inputValue()).resolves.toBe(code);
        await form.getByLabel(/^疑義ID/).fill(doubtId);
        await form.getByLabel(/^疑義が生じた日/).fill(raisedOn);
        await form.getByRole('radio', { name: '条・項・号' }).check();
        await form.getByLabel(/^条項/).fill('第4条第2項');
        await form.getByLabel(/^疑義の内容/).fill(question);
        await form.getByRole('button', { name: '疑義を提起する' }).click();
        await page.getByRole('link', { name: '記録した疑義の紛争記録を開く' }).click();
        await page.locator('#doubt-steps-heading').waitFor();
      }

      async function doubtStatus(doubtId: string): Promise<string> {
        const res = await api
          .get(`/doubts/${doubtId}`)
          .set('authorization', `Bearer ${demoToken('secretariat')}`)
          .expect(200);
        return (res.body as { status: string }).status;
      }

      it('are raised by a party’s clerk and taken up at a consultation both parties attend', async () => {
        // The secretariat schedules the consultation of 青森市 and 外ヶ浜町.
        await signIn(demoToken('secretariat'), '/regions/aomori/consultations?fiscalYear=2026');
        const schedule = page.locator('form#schedule-consultation');
        await schedule.getByLabel(/^開催予定日/).fill('2026-11-20');
        await schedule.getByRole('radio', { name: '臨時の協議' }).check();
        for (const town of ['平内町', '今別町', '蓬田村'])
          await schedule.getByRole('checkbox', { name: new RegExp(`^${town}（`) }).uncheck();
        await schedule.getByLabel(/^議題/).fill('第4条第2項の費用分担に関する疑義について');
        await schedule.getByRole('button', { name: '協議の予定を登録する' }).click();
        await page.locator('.register-entry', { hasText: consultation }).waitFor();

        await raise(
          SOTOGAHAMA,
          'soto-dispute',
          '2026-11-02',
          '既に実施した事業の費用を乙が負担するか、第4条第2項からは読み取れない。',
        );
        // Taken up at the consultation by the clerk of the party that raised it.
        const discuss = page.locator('form#doubt-discuss');
        // Only the consultations of both parties since the doubt arose (the API refuses an earlier
        // one): this one and the demo's 臨時の協議 of 令和9年2月5日, none of the years before.
        const offered = await discuss
          .locator('[name="consultationId"] option')
          .evaluateAll((options) =>
            (options as unknown as { value: string; textContent: string }[])
              .filter((o) => o.value !== '')
              .map((o) => o.textContent),
          );
        expect(offered).toHaveLength(2);
        expect(offered).toContain(consultation);
        await discuss.locator('[name="consultationId"]').selectOption({ label: consultation });
        await noAxeViolations('flow-doubt-open');
        await discuss.getByRole('button', { name: '付議を記録する' }).click();
        await expectRecorded();
        // Taken up there: that consultation is no longer offered.
        await discuss.locator('option', { hasText: consultation }).waitFor({ state: 'detached' });
        const view = await api
          .get('/doubts/soto-dispute')
          .set('authorization', `Bearer ${demoToken('secretariat')}`)
          .expect(200);
        expect((view.body as { consultations: unknown[] }).consultations).toHaveLength(1);

        await raise(
          AOMORI,
          'soto-resolved',
          '2026-11-03',
          '事業ごとの協議の時期が第4条第2項に定められていない。',
        );
        await raise(
          SOTOGAHAMA,
          'soto-withdrawn',
          '2026-11-04',
          '費用分担の「別途定める」の形式が明らかでない。',
        );
      });

      it('is resolved at the consultation once it is held, and only then offered the resolution', async () => {
        await signIn(demoToken('secretariat'), dossier('soto-resolved'));
        const discuss = page.locator('form#doubt-discuss');
        await discuss.locator('[name="consultationId"]').selectOption({ label: consultation });
        await discuss.getByRole('button', { name: '付議を記録する' }).click();
        await expectRecorded();
        // Not held yet: nothing to resolve it at.
        await expect(page.locator('form#doubt-resolve').count()).resolves.toBe(0);
        await steps()
          .getByText(/開催を記録すると/)
          .waitFor();

        await open('/app/regions/aomori/consultations?fiscalYear=2026');
        const entry = page.locator('.register-entry', { hasText: consultation });
        await entry.getByRole('button', { name: '開催を記録' }).click();
        const record = entry.locator('form[id^="record-"]');
        await record.getByLabel(/^青森市の出席者の職名/).fill('青森市企画部長');
        await record.getByLabel(/^外ヶ浜町の出席者の職名/).fill('外ヶ浜町総務課長');
        await record.getByLabel(/^議事録/).fill('第4条第2項に関する二件の疑義を協議した。');
        await record.getByRole('button', { name: '開催を記録する' }).click();
        await entry.getByText('開催済み', { exact: true }).waitFor();

        await open(`/app${dossier('soto-resolved')}`);
        const resolve = page.locator('form#doubt-resolve');
        await resolve.locator('[name="consultationId"]').selectOption({ label: consultation });
        await resolve.getByLabel(/^解決の内容/).fill('事業ごとの協議は、毎年度の予算編成前に行う。');
        await noAxeViolations('flow-doubt-resolve');
        await resolve.getByRole('button', { name: '解決を記録する' }).click();
        await steps()
          .getByText(/この疑義の手続は終わっています/)
          .waitFor();
        await expect(doubtStatus('soto-resolved')).resolves.toBe('resolved');
      });

      it('is escalated: application, appointment (its document’s date required), 処理方策 presented, notified, published, each party’s response', async () => {
        await signIn(demoToken('clerk', SOTOGAHAMA), dossier('soto-dispute'));
        const apply = page.locator('form#doubt-apply');
        await apply.getByLabel(/^申請の日/).fill('令和8年11月24日');
        await apply.getByLabel(/^申請書の文書番号/).fill('外総第300号');
        await apply.getByLabel(/^申請の要旨/).fill('自治紛争処理委員による処理方策の提示を求める。');
        await send(apply, '申請を記録する');
        await steps().getByText('知事（総務大臣）や自治紛争処理委員の手続は').waitFor();

        await signIn(demoToken('secretariat'), dossier('soto-dispute'));
        const appoint = page.locator('form#doubt-appoint');
        await appoint.getByLabel(/^任命の日/).fill('2026-11-25');
        for (const n of [1, 2, 3]) {
          await appoint.getByLabel(new RegExp(`^委員${n}の氏名`)).fill(`委員 ${n}郎`);
          await appoint.getByLabel(new RegExp(`^委員${n}の職`)).fill('弁護士');
        }
        await appoint.getByLabel(/^証する文書の文書番号/).fill('青森県指令市第210号');
        const head = await api.head();
        await appoint.getByRole('button', { name: '任命を記録する' }).click();
        await expectRefusedAt(appoint, 'evidence.documentDate', /入力してください/);
        expect(await api.head()).toBe(head);
        await noAxeViolations('flow-doubt-appoint-refused');
        await appoint.getByLabel(/^証する文書の日付/).fill('2026-11-25');
        await send(appoint, '任命を記録する');

        const present = page.locator('form#doubt-present');
        await present.getByLabel(/^当事者に提示した日/).fill('2026-11-26');
        await present.getByLabel(/^処理方策の内容/).fill('既に実施した事業の費用は、甲が負担する。');
        await present.getByLabel(/^証する文書の文書番号/).fill('紛争処理委員第1号');
        await present.getByLabel(/^証する文書の日付/).fill('2026-11-26');
        await send(present, '提示を記録する');
        // Once presented, the application can no longer be withdrawn.
        await expect(page.locator('form#doubt-withdraw-application').count()).resolves.toBe(0);

        const notify = page.locator('form#doubt-notify');
        await notify.getByLabel(/^通知の日/).fill('2026-11-26');
        await notify.getByLabel(/^証する文書の文書番号/).fill('紛争処理委員第2号');
        await notify.getByLabel(/^証する文書の日付/).fill('2026-11-26');
        await send(notify, '通知を記録する');
        const publish = page.locator('form#doubt-publish');
        await publish.getByLabel(/^公表の日/).fill('2026-11-27');
        await publish.getByLabel(/^公表の方法/).fill('青森県報');
        await publish.getByLabel(/^証する文書の文書番号/).fill('青森県報第3000号');
        await publish.getByLabel(/^証する文書の日付/).fill('2026-11-27');
        await noAxeViolations('flow-doubt-publish');
        await send(publish, '公表を記録する');
        // The secretariat does not answer for the parties' clerks here: each answers for its own.
        for (const [code, label] of [
          [AOMORI, '甲（青森市）'],
          [SOTOGAHAMA, '乙（外ヶ浜町）'],
        ] as const) {
          await signIn(demoToken('clerk', code), dossier('soto-dispute'));
          const respond = page.locator('form#doubt-respond');
          await respond.waitFor();
          const options = await respond.locator('[name="respondent"] option').allInnerTexts();
          expect(options.filter((o) => o.startsWith('甲') || o.startsWith('乙'))).toEqual([label]);
          await respond.locator('[name="respondent"]').selectOption({ label });
          await respond.locator('[name="stance"]').selectOption('accepts');
          await respond.getByLabel(/^回答の日/).fill('2026-11-27');
          await respond.getByLabel(/^回答の要旨/).fill('処理方策を尊重し、必要な措置を執る。');
          await respond.getByRole('button', { name: '回答を記録する' }).click();
          await expectRecorded();
          if (code === AOMORI) await respond.waitFor({ state: 'detached' });
        }
        await steps()
          .getByText(/この疑義の手続は終わっています/)
          .waitFor();
        await expect(doubtStatus('soto-dispute')).resolves.toBe('settled');
        await noAxeViolations('flow-doubt-settled');
      });

      it('has its application withdrawn with the 知事’s consent, and is then withdrawn by the party that raised it', async () => {
        await signIn(demoToken('clerk', SOTOGAHAMA), dossier('soto-withdrawn'));
        const apply = page.locator('form#doubt-apply');
        await apply.getByLabel(/^申請の日/).fill('2026-11-24');
        await apply.getByLabel(/^申請書の文書番号/).fill('外総第301号');
        await apply.getByLabel(/^申請の要旨/).fill('自治紛争処理委員による処理方策の提示を求める。');
        await send(apply, '申請を記録する');
        const withdrawal = page.locator('form#doubt-withdraw-application');
        await withdrawal.getByLabel(/^取下げの日/).fill('2026-11-26');
        await withdrawal.getByLabel(/^知事（総務大臣）が同意した日/).fill('2026-11-26');
        await withdrawal.getByLabel(/^取下げの理由/).fill('当事者間の協議で解決を図るため。');
        await noAxeViolations('flow-doubt-application-withdrawal');
        await send(withdrawal, '申請の取下げを記録する');
        await expect(doubtStatus('soto-withdrawn')).resolves.toBe('open');

        // Open again: the party that raised it withdraws it.
        const withdraw = page.locator('form#doubt-withdraw');
        await withdraw.getByLabel(/^取下げの理由/).fill('協議の結果、疑義が解消したため。');
        await withdraw.getByRole('button', { name: '取下げを記録する' }).click();
        await steps()
          .getByText(/この疑義の手続は終わっています/)
          .waitFor();
        await expect(doubtStatus('soto-withdrawn')).resolves.toBe('withdrawn');
      });
    });

    it('records a 決算 of 令和8年度 once the 年度 has ended (refused for a day within it)', async () => {
      await signIn(demoToken('secretariat'), '/regions/aomori/cost-shares?fiscalYear=2026');
      await page.locator('form#cost-share').waitFor();
      // 令和8年度 is not over on 2026-11-27: no 決算 offered.
      await expect(page.locator('#settlement-heading').count()).resolves.toBe(0);

      // The server's and the browser's clocks move past 令和9年3月31日.
      t.clock.set('2027-05-10T03:00:00.000Z');
      await page.clock.setFixedTime(new Date('2027-05-10T12:00:00+09:00'));
      await open('/app/regions/aomori/cost-shares?fiscalYear=2026');
      const section = page.locator('section[aria-labelledby="settlement-heading"]');
      const choice = section.locator('[name="project"]');
      const project = (await choice.locator('option').nth(1).getAttribute('value')) ?? '';
      await choice.selectOption(project);
      const settle = page.locator('form#settlement-form');
      await settle.getByLabel(/^決算の日/).fill('2027-03-31');
      await settle.getByLabel(/^実績額/).fill('1,234,000');
      await settle.getByRole('button', { name: '決算を記録する' }).click();
      await expectRefusedAt(settle, 'settledOn', /2027-03-31|令和9年3月31日/);
      await noAxeViolations('flow-settlement-refused');
      await settle.getByLabel(/^決算の日/).fill('令和9年5月10日');
      await settle.getByRole('button', { name: '決算を記録する' }).click();
      await settle.waitFor({ state: 'detached' });
      const year = (await api.get('/regions/aomori/cost-shares?fiscalYear=2026').expect(200)).body as {
        projects: { projectId: string; settled: string | null }[];
      };
      expect(year.projects.find((p) => p.projectId === project)?.settled).toBe('1234000');
      await noAxeViolations('flow-settlement-recorded');
    });
  });
}
