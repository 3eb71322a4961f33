import { validateDocument } from '../src/document.validator';
import { renderDocument } from '../src/render';
import { SAMPLE_MEASURES, buildSampleDocument } from './sample-document';

describe('buildSampleDocument', () => {
  it('is a valid agreement between 青森市 (甲) and 平内町 (乙)', () => {
    const doc = buildSampleDocument();
    expect(validateDocument(doc)).toEqual([]);
    expect(doc.preamble.startsWith('青森市（以下「甲」という。）と平内町（以下「乙」という。）とは、')).toBe(
      true,
    );
  });

  it('has the seed’s six articles, 第1条 目的 … 第6条 疑義の解決', () => {
    expect(buildSampleDocument().articles.map((a) => [a.number, a.caption])).toEqual([
      ['1', '目的'],
      ['2', '基本方針'],
      ['3', '連携する取組及び役割分担'],
      ['4', '事務執行にあたっての連携、協力及び費用分担'],
      ['5', '定期的な協議'],
      ['6', '疑義の解決'],
    ]);
  });

  it('carries the seed’s first three measures and its 附則', () => {
    const doc = buildSampleDocument();
    expect(doc.measures.map((m) => m.name)).toEqual([
      '産学金官民一体となった圏域の経済成長等の推進体制の整備',
      '産業クラスターの形成、イノベーション実現、新規創業促進、地域の中堅企業等を核とした戦略産業の育成',
      '地域資源を活用した地域経済の裾野拡大',
    ]);
    expect(doc.measures.every((m) => m.category === 'economic-growth')).toBe(true);
    expect(doc.supplementaryProvisions.paragraphs.map((p) => p.text)).toEqual([
      'この協約は、令和元年12月25日から施行する。',
    ]);
    expect(renderDocument(doc, 'municipal')).toContain('第4条\u3000甲及び乙は、');
  });

  it('returns an independent copy on every call', () => {
    const first = buildSampleDocument();
    first.articles.pop();
    const measure = first.measures[0];
    if (measure) measure.roles.core = 'changed';
    const second = buildSampleDocument();
    expect(second.articles).toHaveLength(6);
    expect(second.measures[0]?.roles.core).toBe('中心的な役割を担う。');
    expect(SAMPLE_MEASURES[0]?.roles.core).toBe('中心的な役割を担う。');
  });

  it('takes overrides', () => {
    expect(buildSampleDocument({ title: '別の協約' }).title).toBe('別の協約');
  });
});
