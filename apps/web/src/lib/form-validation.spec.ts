import { describe, expect, it } from '@jest/globals';
import {
  checkAmendment,
  Checker,
  checkConclusion,
  checkCouncilResolution,
  checkGovernorNotification,
  checkPublicNotice,
  emptyOperation,
  type Issue,
  operationFieldNames,
  readDateInput,
  readFiscalYearInput,
  type OperationValues,
} from './form-validation';
import { placeProblemErrors, toProblem } from './problem';

function issues<T>(
  checked: { ok: true; body: T } | { ok: false; issues: Issue[] },
): Record<string, string[]> {
  if (checked.ok) return {};
  const byField: Record<string, string[]> = {};
  for (const issue of checked.issues) (byField[issue.field] ??= []).push(issue.key);
  return byField;
}

describe('議会の議決', () => {
  const valid = {
    party: 'partner',
    decision: 'approved',
    resolvedOn: '2026-11-25',
    resolutionNumber: '議案第77号',
  };

  it('builds the request the API takes', () => {
    expect(checkCouncilResolution(valid)).toEqual({ ok: true, body: valid });
    expect(checkCouncilResolution({ ...valid, resolutionNumber: '  ' })).toEqual({
      ok: true,
      body: { party: 'partner', decision: 'approved', resolvedOn: '2026-11-25' },
    });
  });

  it('names each field that is missing or wrong', () => {
    expect(
      issues(checkCouncilResolution({ party: '', decision: 'maybe', resolvedOn: '', resolutionNumber: '' })),
    ).toEqual({
      party: ['validation.choose'],
      decision: ['validation.choose'],
      resolvedOn: ['validation.required'],
    });
    expect(issues(checkCouncilResolution({ ...valid, resolvedOn: '2026-02-30' }))).toEqual({
      resolvedOn: ['validation.date'],
    });
    expect(issues(checkCouncilResolution({ ...valid, resolutionNumber: 'x'.repeat(101) }))).toEqual({
      resolutionNumber: ['validation.tooLong'],
    });
  });
});

describe('締結', () => {
  const valid = {
    concludedOn: '2026-12-01',
    effectiveOn: '2027-04-01',
    coreTitle: '青森市長',
    coreName: '（氏名）',
    partnerTitle: '平内町長',
    partnerName: '（氏名）',
    retroactiveReason: '',
  };

  it('sends the signatories per party, and no retroactivity for a later 施行日', () => {
    expect(checkConclusion(valid)).toEqual({
      ok: true,
      body: {
        concludedOn: '2026-12-01',
        effectiveOn: '2027-04-01',
        signatories: {
          core: { title: '青森市長', name: '（氏名）' },
          partner: { title: '平内町長', name: '（氏名）' },
        },
      },
    });
  });

  it('asks for the reason when the 施行日 is before the conclusion (遡及)', () => {
    const retroactive = { ...valid, effectiveOn: '2026-11-01' };
    expect(issues(checkConclusion(retroactive))).toEqual({ 'retroactive.reason': ['validation.required'] });
    const checked = checkConclusion({ ...retroactive, retroactiveReason: '年度当初に遡って適用するため' });
    expect(checked.ok && checked.body.retroactive).toEqual({ reason: '年度当初に遡って適用するため' });
  });

  it('names the signatory fields as the API does', () => {
    expect(Object.keys(issues(checkConclusion({ ...valid, coreName: '', partnerTitle: '' })))).toEqual([
      'signatories.core.name',
      'signatories.partner.title',
    ]);
  });
});

describe('告示 and 届出', () => {
  it('require the notice number and a real date', () => {
    expect(
      issues(checkPublicNotice({ party: 'core', noticeNumber: ' ', publishedOn: '2026-13-01' })),
    ).toEqual({
      noticeNumber: ['validation.required'],
      publishedOn: ['validation.date'],
    });
    expect(
      checkPublicNotice({ party: 'core', noticeNumber: '青森市告示第1号', publishedOn: '2026-12-01' }).ok,
    ).toBe(true);
  });

  it('a 届出 is filed by one party or jointly, with its 文書番号', () => {
    expect(
      issues(checkGovernorNotification({ filedBy: 'mayor', documentNumber: ' ', notifiedOn: '2026-12-01' })),
    ).toEqual({
      filedBy: ['validation.choose'],
      documentNumber: ['validation.required'],
    });
    expect(
      checkGovernorNotification({
        filedBy: 'joint',
        documentNumber: '青企第1201号',
        notifiedOn: '2026-12-01',
      }),
    ).toEqual({
      ok: true,
      body: { filedBy: ['core', 'partner'], documentNumber: '青企第1201号', notifiedOn: '2026-12-01' },
    });
    expect(
      checkGovernorNotification({
        filedBy: 'partner',
        documentNumber: '平企第56号',
        notifiedOn: '2026-12-01',
      }),
    ).toEqual({
      ok: true,
      body: { filedBy: ['partner'], documentNumber: '平企第56号', notifiedOn: '2026-12-01' },
    });
  });
});

