/** Rendering fragments with the library's own renderer. */
import type {
  AgreementDocument,
  Article,
  Item,
  Measure,
  Paragraph,
  ProvisionNumber,
  ProvisionPath,
} from '../../document.model';
import { measuresTableHeading } from '../../consolidated-text';
import { renderDocument, type RenderStyle } from '../../render';
import { findArticle, OrderRejected } from './reading';

function renderFragment(
  parts: Partial<AgreementDocument>,
  style: RenderStyle,
  measuresHeading?: string,
): string[] {
  const doc: AgreementDocument = {
    title: '',
    preamble: '',
    articles: [],
    measures: [],
    appendices: [],
    supplementaryProvisions: { paragraphs: [] },
    ...parts,
  };
  const text = renderDocument(doc, style, measuresHeading === undefined ? {} : { measuresHeading });
  return text === '\n' ? [] : text.replace(/\n$/, '').split('\n');
}

export function articleLines(article: Article, style: RenderStyle): string[] {
  return renderFragment({ articles: [article] }, style);
}

const PLACEHOLDER = '＿';

/** A paragraph as it stands in its article: 「２ …」, the first one as 「第3条 …」 (U+3000 between). */
export function paragraphLines(
  articleNumber: ProvisionNumber,
  paragraph: Paragraph,
  style: RenderStyle,
): string[] {
  if (paragraph.number === 1) {
    return articleLines(
      { number: articleNumber, caption: '', paragraphs: [paragraph], deleted: false },
      style,
    );
  }
  const first: Paragraph = { number: 1, text: PLACEHOLDER, items: [] };
  return articleLines(
    { number: articleNumber, caption: '', paragraphs: [first, paragraph], deleted: false },
    style,
  ).slice(1);
}

/** An item (depth 0) or sub-item (depth 1) as it stands, indented. */
export function itemLines(item: Item, parentItem: ProvisionNumber | undefined, style: RenderStyle): string[] {
  const items: Item[] =
    parentItem === undefined ? [item] : [{ number: parentItem, text: PLACEHOLDER, subItems: [item] }];
  const lines = articleLines(
    { number: '1', caption: '', paragraphs: [{ number: 1, text: PLACEHOLDER, items }], deleted: false },
    style,
  );
  return lines.slice(parentItem === undefined ? 1 : 2);
}

/** The measures table; `of` (the document it belongs to) heads it as the text does: 別表（第3条関係）. */
export function measuresLines(measures: Measure[], style: RenderStyle, of?: AgreementDocument): string[] {
  return renderFragment({ measures }, style, of === undefined ? undefined : measuresTableHeading(of, style));
}

export function supplementaryLines(doc: AgreementDocument, style: RenderStyle): string[] {
  return renderFragment({ supplementaryProvisions: doc.supplementaryProvisions }, style);
}

/** Lines of a paragraph, item or sub-item as it stands in `doc`. */
export function linesAt(doc: AgreementDocument, path: ProvisionPath, style: RenderStyle): string[] {
  const article = findArticle(doc, path.article);
  const paragraph = article.paragraphs.find((p) => p.number === path.paragraph);
  if (!paragraph) throw new OrderRejected();
  if (path.item === undefined) return paragraphLines(article.number, paragraph, style);
  const item = paragraph.items.find((i) => i.number === path.item);
  if (!item) throw new OrderRejected();
  if (path.subItem === undefined) return itemLines(item, undefined, style);
  const sub = item.subItems.find((s) => s.number === path.subItem);
  if (!sub) throw new OrderRejected();
  return itemLines(sub, item.number, style);
}
