/**
 * Valid time on the 青森圏域 demo (DESIGN.md §5): the text in force on a date is the original text with
 * every amendment whose 施行日 has come applied in 施行日 order, whatever order they were concluded in.
 *
 * The demo's 平内町 第3版 (concluded 2026-10-01, 告示 and 届出 done, 施行日 2027-04-01) adds 第5条第2項. A
 * 変更 of 第2条 concluded later (2026-12-07) but taking effect earlier (2027-01-06) must not bring that
 * 第2項 into force three months early, and must not turn 第3版 into a version that never takes effect.
 */
import type { AmendmentOperation } from '@kyoyaku/legal-text';
import type request from 'supertest';
import { AOMORI_CITY, HIRANAI } from '../fixtures/aomori';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const ID = 'aomori-hiranai';
/** 第3版's 第5条第2項 (the demo's 平内町 2026 amendment, 施行日 2027-04-01). */
const V3_PARAGRAPH = '前項の協議は、毎年度1回以上行うものとする。';
/** A test amendment of 第2条 (wording made up for this test). */
const ARTICLE_2_CHANGE: AmendmentOperation[] = [
  {
    op: 'replaceWords',
    target: { kind: 'provision', path: { article: '2' } },
    from: '対等な立場で',
    to: '対等な立場で、圏域の住民の視点に立ち、',
  },
];
const CHANGED_WORDS = '圏域の住民の視点に立ち';

interface VersionItem {
  number: number;
  concludedOn: string;
  effectiveFrom: string;
  effectiveTo?: string;
  neverInForce: boolean;
  statusToday: string;
  base?: object;
}

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, detail: expect.any(String) });
}

