import type { Measure } from './document.model';
import { measuresInTableOrder, readMeasureReference } from './measure';

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
