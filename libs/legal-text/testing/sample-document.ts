/**
 * A test fixture shaped like the seed (資料２, `shared/seed/000_c0d480ff15a294b0.txt`): the agreement
 * between 青森市 (甲) and 平内町 (乙). The three measures are the seed's first three, verbatim (line
 * breaks of the PDF removed). Text marked ILLUSTRATIVE is not in the seed: it completes the
 * articles the seed only summarises (【その他】) in the wording such agreements usually have.
 * The full 15-measure demo lives in libs/runtime/src/demo/aomori.
 */
import type { AgreementDocument, Article, Measure, Paragraph } from '../src/document.model';

function paragraphs(...texts: string[]): Paragraph[] {
  return texts.map((text, index) => ({ number: index + 1, text, items: [] }));
}

function article(number: string, caption: string, ...texts: string[]): Article {
  return { number, caption, paragraphs: paragraphs(...texts), deleted: false };
}

/** 「青森市は中心的な役割を担い、各町村は連携して取組む」 (seed, 第3条) split per party. */
const CORE_ROLE = '中心的な役割を担う。';
const PARTNER_ROLE = '連携して取り組む。';

function frozen(measure: Measure): Readonly<Measure> {
  Object.freeze(measure.roles);
  return Object.freeze(measure);
}

/** The seed's first three measures (category ①), verbatim. Frozen: copy before changing. */
export const SAMPLE_MEASURES: readonly Readonly<Measure>[] = [
  frozen({
    id: 'm01',
    category: 'economic-growth',
    name: '産学金官民一体となった圏域の経済成長等の推進体制の整備',
    content:
      '産学官民一体となった青森圏域連携中枢都市圏ビジョン懇談会（以下「ビジョン懇談会」という。）等の推進体制を整備・運営し、連携中枢都市圏ビジョンの策定、進捗管理等に取り組む。',
    roles: { core: CORE_ROLE, partner: PARTNER_ROLE },
  }),
  frozen({
    id: 'm02',
    category: 'economic-growth',
    name: '産業クラスターの形成、イノベーション実現、新規創業促進、地域の中堅企業等を核とした戦略産業の育成',
    content:
      '産業クラスターの形成、イノベーション実現、新規創業促進、地域の中堅企業等を核とした戦略産業の育成を図るため、起業支援等、各種連携事業に取り組む。',
    roles: { core: CORE_ROLE, partner: PARTNER_ROLE },
  }),
  frozen({
    id: 'm03',
    category: 'economic-growth',
    name: '地域資源を活用した地域経済の裾野拡大',
    content:
      '地域資源の活用による地域ブランド育成や販路拡大等、地域経済の裾野拡大を図るため、各種連携事業に取り組む。',
    roles: { core: CORE_ROLE, partner: PARTNER_ROLE },
  }),
];

/**
 * A fresh copy on every call, so a test that mutates it cannot affect another.
 * `overrides` replaces top-level fields.
 */
export function buildSampleDocument(overrides: Partial<AgreementDocument> = {}): AgreementDocument {
  const base: AgreementDocument = {
    // Seed: 「連携中枢都市圏の形成に係る連携協約（案）の概要」 without （案）の概要.
    title: '連携中枢都市圏の形成に係る連携協約',
    // ILLUSTRATIVE after 「とは、」 (DESIGN.md §2.2 gives the opening).
    preamble:
      '青森市（以下「甲」という。）と平内町（以下「乙」という。）とは、地方自治法（昭和22年法律第67号）第252条の2第1項の規定に基づき、連携中枢都市圏の形成に係る連携協約を次のとおり締結する。',
    articles: [
      // Seed 【目的】（第１条） up to 「形成すること」; 「を目的とする。」 is ILLUSTRATIVE.
      article(
        '1',
        '目的',
        'この連携協約は、甲及び乙が、圏域全体の経済成長のけん引、高次の都市機能の集積・強化及び圏域全体の生活関連機能サービスの向上に関する取組を相互に連携して実施することにより、圏域に有する「うみ・まち・ひと」にわたる地域資源を結びつけながら、圏域の住民が活力にあふれ、圏域外の住民に魅力を発信できる持続可能で発展する圏域を形成することを目的とする。',
      ),
      // ILLUSTRATIVE (the seed names 基本方針（第２条） only).
      article(
        '2',
        '基本方針',
        '甲及び乙は、次条に規定する連携施策について、相互に役割を分担し、連携して取り組むものとする。',
      ),
      // Caption from the seed; the paragraph is ILLUSTRATIVE, built on the seed's 第3条 summary.
      article(
        '3',
        '連携する取組及び役割分担',
        '甲及び乙が連携して取り組む連携施策並びに甲及び乙の役割分担は、別表のとおりとする。',
      ),
      // Caption from the seed; text ILLUSTRATIVE except 「事業ごとに協議の上、別途定める」 (seed note).
      article(
        '4',
        '事務執行にあたっての連携、協力及び費用分担',
        '甲及び乙は、連携施策の事務の執行に当たり、相互に連携し、協力するものとする。',
        '連携施策の実施に要する費用の分担については、事業ごとに協議の上、別途定める。',
      ),
      // Caption from the seed; text ILLUSTRATIVE.
      article(
        '5',
        '定期的な協議',
        '甲及び乙は、この連携協約に基づく取組の状況について、定期的に協議を行うものとする。',
      ),
      // Caption from the seed; text ILLUSTRATIVE, as DESIGN.md §2.3 quotes it.
      article(
        '6',
        '疑義の解決',
        'この協約に定めのない事項又はこの協約に関し疑義が生じた事項については、甲乙協議の上、定めるものとする。',
      ),
    ],
    measures: SAMPLE_MEASURES.map((m) => ({ ...m, roles: { ...m.roles } })),
    appendices: [],
    supplementaryProvisions: {
      // 施行日 2019-12-25 (DESIGN.md §2.4, the date the agreements were concluded).
      paragraphs: paragraphs('この協約は、令和元年12月25日から施行する。'),
    },
  };
  return { ...base, ...overrides };
}
