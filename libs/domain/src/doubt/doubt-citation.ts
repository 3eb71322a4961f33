/**
 * What a doubt cites, read in a version of the agreement: the cited text (so it can be pinned and
 * compared between "then" and "now") and whether an amendment operation touches it.
 */
import {
  compareProvisionNumbers,
  describeLookupFailure,
  describeProvision,
  locateProvision,
  measureCategoryLabel,
  renderDocument,
  renderItemMark,
  type AgreementDocument,
  type AmendmentOperation,
  type Item,
  type Measure,
  type ProvisionPath,
} from '@kyoyaku/legal-text';
import { UNSPECIFIED_MATTER_LABEL, type Citation, type CitationInput } from './doubt.types';

const SPACE = '　';

function renderItems(items: readonly Item[], depth: number, lines: string[]): void {
  for (const item of items) {
    lines.push(
      `${SPACE.repeat(depth + 1)}${renderItemMark(item.number, depth, 'municipal')}${SPACE}${item.text}`,
    );
    renderItems(item.subItems, depth + 1, lines);
  }
}

/** 連携施策「…」 with its 区分, 取組内容 and 役割分担, as the 別表 prints a row. */
export function renderMeasure(measure: Measure): string {
  return [
    `施策名${SPACE}${measure.name}`,
    `区分${SPACE}${measureCategoryLabel(measure.category)}`,
    `取組内容${SPACE}${measure.content}`,
    `役割分担${SPACE}甲${SPACE}${measure.roles.core}`,
    `${SPACE.repeat(5)}乙${SPACE}${measure.roles.partner}`,
  ].join('\n');
}

export function measureLabel(measure: Pick<Measure, 'id' | 'name'>): string {
  return `別表 連携施策「${measure.name}」（${measure.id}）`;
}

/**
 * The cited text in `document` (municipal style): a whole article as the document prints it, or a
 * paragraph, item or sub-item after its label and a full-width space (第3条第2項 …) with what lies below it; a measure as
 * its row. `undefined` when the document has no such provision or measure; '' for a 定めのない事項.
 */
export function citedTextIn(document: AgreementDocument, citation: CitationInput): string | undefined {
  switch (citation.kind) {
    case 'unspecified':
      return '';
    case 'measure': {
      const measure = document.measures.find((m) => m.id === citation.measureId);
      return measure === undefined ? undefined : renderMeasure(measure);
    }
    case 'provision': {
      const found = locateProvision(document, citation.path);
      if (!found.ok) return undefined;
      const label = describeProvision(citation.path);
      const lines: string[] = [];
      switch (found.level) {
        case 'article':
          return renderDocument(
            {
              title: '',
              preamble: '',
              articles: [found.article],
              measures: [],
              appendices: [],
              supplementaryProvisions: { paragraphs: [] },
            },
            'municipal',
          ).trimEnd();
        case 'paragraph':
          lines.push(`${label}${SPACE}${found.paragraph.text}`);
          renderItems(found.paragraph.items, 0, lines);
          break;
        case 'item':
          lines.push(`${label}${SPACE}${found.item.text}`);
          renderItems(found.item.subItems, 1, lines);
          break;
        case 'subItem':
          lines.push(`${label}${SPACE}${found.subItem.text}`);
          renderItems(found.subItem.subItems, 2, lines);
          break;
      }
      return lines.join('\n');
    }
  }
}

export type CitationResolution =
  | { ok: true; citation: Citation; text: string }
  | { ok: false; reason: 'invalid' | 'not-found'; problem: string };

/** Reads a citation in the version pinned on the raised date: its label and text, or why it is not there. */
export function resolveCitation(document: AgreementDocument, input: CitationInput): CitationResolution {
  switch (input.kind) {
    case 'unspecified':
      return { ok: true, citation: { kind: 'unspecified', label: UNSPECIFIED_MATTER_LABEL }, text: '' };
    case 'measure': {
      const measure = document.measures.find((m) => m.id === input.measureId);
      if (measure === undefined) {
        const known = document.measures.map((m) => m.id).join('、') || 'なし';
        return {
          ok: false,
          reason: 'not-found',
          problem: `連携施策「${input.measureId}」は別表にありません（別表の施策: ${known}）`,
        };
      }
      return {
        ok: true,
        citation: { kind: 'measure', measureId: measure.id, label: measureLabel(measure) },
        text: renderMeasure(measure),
      };
    }
    case 'provision': {
      const found = locateProvision(document, input.path);
      if (!found.ok) {
        return {
          ok: false,
          reason: found.reason === 'invalid-path' ? 'invalid' : 'not-found',
          problem: describeLookupFailure(found),
        };
      }
      const path = copyPath(input.path);
      return {
        ok: true,
        citation: { kind: 'provision', path, label: describeProvision(path) },
        text: citedTextIn(document, input) ?? '',
      };
    }
  }
}

