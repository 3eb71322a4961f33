import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import type { AmendmentOperation } from './amendment';
import type { AgreementDocument, Measure } from './document.model';
import { isMeasureRowReference, measuresInTableOrder, readMeasureReference } from './measure';
import { resolveMeasureReferences } from './measure-reference';

function measure(id: string, category: Measure['category']): Measure {
  return { id, category, name: `施策${id}`, content: '内容', roles: { core: '甲', partner: '乙' } };
}

// Document order is not table order: the table groups rows by category (①②③).
const measures = [
  measure('m01', 'economic-growth'),
  measure('m03', 'living-services'),
  measure('m02', 'urban-functions'),
  measure('m04', 'economic-growth'),
];

describe('readMeasureReference (a row of the 別表 as people type it)', () => {
  it('counts rows as the table prints them', () => {
    expect(measuresInTableOrder(measures).map((m) => m.id)).toEqual(['m01', 'm04', 'm02', 'm03']);
  });

  it.each([
    ['別表(2)', 'm04'],
    ['別表(2)の項', 'm04'],
    ['(2)', 'm04'],
    ['（２）', 'm04'],
    ['2', 'm04'],
    ['別表二の項', 'm04'],
    ['m04', 'm04'],
    ['別表(4)', 'm03'],
  ])('reads %s as %s', (input, id) => {
    expect(readMeasureReference(measures, input)).toMatchObject({ ok: true, id });
  });

  it('says how many rows there are when the row does not exist', () => {
    expect(readMeasureReference(measures, '別表(5)')).toEqual({
      ok: false,
      reason: '別表(5)の項はありません（別表は(1)から(4)までです）',
    });
  });

  it.each(['第4条', 'm99', '', '別表'])('refuses %p', (input) => {
    expect(readMeasureReference(measures, input).ok).toBe(false);
  });
});

describe('isMeasureRowReference (does the text cite a row by its place?)', () => {
  it.each(['別表(4)', '(4)', '（４）', '４', '4', '別表四の項', '別表(4)の項', ' 別表 (4) '])(
    '%j does',
    (text) => {
      expect(isMeasureRowReference(text)).toBe(true);
    },
  );

  it.each(['m04', '', '別表', '第4条', 'measure-4', '別表(4'])('%j does not', (text) => {
    expect(isMeasureRowReference(text)).toBe(false);
  });
});

describe('resolveMeasureReferences (rows cited by place, recorded by id)', () => {
  const base: AgreementDocument = { ...buildSampleDocument(), measures };

  it('replaces each row reference with the id of the row, as the table stands when the operation applies', () => {
    const operations: AmendmentOperation[] = [
      { op: 'changeMeasureRole', id: '別表(2)', party: 'partner', role: '連携して取り組む' },
      { op: 'reviseMeasure', id: '（４）', changes: { name: '新しい名称' } },
      // Removing row (1) moves the later rows up: (1) is then what was (2).
      { op: 'removeMeasure', id: '別表一の項' },
      { op: 'removeMeasure', id: '(1)' },
      { op: 'addMeasure', measure: { ...measure('m05', 'urban-functions') }, after: '別表(1)' },
    ];
    expect(resolveMeasureReferences(base, operations)).toEqual({
      ok: true,
      operations: [
        { op: 'changeMeasureRole', id: 'm04', party: 'partner', role: '連携して取り組む' },
        { op: 'reviseMeasure', id: 'm03', changes: { name: '新しい名称' } },
        { op: 'removeMeasure', id: 'm01' },
        { op: 'removeMeasure', id: 'm04' },
        { op: 'addMeasure', measure: measure('m05', 'urban-functions'), after: 'm02' },
      ],
    });
  });

  it('keeps ids as they are, including one an earlier operation added and one the text lacks', () => {
    const operations: AmendmentOperation[] = [
      { op: 'addMeasure', measure: measure('m09', 'living-services'), after: null },
      { op: 'changeMeasureRole', id: 'm09', party: 'core', role: '中心的な役割を担う' },
      { op: 'removeMeasure', id: 'm99' },
      { op: 'addMeasure', measure: measure('m10', 'living-services') },
    ];
    expect(resolveMeasureReferences(base, operations)).toEqual({ ok: true, operations });
  });

  it('names every reference that names no row, by its JSON path, and the forms allowed', () => {
    const result = resolveMeasureReferences(base, [
      { op: 'replaceWords', target: { kind: 'title' }, from: '連携', to: '協力' },
      { op: 'removeMeasure', id: '別表(99)' },
      { op: 'addMeasure', measure: measure('m05', 'urban-functions'), after: '(0)' },
    ]);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          field: 'operations[1].id',
          reason: expect.stringContaining('別表(99)の項はありません（別表は(1)から(4)までです）') as string,
        },
        {
          field: 'operations[2].after',
          reason: expect.stringContaining('別表(0)の項はありません') as string,
        },
      ],
    });
    if (!result.ok) expect(result.problems[0]?.reason).toContain('別表(4)、(4)、4、別表四の項');
  });

  it('reads later references against the text as far as it applied: the amendment reports the operation that does not apply', () => {
    const operations: AmendmentOperation[] = [
      { op: 'removeMeasure', id: 'm99' },
      { op: 'removeMeasure', id: '別表(1)' },
    ];
    expect(resolveMeasureReferences(base, operations)).toEqual({
      ok: true,
      operations: [operations[0], { op: 'removeMeasure', id: 'm01' }],
    });
  });
});
