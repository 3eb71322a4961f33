/**
 * Tokenising Japanese legal text into the units legal staff quote when they cite a change
 * (「500円」を「600円」に改める — never 「5」を「6」に). Concatenating the tokens always gives the
 * input back, character for character.
 *
 * At each position the first rule that matches wins:
 * 1. a quoted phrase 「…」 or 『…』, brackets included, nesting respected (an unmatched bracket is
 *    punctuation on its own);
 * 2. a date: 令和元年12月25日, 平成31年4月, 令和2年度, 2019年12月25日, 12月25日, 2019-12-25, 2019/12/25
 *    (kanji digits too: 令和元年十二月二十五日);
 * 3. a reference 第3条, 第3条の2, 第二項, 第1号, 別表第1 → 「第1」 (one unit each: 第3条第2項 is two);
 * 4. a number with its unit: 500円, 1,000万円, 3人, 4月, 2分の1, 50％, ￥500;
 * 5. a run of one script: kanji (with 々〆〇ヶ), hiragana, katakana (with ー), latin letters (with
 *    following digits: m01), white space;
 * 6. anything else — punctuation 、。（）・ and symbols — one character per token.
 * A kanji run stops where rule 2 or 3 would match (同法第三条 → 同法 / 第三条).
 */

export type TokenKind =
  | 'quote'
  | 'date'
  | 'reference'
  | 'number'
  | 'kanji'
  | 'hiragana'
  | 'katakana'
  | 'latin'
  | 'space'
  | 'punctuation';

export interface Token {
  text: string;
  kind: TokenKind;
}

const DIGIT = '[0-9０-９]';
const KANJI_DIGIT = '[〇一二三四五六七八九十]';
const KANJI_NUMERAL = '[〇一二三四五六七八九十百千万]+';
const NUMBER = `${DIGIT}+(?:[,，]${DIGIT}{3})*(?:[.．]${DIGIT}+)?`;
const ERA = '(?:令和|平成|昭和|大正|明治)';
const MONTH_DAY = `(?:${DIGIT}{1,2}|${KANJI_DIGIT}{1,3})月(?:(?:${DIGIT}{1,2}|${KANJI_DIGIT}{1,3})日)?`;

/** Sticky patterns: each is tried at one position only. */
const sticky = (source: string): RegExp => new RegExp(source, 'uy');

const DATE_PATTERNS: readonly RegExp[] = [
  sticky(`${ERA}(?:元|${DIGIT}{1,3}|${KANJI_DIGIT}{1,3})年(?:度|${MONTH_DAY})?`),
  sticky(`${DIGIT}{4}-${DIGIT}{2}-${DIGIT}{2}`),
  sticky(`${DIGIT}{4}[/／]${DIGIT}{1,2}[/／]${DIGIT}{1,2}`),
  sticky(`${DIGIT}{4}年(?:度|${MONTH_DAY})?`),
  sticky(`${DIGIT}{1,2}月${DIGIT}{1,2}日`),
];

const REFERENCE_UNITS = '条|項|号|章|節|款|目|編|回|期|次|表|類|種|部';
// 枝番号 start at 2, so 「の一」 is never one (第三条の一部 stays 第三条 / の / 一部).
const BRANCH = `の(?:${DIGIT}+|(?!一)${KANJI_NUMERAL})`;
const REFERENCE_PATTERN = sticky(`第(?:${NUMBER}|${KANJI_NUMERAL})(?:${REFERENCE_UNITS})?(?:${BRANCH})*`);

/** Units and counters, longest first so 年度 wins over 年 and 平方メートル over メートル. */
const UNITS = [
  '平方キロメートル',
  '平方メートル',
  'キロメートル',
  'パーセント',
  'メートル',
  '市町村',
  'か年',
  'ヶ年',
  '箇年',
  'か月',
  'ヶ月',
  'カ月',
  'ケ月',
  '箇月',
  '年度',
  '年間',
  '日間',
  '週間',
  '時間',
  '世帯',
  '団体',
  '人',
  '名',
  '円',
  '件',
  '回',
  '年',
  '月',
  '日',
  '時',
  '分',
  '秒',
  '歳',
  '才',
  '%',
  '％',
  '割',
  '倍',
  '者',
  '台',
  '本',
  '枚',
  '個',
  '条',
  '項',
  '号',
  '市',
  '町',
  '村',
  'km',
  'kg',
  'm',
]
  .slice()
  .sort((a, b) => b.length - a.length);

