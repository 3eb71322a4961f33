/**
 * Finding words in agreement texts, in the browser: each provision (題名, 前文, 条, 別表's 連携施策 and
 * other rows, 附則) searched as one unit, a hit named by its label and anchor on the text page
 * (#article-6, #measure-m04), and the same wording found in several versions of one agreement told
 * once with every version it stands in.
 */
import {
  type AgreementDocument,
  type Item,
  renderArticleNumber,
  renderBranchedNumber,
} from '@kyoyaku/legal-text';

/** A unit of text to search: a provision or a row, with where it is on the text page. */
export interface SearchUnit {
  /** 第6条, 別表 戦略的な観光施策の展開, 前文 … */
  label: string;
  /** The id of the element on the agreement's text page; empty for the top of the page. */
  anchor: string;
  text: string;
}

function itemText(items: readonly Item[]): string[] {
  return items.flatMap((item) => [item.text, ...itemText(item.subItems)]);
}

/** The units of a document, in its order. */
export function searchUnits(document: AgreementDocument): SearchUnit[] {
  const units: SearchUnit[] = [{ label: '題名', anchor: '', text: document.title }];
  if (document.preamble !== '') units.push({ label: '前文', anchor: '', text: document.preamble });
  for (const article of document.articles) {
    if (article.deleted) continue;
    units.push({
      label: renderArticleNumber(article.number, 'municipal'),
      anchor: `article-${article.number}`,
      text: [article.caption, ...article.paragraphs.flatMap((p) => [p.text, ...itemText(p.items)])].join(
        '\n',
      ),
    });
  }
  for (const measure of document.measures) {
    units.push({
      label: `別表 ${measure.name}`,
      anchor: `measure-${measure.id}`,
      text: [measure.name, measure.content, `甲 ${measure.roles.core}`, `乙 ${measure.roles.partner}`].join(
        '\n',
      ),
    });
  }
  for (const table of document.appendices) {
    const name = `別表${table.number === '' ? '' : `第${renderBranchedNumber(table.number, 'municipal')}`}`;
    units.push({
      label: name,
      anchor: `appendix-${table.number === '' ? 'single' : table.number}`,
      text: [table.title, ...table.rows.map((row) => row.cells.join(' '))].join('\n'),
    });
  }
  const supplementary = document.supplementaryProvisions.paragraphs;
  if (supplementary.length > 0) {
    units.push({
      label: '附則',
      anchor: 'supplementary-provisions',
      text: supplementary.flatMap((p) => [p.text, ...itemText(p.items)]).join('\n'),
    });
  }
  return units;
}

/** A passage around a hit: the words before, the words found, the words after. */
export interface Snippet {
  before: string;
  match: string;
  after: string;
}

const CONTEXT = 40;

/**
 * The first place the words stand in a text, with some context; undefined when they do not.
 * Latin letters match in either case; everything else as typed.
 */
export function findIn(text: string, words: string): Snippet | undefined {
  const query = words.trim();
  if (query === '') return undefined;
  const at = text.toLowerCase().indexOf(query.toLowerCase());
  if (at < 0) return undefined;
  const start = Math.max(0, at - CONTEXT);
  const end = Math.min(text.length, at + query.length + CONTEXT);
  return {
    before: `${start > 0 ? '…' : ''}${text.slice(start, at)}`.replace(/\n/g, ' '),
    match: text.slice(at, at + query.length),
    after: `${text.slice(at + query.length, end)}${end < text.length ? '…' : ''}`.replace(/\n/g, ' '),
  };
}

export interface SearchedVersion {
  agreementId: string;
  versionNumber: number;
  /** The first day of the version: the date to open the text page at. */
  effectiveFrom: string;
  document: AgreementDocument;
}

export interface SearchHit {
  agreementId: string;
  label: string;
  anchor: string;
  snippet: Snippet;
  /** The versions whose unit reads the same, in the order given; the link opens the last. */
  versions: { number: number; effectiveFrom: string }[];
}

/** Every unit of every version holding the words; the same wording in several versions told once. */
export function searchVersions(versions: readonly SearchedVersion[], words: string): SearchHit[] {
  const hits = new Map<string, SearchHit>();
  for (const version of versions) {
    for (const unit of searchUnits(version.document)) {
      const snippet = findIn(unit.text, words);
      if (snippet === undefined) continue;
      const key = JSON.stringify([version.agreementId, unit.label, unit.anchor, unit.text]);
      const seen = hits.get(key);
      const entry = { number: version.versionNumber, effectiveFrom: version.effectiveFrom };
      if (seen === undefined) {
        hits.set(key, {
          agreementId: version.agreementId,
          label: unit.label,
          anchor: unit.anchor,
          snippet,
          versions: [entry],
        });
      } else seen.versions.push(entry);
    }
  }
  return [...hits.values()];
}