describe('valid time: amendments take effect in 施行日 order (demo 平内町)', () => {
  let t: TestApp;
  let api: AgreementApi;

  beforeEach(async () => {
    t = await startTestApp({}, { demo: true });
    api = new AgreementApi(t);
    t.clock.set('2026-12-07T03:00:00Z');
  });
  afterEach(async () => {
    await t.close();
  });

  /** Proposes a 変更 and records both councils' 可決. */
  async function proposeAndApprove(proceedingId: string, operations: AmendmentOperation[]): Promise<void> {
    await api.proposeAmendment(ID, proceedingId, '2026-11-30', operations);
    const base = `/agreements/${ID}/proceedings/${proceedingId}`;
    for (const [party, code] of [
      ['core', AOMORI_CITY.code],
      ['partner', HIRANAI.code],
    ] as const) {
      await api
        .post(
          `${base}/council-resolutions`,
          { party, decision: 'approved', resolvedOn: '2026-12-04' },
          api.clerk(code),
        )
        .expect(201);
    }
  }

  const conclude = (proceedingId: string, effectiveOn: string) =>
    api.post(`/agreements/${ID}/proceedings/${proceedingId}/conclusion`, {
      concludedOn: '2026-12-07',
      effectiveOn,
      signatories: {
        core: { title: '青森市長', name: '（甲の署名者）' },
        partner: { title: '平内町長', name: '（乙の署名者）' },
      },
    });

  it('an amendment concluded later with an earlier 施行日 does not bring 第3版 into force early', async () => {
    await proposeAndApprove('hiranai-amendment-2026-12', ARTICLE_2_CHANGE);
    await conclude('hiranai-amendment-2026-12', '2027-01-06').expect(201);

    const before = await api.get(`/agreements/${ID}/text?asOf=2027-01-05`).expect(200);
    expect(before.body.version.number).toBe(2);
    expect(before.body.text).not.toContain(CHANGED_WORDS);

    const january = await api.get(`/agreements/${ID}/text?asOf=2027-01-06`).expect(200);
    expect(january.body.text).not.toContain(V3_PARAGRAPH);
    expect(january.body.text).toContain(CHANGED_WORDS);
    expect(january.body.version).toMatchObject({
      number: 4,
      effectiveFrom: '2027-01-06',
      effectiveTo: '2027-04-01',
    });

    const april = await api.get(`/agreements/${ID}/text?asOf=2027-04-01`).expect(200);
    expect(april.body.version.number).toBe(3);
    expect(april.body.text).toContain(CHANGED_WORDS);
    expect(april.body.text).toContain(V3_PARAGRAPH);

    const list = await api.get(`/agreements/${ID}/versions`).expect(200);
    const versions = list.body.items as VersionItem[];
    expect(versions.map((v) => [v.number, v.concludedOn, v.effectiveFrom, v.effectiveTo])).toEqual([
      [1, '2019-12-25', '2019-12-25', '2021-04-01'],
      [2, '2021-03-25', '2021-04-01', '2027-01-06'],
      [4, '2026-12-07', '2027-01-06', '2027-04-01'],
      [3, '2026-10-01', '2027-04-01', undefined],
    ]);
    // Each entry names the version it amends (the one before it in the list), not the whole chain:
    // an entry's size does not grow with the versions before it. The chain is on GET …/versions/{n}.
    expect(versions.map((v) => v.base)).toEqual([
      undefined,
      { kind: 'before-effective-date', asOf: '2021-03-31', versionNumber: 1 },
      { kind: 'before-effective-date', asOf: '2027-01-05', versionNumber: 2 },
      { kind: 'before-effective-date', asOf: '2027-03-31', versionNumber: 4 },
    ]);
    const v3 = versions.find((v) => v.number === 3);
    expect(v3).toMatchObject({ neverInForce: false, statusToday: 'not-yet-in-force' });
    expect(versions.find((v) => v.number === 4)).toMatchObject({ statusToday: 'not-yet-in-force' });
    expect(versions.find((v) => v.number === 2)).toMatchObject({ statusToday: 'in-force' });

    // 第3版's own text is the text in force from its 施行日: both changes.
    const third = await api.get(`/agreements/${ID}/versions/3`).expect(200);
    expect(third.body.text).toContain(V3_PARAGRAPH);
    expect(third.body.text).toContain(CHANGED_WORDS);
    expect(third.body.base).toEqual({
      kind: 'before-effective-date',
      asOf: '2027-03-31',
      versionNumbers: [1, 2, 4],
    });
    const fourth = await api.get(`/agreements/${ID}/versions/4`).expect(200);
    expect(fourth.body.text).not.toContain(V3_PARAGRAPH);

    // The concluded amendment says which text it was drafted against: the text in force on 2027-01-05.
    const proceeding = await api.get(`/agreements/${ID}/proceedings/hiranai-amendment-2026-12`).expect(200);
    expect(proceeding.body.base).toEqual({
      kind: 'before-effective-date',
      asOf: '2027-01-05',
      versionNumbers: [1, 2],
    });
    // 第3版 now applies on top of 第4版.
    const pending = await api.get(`/agreements/${ID}/proceedings/hiranai-amendment-2026`).expect(200);
    expect(pending.body.base).toEqual({
      kind: 'before-effective-date',
      asOf: '2027-03-31',
      versionNumbers: [1, 2, 4],
    });

    // The 新旧対照表 follows 施行日 order: 第4版 is older than 第3版.
    const comparison = await api.get(`/agreements/${ID}/comparison?from=4&to=3`).expect(200);
    expect(comparison.body.from).toMatchObject({ versionNumber: 4, effectiveFrom: '2027-01-06' });
    expect(comparison.body.to).toMatchObject({ versionNumber: 3, effectiveFrom: '2027-04-01' });
    const rows = comparison.body.table.rows as { key: string; status: string }[];
    expect(rows.find((r) => r.key === 'article:5')?.status).toBe('changed');
    expect(rows.find((r) => r.key === 'article:2')?.status).toBe('unchanged');
    const backwards = await api.get(`/agreements/${ID}/comparison?from=3&to=4`);
    expectProblem(backwards, 422, 'FromAfterTo');

    // The 改め文 of 第3版 is still produced, with its own 施行日 in the 附則.
    const amending = await api
      .get(`/agreements/${ID}/proceedings/hiranai-amendment-2026/amending-text`)
      .expect(200);
    expect(amending.body.effectiveOn).toBe('2027-04-01');
  });

  it('a draft is against the end of the known timeline, which includes 第3版', async () => {
    await proposeAndApprove('hiranai-amendment-2026-12', ARTICLE_2_CHANGE);
    const proceeding = await api.get(`/agreements/${ID}/proceedings/hiranai-amendment-2026-12`).expect(200);
    expect(proceeding.body.base).toEqual({
      kind: 'end-of-timeline',
      asOf: '2027-04-01',
      versionNumbers: [1, 2, 3],
    });
  });

  it('refuses a conclusion that would leave 第3版 inapplicable (422, nothing written)', async () => {
    // Deleting 第5条 applies to the draft's base (第3版 included) — but taking effect before 第3版,
    // it would leave 第3版 nothing to add its 第2項 to.
    await proposeAndApprove('hiranai-amendment-2026-12', [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
    ]);
    const head = await api.head();
    const summary = await api.get(`/agreements/${ID}`).expect(200);

    const refused = await conclude('hiranai-amendment-2026-12', '2027-01-06');
    expectProblem(refused, 422, 'PendingAmendmentWouldNotApply');
    // The pending amendment is named by its version, its proceeding's id kept in a machine field.
    expect(refused.body.detail).toContain('未施行の第3版（施行日 2027-04-01）');
    expect(refused.body.detail).not.toContain('hiranai-amendment-2026');
    expect(refused.body.pendingProceedingId).toBe('hiranai-amendment-2026');
    expect(await api.head()).toBe(head);
    const after = await api.get(`/agreements/${ID}`).expect(200);
    expect(after.headers.etag).toBe(summary.headers.etag);
    const versions = await api.get(`/agreements/${ID}/versions`).expect(200);
    expect(versions.body.items).toHaveLength(3);

    // Taking effect after 第3版, the same amendment is drafted against it and is accepted.
    await conclude('hiranai-amendment-2026-12', '2027-04-02').expect(201);
  });

  it('refuses a 変更 taking effect before the agreement itself (422, nothing written)', async () => {
    await proposeAndApprove('hiranai-amendment-2026-12', ARTICLE_2_CHANGE);
    const head = await api.head();
    const refused = await api.post(`/agreements/${ID}/proceedings/hiranai-amendment-2026-12/conclusion`, {
      concludedOn: '2026-12-07',
      effectiveOn: '2019-12-24',
      retroactive: { reason: '協約の施行前に遡るため' },
      signatories: {
        core: { title: '青森市長', name: '（甲の署名者）' },
        partner: { title: '平内町長', name: '（乙の署名者）' },
      },
    });
    expectProblem(refused, 422, 'AmendmentEffectiveBeforeAgreement');
    expect(await api.head()).toBe(head);
  });
});