describe('変更案', () => {
  const replaceWords: OperationValues = {
    ...emptyOperation('replaceWords'),
    article: '6',
    paragraph: '1',
    from: '甲乙協議の上',
    to: '甲乙誠実に協議の上',
  };

  it('builds each operation in the shape of the API (libs/legal-text AmendmentOperation)', () => {
    const checked = checkAmendment({
      proceedingId: 'hiranai-amendment-2027',
      draftedOn: '2026-11-20',
      operations: [
        replaceWords,
        {
          ...emptyOperation('changeMeasureRole'),
          measureId: 'm04',
          party: 'partner',
          role: '連携して取り組む',
        },
        { ...emptyOperation('insertParagraph'), article: '5', after: '2', text: '協議の結果は公表する。' },
        { ...emptyOperation('deleteProvision'), article: '5', paragraph: '3', leaveDeletedMarker: false },
        { ...emptyOperation('reviseMeasure'), measureId: 'm06', name: '地域医療の充実' },
        { ...emptyOperation('removeMeasure'), measureId: 'm15' },
      ],
    });
    expect(checked).toEqual({
      ok: true,
      body: {
        kind: 'amendment',
        proceedingId: 'hiranai-amendment-2027',
        draftedOn: '2026-11-20',
        operations: [
          {
            op: 'replaceWords',
            target: { kind: 'provision', path: { article: '6', paragraph: 1 } },
            from: '甲乙協議の上',
            to: '甲乙誠実に協議の上',
          },
          { op: 'changeMeasureRole', id: 'm04', party: 'partner', role: '連携して取り組む' },
          { op: 'insertParagraph', article: '5', after: 2, text: '協議の結果は公表する。', items: [] },
          { op: 'deleteProvision', path: { article: '5', paragraph: 3 }, leaveDeletedMarker: false },
          { op: 'reviseMeasure', id: 'm06', changes: { name: '地域医療の充実' } },
          { op: 'removeMeasure', id: 'm15' },
        ],
      },
    });
  });

  it('adds a measure with both roles and an optional place', () => {
    const checked = checkAmendment({
      proceedingId: '',
      draftedOn: '2026-11-20',
      operations: [
        {
          ...emptyOperation('addMeasure'),
          measureId: 'm17',
          category: 'living-services',
          name: '公共交通',
          content: '圏域の公共交通の維持に取り組む。',
          roleCore: '青森市は中心的な役割を担う',
          rolePartner: '各町村は連携して取組む',
        },
      ],
    });
    expect(checked.ok && checked.body).toEqual({
      kind: 'amendment',
      draftedOn: '2026-11-20',
      operations: [
        {
          op: 'addMeasure',
          measure: {
            id: 'm17',
            category: 'living-services',
            name: '公共交通',
            content: '圏域の公共交通の維持に取り組む。',
            roles: { core: '青森市は中心的な役割を担う', partner: '各町村は連携して取組む' },
          },
        },
      ],
    });
  });

  it('reads provisions and 別表 rows as staff write them, sending the canonical number', () => {
    const checked = checkAmendment({
      proceedingId: '',
      draftedOn: '2026-11-20',
      operations: [
        { ...replaceWords, article: '第3条の2', paragraph: '', item: '' },
        {
          ...emptyOperation('changeMeasureRole'),
          measureId: '別表(4)',
          party: 'partner',
          role: '甲と連携する。',
        },
      ],
    });
    expect(checked.ok ? checked.body.operations : checked.issues).toEqual([
      expect.objectContaining({ target: expect.objectContaining({ path: { article: '3-2' } }) }),
      { op: 'changeMeasureRole', id: '別表(4)', party: 'partner', role: '甲と連携する。' },
    ]);
  });

  it('names the wrong inputs of each operation by their request path', () => {
    const checked = checkAmendment({
      proceedingId: 'Amendment 2027',
      draftedOn: '',
      operations: [
        { ...replaceWords, article: '03', item: '1', paragraph: '', to: '甲乙協議の上' },
        { ...emptyOperation('reviseMeasure'), measureId: 'M 1' },
        {
          ...emptyOperation('replaceWords'),
          target: 'caption',
          article: '',
          from: '目的',
          to: '趣旨',
          occurrence: 'two',
        },
      ],
    });
    expect(issues(checked)).toEqual({
      proceedingId: ['validation.id'],
      draftedOn: ['validation.required'],
      'operations.0.target.path.article': ['validation.provisionNumber'],
      'operations.0.target.path.item': ['validation.itemNeedsParagraph'],
      'operations.0.to': ['validation.sameText'],
      'operations.1.id': ['validation.measureId'],
      'operations.1.changes': ['validation.measureChanges'],
      'operations.2.target.article': ['validation.required'],
      'operations.2.occurrence': ['validation.positiveInteger'],
    });
  });

  it('takes occurrence as a number or all', () => {
    const all = checkAmendment({
      proceedingId: '',
      draftedOn: '2026-11-20',
      operations: [{ ...replaceWords, occurrence: 'all' }],
    });
    expect(all.ok && all.body.operations[0]).toMatchObject({ occurrence: 'all' });
    const second = checkAmendment({
      proceedingId: '',
      draftedOn: '2026-11-20',
      operations: [{ ...replaceWords, occurrence: '2' }],
    });
    expect(second.ok && second.body.operations[0]).toMatchObject({ occurrence: 2 });
  });

  it('needs at least one operation', () => {
    expect(issues(checkAmendment({ proceedingId: '', draftedOn: '2026-11-20', operations: [] }))).toEqual({
      operations: ['validation.operationsRequired'],
    });
  });

  it("puts the API's errors[] for an operation next to the input the form shows for it", () => {
    // As the API answers an unknown target kind and a missing article (field paths from errors[]).
    const problem = toProblem(400, 'Bad Request', {
      type: '/problems/ValidationFailed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request does not meet the rules listed in errors[]; nothing was recorded.',
      errors: [
        {
          field: 'operations.0.target.kind',
          rule: 'isIn',
          message: 'kind must be one of the following values: provision, caption',
        },
        {
          field: 'operations.0.target.path.article',
          rule: 'isProvisionNumber',
          message: 'article must be an article number',
        },
        { field: 'operations[0]', rule: 'AmendmentNotApplicable', message: '第9条がありません' },
      ],
    });
    const names = operationFieldNames(replaceWords, 0);
    const placed = placeProblemErrors(problem, ['operations', 'operations.0', ...Object.values(names)]);
    expect(placed.byField[names['target'] ?? '']).toEqual([
      'kind must be one of the following values: provision, caption',
    ]);
    expect(placed.byField[names['article'] ?? '']).toEqual(['article must be an article number']);
    expect(placed.byField['operations.0']).toEqual(['第9条がありません']);
  });
});

