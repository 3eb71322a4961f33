import { CooperationApi } from '../support/cooperation-api';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Natural references: in amendment operations a provision may be given as legal staff write
 * it — 「第4条第2項」, 「第3条の2」, 「第五条」, ３－２ — and the canonical form ({ article: '4', paragraph: 2 },
 * "3-2") is what the preview echoes and what a proceeding records. A reference that names nothing is a
 * 422 naming the field; one that does not read, a 400; neither writes anything. On the demo app.
 */
describe('natural references in amendment operations (demo app)', () => {
  let t: TestApp;
  let api: CooperationApi;
  const ID = 'aomori-hiranai';

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new CooperationApi(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const paragraphs = [{ number: 1, text: '甲及び乙は、連携施策の成果を評価するものとする。', items: [] }];

  const written = [
    {
      op: 'replaceWords',
      target: { kind: 'provision', path: '第4条第2項' },
      from: '別途定める',
      to: '別に定める',
    },
    {
      op: 'replaceWords',
      target: { kind: 'caption', article: '第五条' },
      from: '定期的な協議',
      to: '定期協議',
    },
    { op: 'insertArticle', after: '第3条', number: '第3条の2', caption: '連携施策の評価', paragraphs },
    {
      op: 'replaceWords',
      target: { kind: 'provision', path: { article: '３－２' } },
      from: '評価',
      to: '検証',
    },
  ];
  const canonical = [
    {
      op: 'replaceWords',
      target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
      from: '別途定める',
      to: '別に定める',
    },
    { op: 'replaceWords', target: { kind: 'caption', article: '5' }, from: '定期的な協議', to: '定期協議' },
    { op: 'insertArticle', after: '3', number: '3-2', caption: '連携施策の評価', paragraphs },
    { op: 'replaceWords', target: { kind: 'provision', path: { article: '3-2' } }, from: '評価', to: '検証' },
  ];

  it('previews operations written 第4条第2項, 第五条, 第3条の2 and ３－２, echoing them in the canonical form', async () => {
    const head = await api.head();
    const res = await api.post(`/agreements/${ID}/drafts/preview`, { operations: written });
    expect(await api.head()).toBe(head);
    expect(res.status).toBe(200);
    expect(res.body.operations).toEqual(canonical);
    expect(res.body.amendingText.lines).toContain('　第4条第2項中「別途定める」を「別に定める」に改める。');
    expect(res.body.text).toContain('（連携施策の評価）');
    expect(res.body.text).toContain('第3条の2　甲及び乙は、連携施策の成果を検証するものとする。');
  });

  it.each<[string, unknown, string, string]>([
    [
      '第4条第0項 (項 are numbered from 1)',
      { op: 'replaceWords', target: { kind: 'provision', path: '第4条第0項' }, from: 'A', to: 'B' },
      'operations.0.target.path',
      '「第4条第0項」',
    ],
    ['第0条', { op: 'renumberArticle', from: '第0条', to: '第7条' }, 'operations.0.from', '「第0条」'],
  ])(
    'answers a reference that names nothing, %s, with 422 naming the field',
    async (_what, op, field, quoted) => {
      for (const attempt of [
        () => api.post(`/agreements/${ID}/drafts/preview`, { operations: [op] }),
        () =>
          api.post(`/agreements/${ID}/proceedings`, {
            kind: 'amendment',
            draftedOn: '2026-11-20',
            operations: [op],
          }),
      ]) {
        const problem = await api.refused(attempt, 422, 'ReferenceNamesNothing');
        expect(problem.errors).toEqual([
          { field, rule: 'referenceNamesNothing', message: expect.stringContaining(quoted) as string },
        ]);
      }
    },
  );

  it('answers 第9条, which the text amended lacks, with the 422 the amendment gives', async () => {
    const problem = await api.refused(
      () =>
        api.post(`/agreements/${ID}/drafts/preview`, {
          operations: [{ op: 'deleteProvision', path: '第9条' }],
        }),
      422,
    );
    expect(problem.detail).toContain('第9条');
  });

  it('answers a reference that does not read with 400, saying which forms are read', async () => {
    const problem = await api.refused(
      () =>
        api.post(`/agreements/${ID}/drafts/preview`, {
          operations: [{ op: 'deleteProvision', path: '四条' }],
        }),
      400,
      'ValidationFailed',
    );
    const error = problem.errors?.find((e) => e.field === 'operations.0.path');
    expect(error?.message).toContain('第4条第2項');
  });

  it('reads a 別表 row as the table prints it (別表(4), (4), 別表四の項) into the measure’s id', async () => {
    for (const reference of ['別表(4)', '(4)', '別表四の項', 'm04']) {
      const res = await api
        .post(`/agreements/${ID}/drafts/preview`, {
          operations: [
            { op: 'changeMeasureRole', id: reference, party: 'partner', role: '甲と連携して取り組む。' },
          ],
        })
        .expect(200);
      expect(res.body.operations).toEqual([
        { op: 'changeMeasureRole', id: 'm04', party: 'partner', role: '甲と連携して取り組む。' },
      ]);
      expect(res.body.amendingText.lines.join('\n')).toContain('別表(4)の項中');
    }
  });

  it('answers a 別表 row that does not exist with 422 naming the operation, writing nothing', async () => {
    for (const path of [`/agreements/${ID}/drafts/preview`, `/agreements/${ID}/proceedings`]) {
      const head = await api.head();
      const operations = [{ op: 'removeMeasure', id: '別表(99)' }];
      const body = path.endsWith('preview')
        ? { operations }
        : { kind: 'amendment', draftedOn: '2026-11-20', operations };
      const problem = await api.refused(() => api.post(path, body), 422, 'ReferenceNamesNothing');
      expect(problem.errors?.[0]?.field).toBe('operations[0].id');
      expect(problem.errors?.[0]?.message).toContain('別表(99)の項はありません');
      expect(await api.head()).toBe(head);
    }
  });

  // Last: an open proceeding makes the preview of another amendment a 409.
  it('records a proceeding opened with 第4条第2項 in the canonical form, and reads it back so', async () => {
    await api
      .post(`/agreements/${ID}/proceedings`, {
        kind: 'amendment',
        proceedingId: 'hiranai-natural-references',
        draftedOn: '2026-11-20',
        operations: written,
      })
      .expect(201);
    const proceeding = await api.get(`/agreements/${ID}/proceedings/hiranai-natural-references`).expect(200);
    expect(proceeding.body.drafts[0].draft.operations).toEqual(canonical);
    const json = JSON.stringify(proceeding.body);
    for (const typed of ['第4条第2項', '第五条', '第3条の2', '３－２'])
      expect(json).not.toContain(`"${typed}"`);
  });
});
