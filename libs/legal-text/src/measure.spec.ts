import type { Measure, MeasureCategory } from './document.model';
import { MEASURE_CATEGORY_NAMES, isMeasureCategory, measureCategoryLabel, validateMeasure } from './measure';

const valid: Measure = {
  id: 'm01',
  category: 'economic-growth',
  name: '戦略的な観光施策の展開',
  content:
    '圏域の観光資源を活用した魅力向上や情報発信等、圏域への誘客拡大を図るため、各種連携事業に取り組む。',
  roles: { core: '中心的な役割を担う。', partner: '連携して取り組む。' },
};

describe('measure categories', () => {
  it('labels the seed’s ①②③', () => {
    expect(measureCategoryLabel('economic-growth')).toBe('①圏域全体の経済成長のけん引');
    expect(measureCategoryLabel('urban-functions')).toBe('②高次の都市機能の集積・強化');
    expect(measureCategoryLabel('living-services')).toBe('③圏域全体の生活関連機能サービスの向上');
    expect(MEASURE_CATEGORY_NAMES['urban-functions']).toBe('高次の都市機能の集積・強化');
  });

  it('recognises only the three categories', () => {
    expect(isMeasureCategory('living-services')).toBe(true);
    expect(isMeasureCategory('tourism')).toBe(false);
    expect(isMeasureCategory(undefined)).toBe(false);
  });
});

describe('validateMeasure', () => {
  it('accepts a complete measure', () => {
    expect(validateMeasure(valid)).toEqual([]);
    expect(validateMeasure({ ...valid, id: 'tourism-2' })).toEqual([]);
  });

  it.each(['', 'M01', 'm 01', 'm_01', 'ｍ01', '施策1'])('rejects id %j', (id) => {
    expect(validateMeasure({ ...valid, id })).toEqual([expect.stringContaining('ID')]);
  });

  it('rejects an unknown category, naming the known ones', () => {
    const problems = validateMeasure({ ...valid, category: 'tourism' as MeasureCategory });
    expect(problems).toEqual([expect.stringContaining('区分「tourism」は不明です')]);
    expect(problems[0]).toContain('economic-growth');
  });

  it.each([
    ['name', { name: ' ' }, '施策名が空です'],
    ['content', { content: '' }, '取組内容が空です'],
    ['core role', { roles: { core: '', partner: '連携' } }, '甲の役割分担が空です'],
    ['partner role', { roles: { core: '中心', partner: '\u3000' } }, '乙の役割分担が空です'],
  ])('rejects an empty %s', (_, patch, message) => {
    expect(validateMeasure({ ...valid, ...patch })).toEqual([`連携施策「m01」: ${message}`]);
  });

  it('reports every problem of malformed JSON without throwing', () => {
    const broken = { id: 'x', category: 'economic-growth' } as unknown as Measure;
    expect(validateMeasure(broken)).toHaveLength(4);
  });
});
