import { CooperationApi } from '../support/cooperation-api';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Draft first: the 議案 documents of a proposed amendment before anything is recorded —
 * stated as operations, as the whole proposed text, or as a 改め文 — with the refusals the command
 * itself would give, and the ledger head unchanged every time. On the demo app.
 */
describe('POST /agreements/{id}/drafts/preview (demo app)', () => {
  let t: TestApp;
  let api: CooperationApi;
  const PREVIEW = '/agreements/aomori-imabetsu/drafts/preview';

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new CooperationApi(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  /** Previews and checks that nothing was written. */
  async function preview(body: unknown): Promise<import('supertest').Response> {
    const head = await api.head();
    const res = await api.post(PREVIEW, body);
    expect(await api.head()).toBe(head);
    return res;
  }

  it('drafts the documents of operations, marked 案, and records nothing', async () => {
    const res = await preview({
      operations: [
        {
          op: 'replaceWords',
          target: { kind: 'provision', path: { article: '5' } },
          from: '定期的に',
          to: '毎年度1回以上',
        },
      ],
      effectiveOn: '2027-04-01',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ recorded: false, source: 'operations', base: { versionNumber: 2 } });
    expect(res.body.amendingText.title).toBe(
      '青森市と今別町との連携中枢都市圏の形成に係る連携協約の一部を変更する協約（案）',
    );
    expect(res.body.amendingText.lines).toContain('　第5条中「定期的に」を「毎年度1回以上」に改める。');
    expect(res.body.amendingText.lines).toContain('　この協約は、令和9年4月1日から施行する。');
    expect(res.body.comparison.title).toBe(
      '青森市と今別町との連携中枢都市圏の形成に係る連携協約　新旧対照表（案）',
    );
    expect(res.body.comparison.table.underlines).toBe('amendment');
    expect(res.body.text).toContain('毎年度1回以上協議を行う');
  });

  it('derives the operations from the whole proposed text, as the API prints it', async () => {
    const printed = await api.get('/agreements/aomori-imabetsu/text').set('accept', 'text/plain').expect(200);
    const edited = printed.text.replace('定期的に', '毎年度1回以上');
    const res = await preview({ text: edited });
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('text');
    expect(res.body.operations).toEqual([
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '5', paragraph: 1 } },
        from: '定期的に',
        to: '毎年度1回以上',
      },
    ]);
    expect(res.body.amendingText.lines).toContain('　第5条中「定期的に」を「毎年度1回以上」に改める。');
    // No 施行日 planned: the 附則 says the day of conclusion.
    expect(res.body.amendingText.lines).toContain('　この協約は、締結の日から施行する。');
  });

  it('reads a 改め文 into operations: 第5条を削り、第6条を第5条とする, with its 附則', async () => {
    const res = await preview({
      amendingText: [
        '青森市と今別町との連携中枢都市圏の形成に係る連携協約の一部を変更する協約',
        '　第5条を削り、第6条を第5条とする。',
        '',
        '附　則',
        '　この協約は、令和9年4月1日から施行する。',
      ].join('\n'),
    });
    expect(res.status).toBe(200);
    expect(res.body.operations).toEqual([
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false, renumberFollowing: true },
    ]);
    expect(res.body.text).toContain('（疑義の解決）\n第5条　この連携協約に定めのない事項');
    expect(res.body.text).not.toContain('第6条');
    expect(res.body.amendingText.lines).toContain('　第5条を削り、第6条を第5条とする。');
    expect(res.body.amendingText.lines).toContain('　この協約は、令和9年4月1日から施行する。');
  });

  it.each([
    [
      'a 改め文 citing an article that does not exist',
      { amendingText: '　第7条中「定期的に」を「毎年度1回以上」に改める。' },
      'AmendingTextUnreadable',
      '第7条',
    ],
    [
      'a 改め文 quoting words the article lacks',
      { amendingText: '　第5条中「毎月」を「毎年度1回以上」に改める。' },
      'AmendingTextUnreadable',
      '「毎月」が見つかりません',
    ],
    [
      'a 改め文 whose 附則 names a day that never was',
      {
        amendingText:
          '　第5条中「定期的に」を「毎年度」に改める。\n\n附　則\n　この協約は、令和元年4月30日から施行する。',
      },
      'AmendingTextUnreadable',
      '令和は令和元年5月1日から',
    ],
    [
      'a proposed text that is not an agreement',
      { text: '題名\n\n第1条　本文\n3　飛んだ項' },
      'ProposedTextUnreadable',
      '項の番号が続いていません',
    ],
  ])('answers %s with 422 naming the part, and writes nothing', async (_what, body, code, named) => {
    const res = await preview(body);
    const problem = CooperationApi.problem(res, 422, code);
    expect(problem.detail).toContain(named);
  });

  it('refuses an article moved in the proposed text, naming it', async () => {
    const printed = await api.get('/agreements/aomori-imabetsu/text').set('accept', 'text/plain').expect(200);
    // 第2条 and 第3条 swap their bodies (a move, not an edit).
    const lines = printed.text.split('\n');
    const at = (n: string) => lines.findIndex((l) => l.startsWith(`第${n}条`));
    const two = at('2');
    const three = at('3');
    const [capTwo, bodyTwo] = [lines[two - 1] ?? '', (lines[two] ?? '').slice(3)];
    const [capThree, bodyThree] = [lines[three - 1] ?? '', (lines[three] ?? '').slice(3)];
    lines[two - 1] = capThree;
    lines[two] = `第2条${bodyThree}`;
    lines[three - 1] = capTwo;
    lines[three] = `第3条${bodyTwo}`;
    const res = await preview({ text: lines.join('\n') });
    const problem = CooperationApi.problem(res, 422, 'AmendmentNotDerivable');
    expect(problem.detail).toContain('移動');
  });

  it('refuses two ways of stating the amendment at once', async () => {
    const res = await preview({ text: 'x', amendingText: 'y' });
    CooperationApi.problem(res, 400, 'ValidationFailed');
  });

  it('refuses what the command would refuse, with the same rule', async () => {
    const operations = [{ op: 'reviseMeasure', id: 'm01', changes: { name: '推進体制の整備' } }];
    const viaCommand = await api.refused(
      () =>
        api.post('/agreements/aomori-hamanasudai/proceedings', {
          kind: 'amendment',
          draftedOn: '2026-11-20',
          operations,
        }),
      409,
    );
    const head = await api.head();
    const viaPreview = await api.post('/agreements/aomori-hamanasudai/drafts/preview', { operations });
    expect(await api.head()).toBe(head);
    expect(CooperationApi.problem(viaPreview, 409).code).toBe(viaCommand.code);
  });

  it('is for those who may open a proceeding', async () => {
    await api.post(PREVIEW, { operations: [] }, api.clerk('023035')).expect(403);
  });

  it('prints the 改め文 of an open proceeding as the 案 it is, with its draft number and date', async () => {
    await api
      .post('/agreements/aomori-imabetsu/proceedings', {
        kind: 'amendment',
        proceedingId: 'imabetsu-draft-first',
        draftedOn: '2026-11-20',
        operations: [
          {
            op: 'replaceWords',
            target: { kind: 'provision', path: { article: '5' } },
            from: '定期的に',
            to: '毎年度1回以上',
          },
        ],
      })
      .expect(201);
    const res = await api
      .get('/agreements/aomori-imabetsu/proceedings/imabetsu-draft-first/amending-text')
      .expect(200);
    expect(res.body).toMatchObject({
      concluded: false,
      title: '青森市と今別町との連携中枢都市圏の形成に係る連携協約の一部を変更する協約（案）',
      draft: { draftNumber: 1, draftedOn: '2026-11-20' },
    });
    expect(res.body.lines[0]).toBe(res.body.title);
    // A concluded one is no 案.
    const concluded = await api
      .get('/agreements/aomori-imabetsu/proceedings/imabetsu-amendment-2022/amending-text')
      .expect(200);
    expect(concluded.body.title).not.toContain('（案）');
    expect(concluded.body.draft).toBeUndefined();
  });

  it('previews a 修正案 of the pending amendment as POST …/drafts decides it, not as a new proceeding', async () => {
    // imabetsu-draft-first (the test before) is pending: a new proceeding is refused, its 修正案 is not.
    const operations = [
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '5' } },
        from: '定期的に',
        to: '毎年度2回以上',
      },
    ];
    const asNew = await preview({ operations });
    const pending = CooperationApi.problem(asNew, 409, 'AnotherProceedingPending');
    // The pending proceeding is named by its kind and the day it was opened, not by its id.
    expect(pending.detail).toContain('変更手続（令和8年11月20日開始）が進行中です');
    expect(pending.detail).not.toContain('imabetsu-draft-first');
    expect(pending.pendingProceedingId).toBe('imabetsu-draft-first');
    const asRevision = await preview({ operations, proceedingId: 'imabetsu-draft-first' });
    expect(asRevision.status).toBe(200);
    expect(asRevision.body.amendingText.lines).toContain(
      '　第5条中「定期的に」を「毎年度2回以上」に改める。',
    );
    // An unknown proceeding is refused as POST …/drafts refuses it.
    const unknown = CooperationApi.problem(
      await preview({ operations, proceedingId: 'no-such-proceeding' }),
      404,
      'ProceedingNotFound',
    );
    // The id sent is quoted; the agreement's proceedings are listed by name (with their ids).
    expect(unknown.detail).toContain('青森市と今別町の連携協約に手続「no-such-proceeding」はありません');
    expect(unknown.detail).toContain('変更手続（令和8年11月20日開始、手続ID imabetsu-draft-first）');
  });
});
