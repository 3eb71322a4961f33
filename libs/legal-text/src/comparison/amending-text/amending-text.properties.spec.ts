import fc from 'fast-check';
import { applyAmendment } from '../../amendment';
import type { AgreementDocument } from '../../document.model';
import { compareDocuments } from '../compare-documents';
import type { DocumentComparison } from '../comparison.model';
import {
  deepEqual,
  documentWithMarkedDraftingOperationsArb,
  documentWithOneDraftingOperationArb,
} from '@kyoyaku/legal-text/testing';
import { amendingText, type AmendedPart } from '.';

type Named = { old: Set<string>; new: Set<string>; parts: Set<string> };

/** The articles (by number, on each side) and other parts the 改め文 names. */
function named(parts: readonly AmendedPart[]): Named {
  const out: Named = { old: new Set(), new: new Set(), parts: new Set() };
  for (const part of parts) {
    if (part.kind === 'article') {
      if (part.old !== undefined) out.old.add(part.old);
      if (part.new !== undefined) out.new.add(part.new);
    } else {
      out.parts.add(part.kind);
    }
  }
  return out;
}

/** The articles and parts the comparison marks changed. */
function marked(c: DocumentComparison): Named {
  const out: Named = { old: new Set(), new: new Set(), parts: new Set() };
  for (const a of c.articles) {
    if (a.status === 'unchanged') continue;
    if (a.oldNumber !== undefined) out.old.add(a.oldNumber);
    if (a.newNumber !== undefined) out.new.add(a.newNumber);
  }
  if (c.title.status !== 'unchanged') out.parts.add('title');
  if (c.preamble.status !== 'unchanged') out.parts.add('preamble');
  if (c.measures.some((m) => m.status !== 'unchanged')) out.parts.add('measures');
  if (c.supplementaryProvisions.some((p) => p.status !== 'unchanged'))
    out.parts.add('supplementaryProvisions');
  return out;
}

const sorted = (s: Set<string>): string[] => [...s].sort();

/** The article under `number` is the same in both versions (so a comparison rightly shows no change). */
function sameArticle(a: AgreementDocument, b: AgreementDocument, number: string): boolean {
  return deepEqual(
    a.articles.find((x) => x.number === number),
    b.articles.find((x) => x.number === number),
  );
}

function samePart(a: AgreementDocument, b: AgreementDocument, part: string): boolean {
  switch (part) {
    case 'title':
      return a.title === b.title;
    case 'preamble':
      return a.preamble === b.preamble;
    case 'measures':
      return deepEqual(a.measures, b.measures);
    case 'supplementaryProvisions':
      return deepEqual(a.supplementaryProvisions, b.supplementaryProvisions);
    default:
      return false;
  }
}

describe('amendingText properties', () => {
  it('reflects every operation in exactly one sentence, in both styles, deterministically', () => {
    fc.assert(
      fc.property(
        documentWithMarkedDraftingOperationsArb,
        fc.constantFrom('municipal' as const, 'kanji' as const),
        ([doc, ops], style) => {
          const result = amendingText(doc, ops, { effectiveOn: '2020-04-01', style });
          const indexes = result.sentences.flatMap((s) => s.operations).sort((a, b) => a - b);
          expect(indexes).toEqual(ops.map((_, i) => i));
          for (const s of result.sentences) {
            expect(s.text).toMatch(/^(題名|前文|第|附則|別表|本則).*(改める|削る|加える|する)。$/);
            expect(s.lines[0]).toBe(`\u3000${s.text}`);
          }
          expect(result.lines[0]).toBe(`${doc.title}の一部を変更する協約`);
          expect(result.lines).toContain(
            `\u3000この協約は、${style === 'kanji' ? '令和二年四月一日' : '令和2年4月1日'}から施行する。`,
          );
          expect(
            amendingText(structuredClone(doc), structuredClone(ops), { effectiveOn: '2020-04-01', style }),
          ).toEqual(result);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names exactly the provisions the comparison marks changed (one operation)', () => {
    fc.assert(
      fc.property(documentWithOneDraftingOperationArb, ([doc, op]) => {
        const next = applyAmendment(doc, [op]);
        const text = amendingText(doc, [op], { effectiveOn: '2020-04-01' });
        const n = named(text.sentences.flatMap((s) => s.parts));
        const m = marked(compareDocuments(doc, next));
        // An operation that wrote back the same text changes nothing; otherwise the sets agree.
        if (deepEqual(doc, next)) return;
        expect(sorted(n.old)).toEqual(sorted(m.old));
        expect(sorted(n.new)).toEqual(sorted(m.new));
        expect(sorted(n.parts)).toEqual(sorted(m.parts));
      }),
      { numRuns: 300 },
    );
  });

  it('names every provision the comparison marks, and marks every one it names unless it is unchanged after all', () => {
    fc.assert(
      fc.property(documentWithMarkedDraftingOperationsArb, ([doc, ops]) => {
        const next = applyAmendment(doc, ops);
        const text = amendingText(doc, ops, { effectiveOn: '2020-04-01', style: 'kanji' });
        const n = named(text.sentences.flatMap((s) => s.parts));
        const m = marked(compareDocuments(doc, next));
        for (const number of m.old) expect(n.old).toContain(number);
        for (const number of m.new) expect(n.new).toContain(number);
        for (const part of m.parts) expect(n.parts).toContain(part);
        // Operations that undo each other (insert, then delete, a paragraph) are named but leave the
        // provision as it was.
        for (const number of n.old) if (!m.old.has(number)) expect(sameArticle(doc, next, number)).toBe(true);
        for (const number of n.new) if (!m.new.has(number)) expect(sameArticle(doc, next, number)).toBe(true);
        for (const part of n.parts) if (!m.parts.has(part)) expect(samePart(doc, next, part)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