const NUMBER_PATTERNS: readonly RegExp[] = [
  // 2分の1 (a fraction is one quantity).
  sticky(`${NUMBER}分の${NUMBER}`),
  sticky(`[¥￥]?${NUMBER}(?:[万億兆千百])?(?:${UNITS.join('|')})?`),
];

const KANJI = /[\p{Script=Han}々〆〇ヶヵ]/u;
const HIRAGANA = /[\p{Script=Hiragana}ゝゞ]/u;
const KATAKANA = /[\p{Script=Katakana}ー]/u;
const LATIN_START = /[A-Za-zＡ-Ｚａ-ｚ]/u;
const LATIN_REST = /[A-Za-z0-9Ａ-Ｚａ-ｚ０-９_]/u;
const SPACE = /[\s\u3000]/u;

const QUOTES: Readonly<Record<string, string>> = { '「': '」', '『': '』' };

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  const match = pattern.exec(text);
  return match && match[0] !== '' ? match[0] : undefined;
}

function firstMatch(patterns: readonly RegExp[], text: string, at: number): string | undefined {
  for (const pattern of patterns) {
    const found = matchAt(pattern, text, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The balanced quoted phrase starting at `at`, or undefined when the bracket is never closed. */
function quoteAt(text: string, at: number): string | undefined {
  const open = text[at];
  const close = open === undefined ? undefined : QUOTES[open];
  if (close === undefined || open === undefined) return undefined;
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const ch = text[i];
    if (ch === open) depth++;
    else if (ch === close) {
      depth--;
      if (depth === 0) return text.slice(at, i + 1);
    }
  }
  return undefined;
}

/** The code point at `at` as a string (a surrogate pair stays whole). */
function charAt(text: string, at: number): string {
  const code = text.codePointAt(at);
  return code === undefined ? '' : String.fromCodePoint(code);
}

function runOf(text: string, at: number, accepts: (ch: string, position: number) => boolean): string {
  let end = at;
  while (end < text.length) {
    const ch = charAt(text, end);
    if (!accepts(ch, end)) break;
    end += ch.length;
  }
  return text.slice(at, end);
}

/** Where a date or a reference begins inside a kanji run, the run stops. */
function startsSpecial(text: string, at: number): boolean {
  const ch = text[at] ?? '';
  if (ch === '第') return matchAt(REFERENCE_PATTERN, text, at) !== undefined;
  return ERA_START.test(ch) && firstMatch(DATE_PATTERNS, text, at) !== undefined;
}

/** First characters that can start a date, a reference or a number (the patterns are tried only there). */
const DIGIT_START = /[0-9０-９]/u;
const ERA_START = /[令平昭大明]/u;
const YEN = /[¥￥]/u;

function tokenAt(text: string, at: number): Token {
  const ch = charAt(text, at);
  const quote = ch in QUOTES ? quoteAt(text, at) : undefined;
  if (quote !== undefined) return { text: quote, kind: 'quote' };
  const digit = DIGIT_START.test(ch);
  const date = digit || ERA_START.test(ch) ? firstMatch(DATE_PATTERNS, text, at) : undefined;
  if (date !== undefined) return { text: date, kind: 'date' };
  const reference = ch === '第' ? matchAt(REFERENCE_PATTERN, text, at) : undefined;
  if (reference !== undefined) return { text: reference, kind: 'reference' };
  const number = digit || YEN.test(ch) ? firstMatch(NUMBER_PATTERNS, text, at) : undefined;
  if (number !== undefined) return { text: number, kind: 'number' };
  if (KANJI.test(ch)) {
    return {
      text: runOf(
        text,
        at,
        (c, position) => KANJI.test(c) && (position === at || !startsSpecial(text, position)),
      ),
      kind: 'kanji',
    };
  }
  if (HIRAGANA.test(ch)) return { text: runOf(text, at, (c) => HIRAGANA.test(c)), kind: 'hiragana' };
  if (KATAKANA.test(ch)) return { text: runOf(text, at, (c) => KATAKANA.test(c)), kind: 'katakana' };
  if (LATIN_START.test(ch)) {
    return { text: ch + runOf(text, at + ch.length, (c) => LATIN_REST.test(c)), kind: 'latin' };
  }
  if (SPACE.test(ch)) return { text: runOf(text, at, (c) => SPACE.test(c)), kind: 'space' };
  return { text: ch, kind: 'punctuation' };
}

/** Splits `text` into tokens; `tokens.map(t => t.text).join('')` is `text` again. Deterministic. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const token = tokenAt(text, at);
    tokens.push(token);
    at += token.text.length;
  }
  return tokens;
}
