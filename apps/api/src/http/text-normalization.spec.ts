import { normalizeText } from './text-normalization';

describe('normalizeText (NFC at the API boundary)', () => {
  it('composes a combining sequence: か + U+3099 becomes が', () => {
    expect(normalizeText('\u304B\u3099')).toBe('\u304C');
  });

  it('keeps CJK compatibility ideographs, which NFC would replace (U+FA19 神 stays, not U+795E)', () => {
    expect('\uFA19'.normalize('NFC')).toBe('\u795E');
    expect(normalizeText('\uFA19社と\u304B\u3099')).toBe('\uFA19社と\u304C');
    expect(normalizeText('\u{2F800}')).toBe('\u{2F800}');
  });

  it('leaves text already in NFC unchanged', () => {
    expect(normalizeText('連携協約 第3条の2')).toBe('連携協約 第3条の2');
  });
});
