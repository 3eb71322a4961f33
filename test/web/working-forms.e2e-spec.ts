/**
 * The forms of a working year in headless Chromium, against the real server on the demo data: the forms for
 * the rest of a working year — a 修正案 (第2案) after a 否決, the 取下げ of a proceeding, the opening
 * of an abolition, a 誤記訂正 of a mistyped 告示番号, and a doubt taken through the dispute procedure
 * (application, appointment, 処理方策, both responses) — each with one refusal and one success, each
 * offered only to the roles that may use it and only while it makes sense, axe finding nothing.
 *
 * One server and one browser for the file (browser specs are slow). The steps build on each other.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { municipalityCheckDigit } from '@kyoyaku/domain';
import { skipLoudly } from '@kyoyaku/event-store/testing';
import { HIRANAI } from '../fixtures/aomori';
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

const AGREEMENT = 'aomori-hiranai';
const PROCEEDINGS = `/agreements/${AGREEMENT}/proceedings`;
/** 三戸町, not in the demo region: a municipality to open an agreement with and to recommend. */
const SANNOHE = { code: `02443${municipalityCheckDigit('02443')}`, name: '三戸町' };

interface BrowserGlobals {
  document: { activeElement: { id: string } | null };
}

if (!chromiumInstalled()) {
  skipLoudly(
    'working forms in headless Chromium',
    `${CHROMIUM} not found (install Debian's chromium package)`,
  );
} else {
  jest.setTimeout(120_000);

  describe('the forms for a whole working year, in headless Chromium (demo data)', () => {
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

    /** Sends the form, expects the refusal in Japanese at `field`, with the focus on it. */
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

    /** Said on the page: the form of a step taken goes away with it. */
    async function expectRecorded(): Promise<void> {
      await page
        .getByRole('status')
        .filter({ hasText: '台帳に記録しました。' })
        .first()
        .waitFor({ state: 'attached' });
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

    it('records a 第2案 after a council rejected the draft, in the editor (refused while unchanged)', async () => {
      await api
        .post(`/agreements/${AGREEMENT}/proceedings`, {
          kind: 'amendment',
          proceedingId: 'hiranai-second-draft',
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
      await signIn(api.secretariat, PROCEEDINGS);
      // No 否決 yet: no revised draft offered.
      await page.locator('form#withdrawal-hiranai-second-draft').waitFor();
      await expect(page.getByText('修正案（第2案）の作成').count()).resolves.toBe(0);
      await api
        .post(`/agreements/${AGREEMENT}/proceedings/hiranai-second-draft/council-resolutions`, {
          party: 'partner',
          decision: 'rejected',
          resolvedOn: '2026-11-25',
        })
        .expect(201);
      await open(`/app${PROCEEDINGS}`);
      await page.getByRole('heading', { name: '修正案（第2案）の作成' }).waitFor();
      const text = page.getByLabel(/^変更後の本文（全文）/).first();
      await text.waitFor();
      await noAxeViolations('second-draft-editor');
      // Unchanged: refused in the browser, nothing sent.
      await page.getByRole('button', { name: '第2案の内容を確認する' }).click();
      await page.locator('[aria-invalid="true"]').first().waitFor();
      const original = await text.inputValue();
      expect(original).toContain('定めるものとする');
      await text.fill(original.replace('定めるものとする', 'ものとする'));
      await page.getByRole('button', { name: '第2案の内容を確認する' }).click();
      await page.getByRole('button', { name: 'この内容で第2案を記録する' }).click();
      // Recorded: the proceeding is on its 第2案, no council has rejected it, so the editor gives way.
      await expectRecorded();
      await page.getByRole('heading', { name: /第2案）/ }).waitFor();
      await page.getByRole('heading', { name: '修正案（第2案）の作成' }).waitFor({ state: 'detached' });
      const proceeding = await api
        .get(`/agreements/${AGREEMENT}/proceedings/hiranai-second-draft`)
        .expect(200);
      expect((proceeding.body as { drafts: unknown[] }).drafts).toHaveLength(2);
    });

    it('withdraws a pending proceeding (a date after today refused), for the secretariat only', async () => {
      const clerk = t.token('clerk', HIRANAI.code);
      await signIn(clerk, PROCEEDINGS);
      await page.locator('#open-heading').waitFor();
      await page.locator('form#resolution-hiranai-second-draft').waitFor();
      await expect(page.locator('form#withdrawal-hiranai-second-draft').count()).resolves.toBe(0);
      await expect(page.getByText('誤記訂正').count()).resolves.toBe(0);

      await signIn(api.secretariat, PROCEEDINGS);
      const form = page.locator('form#withdrawal-hiranai-second-draft');
      await form.getByLabel(/^取下げ日/).fill('2099-01-01');
      await form.getByLabel(/^取下げの理由/).fill('双方の協議により取り下げる。');
      await form.getByRole('button', { name: '取下げを記録する' }).click();
      await expectRefusedAt(form, 'withdrawnOn', /2099/);
      await noAxeViolations('withdrawal-refused');
      await form.getByLabel(/^取下げ日/).fill('令和8年11月27日');
      await form.getByRole('button', { name: '取下げを記録する' }).click();
      await expectRecorded();
      await page.locator('form#withdrawal-hiranai-second-draft').waitFor({ state: 'detached' });
      const proceeding = await api
        .get(`/agreements/${AGREEMENT}/proceedings/hiranai-second-draft`)
        .expect(200);
      expect(proceeding.body).toMatchObject({
        status: 'withdrawn',
        withdrawal: { withdrawnOn: '2026-11-27' },
      });
    });

    it('opens an abolition proceeding (a draft dated after today refused)', async () => {
      await open(`/app${PROCEEDINGS}`);
      const form = page.locator('form#abolition');
      await form.getByLabel(/^案の作成日/).fill('2099-01-01');
      await form.getByLabel(/^廃止の理由/).fill('連携中枢都市圏の再編により廃止する。');
      await form.getByRole('button', { name: '廃止の手続を開始する' }).click();
      await expectRefusedAt(form, 'draftedOn', /2099/);
      await form.getByLabel(/^案の作成日/).fill('2026-11-26');
      await form.getByRole('button', { name: '廃止の手続を開始する' }).click();
      await expectRecorded();
      // One proceeding at a time: the abolition form gives way to the pending one, which may be withdrawn.
      await page.locator('form#abolition').waitFor({ state: 'detached' });
      await page.locator('form[id^="withdrawal-"]').first().waitFor();
      await noAxeViolations('abolition-pending');
      const list = await api.get(`/agreements/${AGREEMENT}/proceedings`).expect(200);
      const abolition = (list.body as { proceedingId: string; kind: string; status: string }[]).find(
        (p) => p.kind === 'abolition' && p.status === 'negotiating',
      );
      expect(abolition).toBeDefined();
      await api
        .post(`/agreements/${AGREEMENT}/proceedings/${abolition?.proceedingId ?? ''}/withdrawal`, {
          withdrawnOn: '2026-11-27',
          reason: '試験のため取り下げる。',
        })
        .expect(201);
    });

    it('corrects a mistyped 告示番号 (誤記訂正; a 告示日 after today refused)', async () => {
      await open(`/app${PROCEEDINGS}`);
      const details = page.locator('#closed-heading ~ article details.correction').first();
      await details.locator('summary').click();
      const form = details.locator('form');
      const select = form.locator('[name="correctsEventId"]');
      const notices = await select
        .locator('option')
        .evaluateAll((options) =>
          (options as unknown as { value: string; textContent: string }[])
            .filter((o) => o.textContent.includes('告示'))
            .map((o) => o.value),
        );
      expect(notices.length).toBeGreaterThan(0);
      await select.selectOption(notices[0] ?? '');
      await form.locator('[name="correction.field"]').selectOption('publishedOn');
      await form.getByLabel(/^訂正後の告示日/).fill('2099-01-01');
      await form.getByLabel(/^訂正の理由/).fill('告示番号の誤記');
      await form.getByRole('button', { name: '誤記訂正を記録する' }).click();
      await expectRefusedAt(form, 'correction.value', /2099/);
      await noAxeViolations('correction-refused');

      await form.locator('[name="correction.field"]').selectOption('noticeNumber');
      await form.getByLabel(/^訂正後の告示番号/).fill('平内町告示第999号');
      await form.getByRole('button', { name: '誤記訂正を記録する' }).click();
      await expectRecorded();
      const history = await api.get(`/agreements/${AGREEMENT}/history?limit=500`).expect(200);
      const corrected = (history.body as { items: { type: string; summary: string }[] }).items.filter(
        (e) => e.type === 'RecordCorrected',
      );
      expect(corrected.map((e) => e.summary).join('\n')).toContain('平内町告示第999号');
    });

    it('revises the cost share of the 年度 (a date after today refused) and records a 決算 only once the 年度 has ended', async () => {
      await signIn(api.secretariat, '/regions/aomori/cost-shares?fiscalYear=2026');
      const form = page.locator('form#cost-share');
      await form.waitFor();
      // 令和8年度 is not over: no 決算 offered yet.
      await expect(page.locator('#settlement-heading').count()).resolves.toBe(0);
      const year = (await api.get('/regions/aomori/cost-shares?fiscalYear=2026').expect(200)).body as {
        projects: { projectId: string; decided: string }[];
      };
      const project = year.projects[0];
      expect(project).toBeDefined();
      await form.getByRole('radio', { name: '決定の見直し（有効な決定を置き換える）' }).check();
      await form.getByLabel(/^事業/).selectOption(project?.projectId ?? '');
      await form.getByLabel(/^年度（西暦）/).fill('令和8年度');
      await form.getByText(/見直す決定：/).waitFor();
      await form.getByLabel(/^見直しの理由/).fill('事業費の増額による。');
      await form.getByLabel(/^決定日/).fill('2099-01-01');
      await form.getByLabel(/^総額/).fill('2,000,000');
      await form.getByRole('radio', { name: '負担割合（整数の比）' }).check();
      const weights = form.getByLabel(/の負担割合/);
      for (let i = 0; i < (await weights.count()); i++) await weights.nth(i).fill('1');
      await form.getByRole('radio', { name: '協議によらずに決定' }).check();
      await form.getByLabel(/^協議によらずに決定した理由/).fill('補正予算に伴う見直しのため。');
      await form.getByRole('button', { name: '見直しを記録する' }).click();
      await expectRefusedAt(form, 'decidedOn', /2099/);
      await noAxeViolations('cost-share-revision-refused');
      await form.getByLabel(/^決定日/).fill('2026-11-26');
      await form.getByRole('button', { name: '見直しを記録する' }).click();
      await form.getByText('台帳に記録しました。').waitFor();
      const register = (
        await api.get(`/projects/${project?.projectId ?? ''}/cost-shares?fiscalYear=2026`).expect(200)
      ).body as { fiscalYears: { decisions: { kind: string; status: string; total: string }[] }[] };
      const decisions = register.fiscalYears.flatMap((y) => y.decisions);
      expect(decisions.find((d) => d.status === 'in-force')).toMatchObject({
        kind: 'revision',
        total: '2000000',
      });
      expect(decisions.filter((d) => d.status === 'superseded').length).toBeGreaterThan(0);

      // 令和7年度 ended on 2026-03-31: its 決算 can be recorded, dated after that day.
      await open('/app/regions/aomori/cost-shares?fiscalYear=2025');
      const section = page.locator('section[aria-labelledby="settlement-heading"]');
      const choice = section.locator('[name="project"]');
      const first = await choice.locator('option').nth(1).getAttribute('value');
      await choice.selectOption(first ?? '');
      const settle = page.locator('form#settlement-form');
      await settle.getByLabel(/^決算の日/).fill('2026-03-31');
      await settle.getByLabel(/^実績額/).fill('1,000,000');
      await settle.getByRole('button', { name: '決算を記録する' }).click();
      await expectRefusedAt(settle, 'settledOn', /2026-03-31|令和8年3月31日/);
      await noAxeViolations('settlement-refused');
      await settle.getByLabel(/^決算の日/).fill('令和8年6月1日');
      await settle.getByRole('button', { name: '決算を記録する' }).click();
      // The form gives way once the register reads the project settled.
      await page.locator(`#settlement-form`).waitFor({ state: 'detached' });
      const settled = (await api.get('/regions/aomori/cost-shares?fiscalYear=2025').expect(200)).body as {
        projects: { projectId: string; settled: string | null }[];
      };
      expect(settled.projects.find((p) => p.projectId === first)?.settled).toBe('1000000');
    });

    it('registers a draft agreement pasted as printed, and records a 勧告 on the region (dates after today refused)', async () => {
      await signIn(api.secretariat, '/regions/aomori');
      const form = page.locator('form#open-agreement');
      const printed = await api.get(`/agreements/${AGREEMENT}/text`).set('accept', 'text/plain').expect(200);
      await form.getByLabel(/^連携市町村（団体コード）/).fill(SANNOHE.code);
      await form.getByLabel(/^連携市町村（団体名）/).fill(SANNOHE.name);
      await form.getByLabel(/^協約ID/).fill('aomori-sannohe');
      await form.getByLabel(/^協約案の全文/).fill(printed.text.replaceAll('平内町', SANNOHE.name));
      await form.getByLabel(/^案の作成日/).fill('2099-01-01');
      await form.getByRole('button', { name: '協約案を登録する' }).click();
      await expectRefusedAt(form, 'draftedOn', /2099/);
      await noAxeViolations('open-agreement-refused');
      await form.getByLabel(/^案の作成日/).fill('2026-11-26');
      await form.getByRole('button', { name: '協約案を登録する' }).click();
      await form.getByText('台帳に記録しました。').waitFor();
      const opened = await api.get('/agreements/aomori-sannohe').expect(200);
      expect(opened.body).toMatchObject({ status: 'negotiating', partner: SANNOHE });

      const recommend = page.locator('form#recommendation');
      await recommend.getByRole('checkbox', { name: /^青森市（/ }).check();
      await recommend.getByLabel(/^その他の相手方（団体コード）/).fill(SANNOHE.code);
      await recommend.getByLabel(/^その他の相手方（団体名）/).fill(SANNOHE.name);
      await recommend.getByLabel(/^勧告の文書番号/).fill('青県市第500号');
      await recommend
        .getByLabel(/^勧告の内容/)
        .fill('圏域の医療連携のため、連携協約を締結するよう勧告する。');
      await recommend.getByLabel(/^勧告の日/).fill('2099-01-01');
      await recommend.getByRole('button', { name: '勧告を記録する' }).click();
      await expectRefusedAt(recommend, 'recommendedOn', /2099/);
      await recommend.getByLabel(/^勧告の日/).fill('令和8年11月20日');
      await recommend.getByRole('button', { name: '勧告を記録する' }).click();
      await recommend.getByText('台帳に記録しました。').waitFor();
      const region = (await api.get('/regions/aomori').expect(200)).body as {
        recommendations: { documentNumber: string; recommenderName: string }[];
      };
      expect(region.recommendations).toContainEqual(
        expect.objectContaining({ documentNumber: '青県市第500号', recommenderName: '青森県知事' }),
      );
      await noAxeViolations('recommendation-recorded');

      // A clerk is offered neither.
      await signIn(t.token('clerk', HIRANAI.code), '/regions/aomori');
      await page.locator('#matrix-heading').waitFor();
      await expect(page.locator('form#open-agreement, form#recommendation').count()).resolves.toBe(0);
    });

    it('takes a doubt through the dispute procedure: application, appointment, 処理方策, both responses', async () => {
      await api
        .post(`/agreements/${AGREEMENT}/doubts`, {
          doubtId: 'hiranai-web-dispute',
          raisedBy: HIRANAI.code,
          raisedOn: '2026-11-02',
          citation: { kind: 'unspecified' },
          question: '広報誌の共同発行の経費の負担割合について、協約に定めがない。',
        })
        .expect(201);
      const clerk = t.token('clerk', HIRANAI.code);
      const dossier = '/doubts/hiranai-web-dispute';
      await signIn(clerk, dossier);
      await page.locator('#doubt-steps-heading').waitFor();
      // A party's clerk files the application, but the 知事's and the commissioners' steps are not theirs.
      const apply = page.locator('form#doubt-apply');
      await apply.getByLabel(/^申請の日/).fill('2099-01-01');
      await apply.getByLabel(/^申請書の文書番号/).fill('平企第300号');
      await apply.getByLabel(/^申請の要旨/).fill('自治紛争処理委員による調停を求める。');
      await apply.getByRole('button', { name: '申請を記録する' }).click();
      await expectRefusedAt(apply, 'appliedOn', /2099/);
      await noAxeViolations('doubt-apply-refused');
      await apply.getByLabel(/^申請の日/).fill('R8.11.10');
      await apply.getByRole('button', { name: '申請を記録する' }).click();
      await expectRecorded();
      await page.getByText('知事（総務大臣）や自治紛争処理委員の手続は').waitFor();
      await expect(page.locator('form#doubt-appoint').count()).resolves.toBe(0);

      await signIn(api.secretariat, dossier);
      const appoint = page.locator('form#doubt-appoint');
      await appoint.getByLabel(/^任命の日/).fill('2026-11-16');
      for (const n of [1, 2, 3]) {
        await appoint.getByLabel(new RegExp(`^委員${n}の氏名`)).fill(`委員${n}`);
        await appoint.getByLabel(new RegExp(`^委員${n}の職`)).fill('弁護士');
      }
      await appoint.getByLabel(/^証する文書の文書番号/).fill('青森県指令市第200号');
      // The document's date missing: refused in the browser.
      await appoint.getByRole('button', { name: '任命を記録する' }).click();
      await expectRefusedAt(appoint, 'evidence.documentDate', /入力してください|必須/);
      await appoint.getByLabel(/^証する文書の日付/).fill('2026-11-16');
      await appoint.getByRole('button', { name: '任命を記録する' }).click();
      await expectRecorded();

      const present = page.locator('form#doubt-present');
      await present.getByLabel(/^当事者に提示した日/).fill('2026-11-25');
      await present.getByLabel(/^処理方策の内容/).fill('経費は均等割で負担する。');
      await present.getByLabel(/^証する文書の文書番号/).fill('紛争処理委員第1号');
      await present.getByLabel(/^証する文書の日付/).fill('2026-11-25');
      await present.getByRole('button', { name: '提示を記録する' }).click();
      await expectRecorded();

      const respond = page.locator('form#doubt-respond');
      for (const respondent of ['甲（青森市）', '乙（平内町）']) {
        await respond.locator('[name="respondent"]').selectOption({ label: respondent });
        await respond.locator('[name="stance"]').selectOption('accepts');
        await respond.getByLabel(/^回答の日/).fill('2026-11-26');
        await respond.getByLabel(/^回答の要旨/).fill('処理方策を尊重し、均等割で負担する。');
        await respond.getByRole('button', { name: '回答を記録する' }).click();
        await page.locator('#doubt-steps-heading').waitFor();
        // Read back: the party that answered is no longer offered.
        if (respondent.startsWith('甲'))
          await respond.locator('option', { hasText: respondent }).waitFor({ state: 'detached' });
      }
      await page.getByText(/この疑義の手続は終わっています/).waitFor();
      await noAxeViolations('doubt-closed');
      const doubt = await api
        .get('/doubts/hiranai-web-dispute')
        .set('authorization', `Bearer ${api.secretariat}`)
        .expect(200);
      expect(doubt.body).toMatchObject({ status: 'settled' });
    });
  });
}
