import fc from 'fast-check';
import { diffSequences, diffTexts, type Segment } from './token-diff';
import { tokenize } from './tokenize';

const join = (segments: readonly Segment[]): string => segments.map((s) => s.text).join('');

/** Offsets where segments start and end (placeholders add none). */
function boundaries(segments: readonly Segment[]): number[] {
  const out: number[] = [];
  let at = 0;
  for (const s of segments) {
    out.push(at);
    at += s.text.length;
  }
  out.push(at);
  return out;
}

function tokenBoundaries(text: string): Set<number> {
  const out = new Set<number>([0]);
  let at = 0;
  for (const t of tokenize(text)) {
    at += t.text.length;
    out.add(at);
  }
  return out;
}

describe('diffSequences', () => {
  it('finds a shortest edit script (Myers)', () => {
    const a = [...'ABCABBA'];
    const b = [...'CBABAC'];
    const edits = diffSequences(a, b);
    // The classic example: D = 5.
    expect(edits.filter((e) => e.kind !== 'equal')).toHaveLength(5);
    const rebuilt: string[] = [];
    for (const e of edits) {
      if (e.kind === 'equal') rebuilt.push(a[e.oldIndex] ?? '?');
      if (e.kind === 'insert') rebuilt.push(b[e.newIndex] ?? '?');
    }
    expect(rebuilt.join('')).toBe('CBABAC');
  });

  it('turns a into b, with as many equal steps as the longest common subsequence', () => {
    const lcs = (x: string[], y: string[]): number => {
      const t = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
      for (let i = 1; i <= x.length; i++)
        for (let j = 1; j <= y.length; j++) {
          const row = t[i] ?? [];
          row[j] =
            x[i - 1] === y[j - 1]
              ? (t[i - 1]?.[j - 1] ?? 0) + 1
              : Math.max(t[i - 1]?.[j] ?? 0, row[j - 1] ?? 0);
        }
      return t[x.length]?.[y.length] ?? 0;
    };
    const seq = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 25 });
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const edits = diffSequences(a, b);
        const fromA: string[] = [];
        const fromB: string[] = [];
        for (const e of edits) {
          if (e.kind !== 'insert') fromA.push(a[e.oldIndex] ?? '?');
          if (e.kind !== 'delete') fromB.push(b[e.newIndex] ?? '?');
          if (e.kind === 'equal') expect(a[e.oldIndex]).toBe(b[e.newIndex]);
        }
        expect(fromA).toEqual(a);
        expect(fromB).toEqual(b);
        expect(edits.filter((e) => e.kind === 'equal')).toHaveLength(lcs(a, b));
        expect(diffSequences(a, b)).toEqual(edits);
      }),
    );
  });
});

describe('diffTexts', () => {
  it('quotes whole numbers with their units: 「500円」→「600円」, never 「5」→「6」', () => {
    const diff = diffTexts('負担金は500円とする。', '負担金は600円とする。');
    expect(diff.changes).toEqual([{ old: '500円', new: '600円' }]);
    expect(diff.old).toEqual([
      { text: '負担金は', changed: false },
      { text: '500円', changed: true },
      { text: 'とする。', changed: false },
    ]);
    expect(diffTexts('委員は3人とする。', '委員は13人とする。').changes).toEqual([
      { old: '3人', new: '13人' },
    ]);
  });

  it('quotes whole dates and whole quoted phrases', () => {
    expect(diffTexts('令和元年12月25日から施行する。', '令和2年4月1日から施行する。').changes).toEqual([
      { old: '令和元年12月25日', new: '令和2年4月1日' },
    ]);
    expect(diffTexts('「うみ・まち・ひと」にわたる', '「うみ・まち・ひと・もの」にわたる').changes).toEqual([
      { old: '「うみ・まち・ひと」', new: '「うみ・まち・ひと・もの」' },
    ]);
  });

  it('marks an insertion with a placeholder as wide as the inserted text on the old side', () => {
    const diff = diffTexts('甲及び乙は、協議する。', '甲及び乙は、誠実に協議する。');
    expect(diff.changes).toEqual([{ old: '', new: '誠実に' }]);
    expect(diff.old).toContainEqual({ text: '', changed: true, width: 3 });
    expect(join(diff.old)).toBe('甲及び乙は、協議する。');
    expect(join(diff.new)).toBe('甲及び乙は、誠実に協議する。');
  });

  it('merges two changes separated by a short particle', () => {
    expect(diffTexts('甲の負担とする。', '乙の分担とする。').changes).toEqual([
      { old: '甲の負担', new: '乙の分担' },
    ]);
    // A comma keeps them apart.
    expect(diffTexts('甲、負担とする。', '乙、分担とする。').changes).toHaveLength(2);
  });

  it('reports equal texts as one unchanged segment and similarity 1', () => {
    expect(diffTexts('同じ', '同じ')).toEqual({
      old: [{ text: '同じ', changed: false }],
      new: [{ text: '同じ', changed: false }],
      changes: [],
      similarity: 1,
    });
    expect(diffTexts('', '')).toEqual({ old: [], new: [], changes: [], similarity: 1 });
  });

  const legalText = fc.string({
    unit: fc.constantFrom(
      ...[
        '甲',
        '乙',
        'は',
        'の',
        '、',
        '。',
        '500円',
        '600円',
        '3人',
        '第3条',
        '第4条',
        '「協議」',
        '令和元年12月25日',
      ],
      ...['令和2年4月1日', '連携', 'する', 'ア', 'イ', '12', '年', '月'],
    ),
    maxLength: 16,
  });

  it('never splits a token: every segment boundary is a token boundary of its text', () => {
    fc.assert(
      fc.property(legalText, legalText, (a, b) => {
        const diff = diffTexts(a, b);
        expect(join(diff.old)).toBe(a);
        expect(join(diff.new)).toBe(b);
        const oldBounds = tokenBoundaries(a);
        const newBounds = tokenBoundaries(b);
        for (const at of boundaries(diff.old)) expect(oldBounds.has(at)).toBe(true);
        for (const at of boundaries(diff.new)) expect(newBounds.has(at)).toBe(true);
        // In particular no number+unit and no quoted phrase is cut.
        for (const change of diff.changes) {
          for (const side of [change.old, change.new]) {
            expect(side).not.toMatch(/^(円|人|条|」)/);
            expect(side).not.toMatch(/(第|「)$/);
          }
        }
        expect(diff.similarity).toBeGreaterThanOrEqual(0);
        expect(diff.similarity).toBeLessThanOrEqual(1);
        expect(diff.changes.length === 0).toBe(a === b);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(legalText, legalText, (a, b) => {
        expect(diffTexts(a, b)).toEqual(diffTexts(a, b));
      }),
    );
  });
});