describe('dates and 年度 as staff write them', () => {
  const valid = { party: 'partner', decision: 'approved', resolvedOn: '', resolutionNumber: '' };

  it.each(['2026-11-25', '令和8年11月25日', 'R8.11.25', ' 令和８年１１月２５日 '])(
    'reads the date %s and sends it as 2026-11-25',
    (resolvedOn) => {
      expect(checkCouncilResolution({ ...valid, resolvedOn })).toEqual({
        ok: true,
        body: { party: 'partner', decision: 'approved', resolvedOn: '2026-11-25' },
      });
    },
  );

  it.each(['令和元年4月30日', '平成31年5月1日', '2026/13/01', 'きのう'])(
    'refuses %s as a date',
    (resolvedOn) => {
      expect(issues(checkCouncilResolution({ ...valid, resolvedOn }))).toEqual({
        resolvedOn: ['validation.date'],
      });
    },
  );

  it.each([
    ['2026', 2026],
    ['2026年度', 2026],
    ['令和8', 2026],
    ['令和8年度', 2026],
    ['R8', 2026],
    ['平成31年度', 2019],
  ])('reads the 年度 %s as %i', (input, year) => {
    const c = new Checker();
    expect(c.fiscalYear('fiscalYear', input)).toBe(year);
    expect(c.issues).toEqual([]);
  });

  it.each(['令和', '2013', 'R', '８年'])('refuses the 年度 %s', (input) => {
    const c = new Checker();
    c.fiscalYear('fiscalYear', input);
    expect(c.issues.map((i) => i.key)).toEqual(['validation.fiscalYear']);
  });

  it('tells what a typed date or 年度 reads as', () => {
    expect(readDateInput('R8.4.1')).toBe('2026-04-01');
    expect(readDateInput('2026-02-30')).toBeUndefined();
    expect(readFiscalYearInput('令和8年度')).toBe(2026);
  });
});