/** The path with only its defined levels (events hold no undefined keys). */
function copyPath(path: ProvisionPath): ProvisionPath {
  return {
    article: path.article,
    ...(path.paragraph === undefined ? {} : { paragraph: path.paragraph }),
    ...(path.item === undefined ? {} : { item: path.item }),
    ...(path.subItem === undefined ? {} : { subItem: path.subItem }),
  };
}

/** Whether one path lies within the other (or they are the same provision). */
function overlaps(a: ProvisionPath, b: ProvisionPath): boolean {
  if (a.article !== b.article) return false;
  if (a.paragraph === undefined || b.paragraph === undefined) return true;
  if (a.paragraph !== b.paragraph) return false;
  if (a.item === undefined || b.item === undefined) return true;
  if (a.item !== b.item) return false;
  if (a.subItem === undefined || b.subItem === undefined) return true;
  return a.subItem === b.subItem;
}

/**
 * Whether an amendment operation changes (or renumbers) the cited provision or measure. A 定めのない
 * 事項 is touched by no operation: what the agreement does not say, no operation of it changes.
 */
export function operationTouchesCitation(operation: AmendmentOperation, citation: CitationInput): boolean {
  if (citation.kind === 'unspecified') return false;
  if (citation.kind === 'measure') {
    switch (operation.op) {
      case 'addMeasure':
        return operation.measure.id === citation.measureId;
      case 'reviseMeasure':
      case 'removeMeasure':
      case 'changeMeasureRole':
        return operation.id === citation.measureId;
      case 'replaceWords':
      case 'replaceProvision':
      case 'insertArticle':
      case 'insertParagraph':
      case 'insertItem':
      case 'deleteProvision':
      case 'renumberArticle':
      case 'replaceSupplementaryProvisions':
        return false;
    }
  }
  const path = citation.path;
  switch (operation.op) {
    case 'replaceWords':
      switch (operation.target.kind) {
        case 'provision':
          return overlaps(operation.target.path, path);
        case 'caption':
          return operation.target.article === path.article && path.paragraph === undefined;
        case 'title':
        case 'preamble':
        case 'supplementaryProvisions':
          return false;
      }
      break;
    case 'replaceProvision':
      return overlaps(operation.path, path);
    case 'deleteProvision': {
      if (overlaps(operation.path, path)) return true;
      // Removing a paragraph renumbers the later ones (項 take no 枝番号); items and articles leave a
      // gap unless the operation renumbers the later ones (renumberFollowing).
      const removed = operation.path;
      if (!operation.leaveDeletedMarker && operation.renumberFollowing === true) {
        if (removed.paragraph === undefined) {
          return compareProvisionNumbers(path.article, removed.article) > 0;
        }
        const sameParagraph = path.article === removed.article && path.paragraph === removed.paragraph;
        if (removed.item !== undefined && removed.subItem === undefined) {
          return (
            sameParagraph && path.item !== undefined && compareProvisionNumbers(path.item, removed.item) > 0
          );
        }
        if (removed.item !== undefined && removed.subItem !== undefined) {
          return (
            sameParagraph &&
            path.item === removed.item &&
            path.subItem !== undefined &&
            compareProvisionNumbers(path.subItem, removed.subItem) > 0
          );
        }
      }
      return (
        !operation.leaveDeletedMarker &&
        removed.paragraph !== undefined &&
        removed.item === undefined &&
        removed.article === path.article &&
        path.paragraph !== undefined &&
        path.paragraph > removed.paragraph
      );
    }
    case 'insertParagraph':
      // Later paragraphs are renumbered; the article as a whole gains one.
      return (
        operation.article === path.article &&
        (path.paragraph === undefined || path.paragraph > (operation.after ?? 0))
      );
    case 'insertItem':
      return (
        overlaps(operation.parent, path) && (path.item === undefined || operation.parent.item !== undefined)
      );
    case 'renumberArticle':
      return operation.from === path.article || operation.to === path.article;
    // A new article takes a free number; measures and 附則 are no provision of the articles.
    case 'insertArticle':
    case 'addMeasure':
    case 'reviseMeasure':
    case 'removeMeasure':
    case 'changeMeasureRole':
    case 'replaceSupplementaryProvisions':
      return false;
  }
  return false;
}
