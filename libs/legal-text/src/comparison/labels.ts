/**
 * Labels of provisions as cited in a comparison or an 改め文, in either style, for numbers kept as
 * data. Never throws: a malformed number is quoted as it is.
 */
import type { ProvisionNumber } from '../document.model';
import { isProvisionNumber, parseProvisionNumber } from '../numbering';
import { renderArticleNumber, renderItemMark, renderNumeral, type RenderStyle } from '../render';

/** 第3条の2 / 第三条の二. */
export function articleLabel(number: ProvisionNumber, style: RenderStyle): string {
  return isProvisionNumber(number) ? renderArticleNumber(number, style) : `第${number}条`;
}

/** 第2項 / 第二項. */
export function paragraphUnitLabel(n: number, style: RenderStyle): string {
  return Number.isInteger(n) && n >= 0 ? `第${renderNumeral(n, style)}項` : `第${n}項`;
}

/**
 * The part of a label an item adds at `depth`: 第1号の2 (depth 0), ア / イの2 (1, or イ / ロ in
 * the kanji style), (ア) / （１） below.
 */
export function itemUnitLabel(number: ProvisionNumber, depth: number, style: RenderStyle): string {
  if (!isProvisionNumber(number)) return `「${number}」`;
  if (depth === 0) {
    const [main = 0, ...branches] = parseProvisionNumber(number);
    return `第${renderNumeral(main, style)}号${branches.map((b) => `の${renderNumeral(b, style)}`).join('')}`;
  }
  return renderItemMark(number, depth, style);
}
