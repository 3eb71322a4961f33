import fc from 'fast-check';
import { AmendmentError, applyAmendment, type AmendmentOperation, type TextTarget } from './amendment';
import type { AgreementDocument, ProvisionPath } from './document.model';
import { validateDocument } from './document.validator';
import { findProvision } from './provision';
import { renderDocument } from './render';
import { documentArb, documentWithOperationsArb, paragraphsArb, textArb } from '@kyoyaku/legal-text/testing';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Applies, returning the error instead of throwing it; anything but an AmendmentError escapes. */
function attempt(
  doc: AgreementDocument,
  ops: readonly AmendmentOperation[],
): AgreementDocument | AmendmentError {
  try {
    return applyAmendment(doc, ops);
  } catch (error) {
    if (error instanceof AmendmentError) return error;
    throw error;
  }
}

/** Every object and array reachable from `value`. */
function objectsIn(value: unknown, into = new Set<object>()): Set<object> {
  if (value !== null && typeof value === 'object') {
    into.add(value);
    Object.values(value).forEach((v) => objectsIn(v, into));
  }
  return into;
}

describe('applyAmendment properties', () => {
  it('never mutates the document or the operations, and shares no objects with them', () => {
    fc.assert(
      fc.property(documentWithOperationsArb, ([doc, ops]) => {
        const docBefore = structuredClone(doc);
        const opsBefore = structuredClone(ops);
        // Frozen inputs make any in-place write throw (a TypeError, which attempt() lets escape).
        const result = attempt(deepFreeze(doc), deepFreeze(ops));
        expect(doc).toEqual(docBefore);
        expect(ops).toEqual(opsBefore);
        if (result instanceof AmendmentError) return;
        const inputs = objectsIn([doc, ops]);
        expect([...objectsIn(result)].filter((o) => inputs.has(o))).toEqual([]);
      }),
    );
  });

  it('either fails with an AmendmentError naming a valid index, or yields a valid document', () => {
    fc.assert(
      fc.property(documentWithOperationsArb, ([doc, ops]) => {
        const result = attempt(doc, ops);
        if (result instanceof AmendmentError) {
          expect(result.operationIndex).toBeGreaterThanOrEqual(0);
          expect(result.operationIndex).toBeLessThan(ops.length);
          expect(result.message).not.toBe('');
          // The operations before the failing one apply on their own.
          expect(attempt(doc, ops.slice(0, result.operationIndex))).not.toBeInstanceOf(AmendmentError);
        } else {
          expect(validateDocument(result)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is the same as applying the operations one by one (version n → n+1 → n+2)', () => {
    fc.assert(
      fc.property(documentWithOperationsArb, ([doc, ops]) => {
        const all = attempt(doc, ops);
        fc.pre(!(all instanceof AmendmentError));
        const stepwise = ops.reduce((current, op) => applyAmendment(current, [op]), doc);
        expect(stepwise).toEqual(all);
      }),
    );
  });

  it('is deterministic, and so is the rendering of its result', () => {
    fc.assert(
      fc.property(documentWithOperationsArb, ([doc, ops]) => {
        const a = attempt(doc, ops);
        const b = attempt(structuredClone(doc), structuredClone(ops));
        if (a instanceof AmendmentError || b instanceof AmendmentError) {
          expect(b).toEqual(a);
          return;
        }
        expect(b).toEqual(a);
        expect(renderDocument(b, 'municipal')).toBe(renderDocument(a, 'municipal'));
        expect(renderDocument(b, 'kanji')).toBe(renderDocument(a, 'kanji'));
      }),
    );
  });
});

/** The text slots of a document, each with a target and a way to plant a marker into it. */
function plantableTargets(
  doc: AgreementDocument,
): { target: TextTarget; plant: (d: AgreementDocument, marker: string) => void }[] {
  const targets: { target: TextTarget; plant: (d: AgreementDocument, marker: string) => void }[] = [
    { target: { kind: 'title' }, plant: (d, m) => (d.title += m) },
    { target: { kind: 'preamble' }, plant: (d, m) => (d.preamble = m + d.preamble) },
    {
      target: { kind: 'supplementaryProvisions' },
      plant: (d, m) => {
        const p = d.supplementaryProvisions.paragraphs[0];
        if (p) p.text += m;
      },
    },
  ];
  doc.articles.forEach((article, a) => {
    if (article.deleted) return;
    targets.push({
      target: { kind: 'caption', article: article.number },
      plant: (d, m) => (d.articles[a] ? (d.articles[a].caption += m) : undefined),
    });
    article.paragraphs.forEach((paragraph, p) => {
      const path: ProvisionPath = { article: article.number, paragraph: paragraph.number };
      const at = (d: AgreementDocument) => d.articles[a]?.paragraphs[p];
      targets.push({
        target: { kind: 'provision', path: { article: article.number } },
        plant: (d, m) => {
          const x = at(d);
          if (x) x.text += m;
        },
      });
      targets.push({
        target: { kind: 'provision', path },
        plant: (d, m) => {
          const x = at(d);
          if (x) x.text = m + x.text;
        },
      });
      paragraph.items.forEach((item, i) => {
        targets.push({
          target: { kind: 'provision', path: { ...path, item: item.number } },
          plant: (d, m) => {
            const x = at(d)?.items[i];
            if (x) x.text += m;
          },
        });
      });
    });
  });
  return targets;
}

describe('round trips', () => {
  // Generated texts are kana only, so a marker starting with X (and its replacement, with Y)
  // occurs exactly once wherever it is planted.
  const markerArb = fc.string({ unit: fc.constantFrom(...'abcdefg'), maxLength: 4 });

  it('replaceWords A→B then B→A restores a unique occurrence', () => {
    const caseArb = documentArb.chain((doc) =>
      fc.tuple(fc.constant(doc), fc.constantFrom(...plantableTargets(doc)), markerArb, markerArb),
    );
    fc.assert(
      fc.property(caseArb, ([generated, { target, plant }, a, b]) => {
        const from = `X${a}`;
        const to = `Y${b}`;
        const doc = structuredClone(generated);
        plant(doc, from);
        const there = applyAmendment(doc, [{ op: 'replaceWords', target, from, to }]);
        expect(there).not.toEqual(doc);
        const back = applyAmendment(there, [{ op: 'replaceWords', target, from: to, to: from }]);
        expect(back).toEqual(doc);
      }),
    );
  });

  it('insertArticle then deleting it restores the document', () => {
    const caseArb = documentArb.chain((doc) =>
      fc.tuple(
        fc.constant(doc),
        fc.oneof(fc.constant(null), fc.constantFrom(...doc.articles.map((a) => a.number))),
        textArb(6),
        paragraphsArb(),
      ),
    );
    fc.assert(
      fc.property(caseArb, ([doc, after, caption, paragraphs]) => {
        const inserted = attempt(doc, [{ op: 'insertArticle', after, caption, paragraphs }]);
        // Only when no number fits (before 第1条, or before a 枝番号) may it fail.
        if (inserted instanceof AmendmentError) {
          // No number fits, or the 項 is 「削除」 (it takes no 号).
          expect(inserted.message).toMatch(/付けられる番号がありません|は削除されています/);
          return;
        }
        const added = inserted.articles.find((a) => !doc.articles.some((b) => b.number === a.number));
        if (!added) throw new Error('no article was added');
        expect(inserted.articles.indexOf(added)).toBe(
          after === null ? 0 : doc.articles.findIndex((a) => a.number === after) + 1,
        );
        const removed = applyAmendment(inserted, [
          { op: 'deleteProvision', path: { article: added.number }, leaveDeletedMarker: false },
        ]);
        expect(removed).toEqual(doc);
      }),
    );
  });

  it('insertParagraph then deleting it restores the document', () => {
    const caseArb = documentArb
      .filter((doc) => doc.articles.some((a) => !a.deleted))
      .chain((doc) => {
        const live = doc.articles.filter((a) => !a.deleted);
        return fc
          .constantFrom(...live)
          .chain((article) =>
            fc.tuple(
              fc.constant(doc),
              fc.constant(article.number),
              fc.integer({ min: 0, max: article.paragraphs.length }),
              textArb(),
            ),
          );
      });
    fc.assert(
      fc.property(caseArb, ([doc, article, position, text]) => {
        const after = position === 0 ? null : position;
        const inserted = applyAmendment(doc, [{ op: 'insertParagraph', article, after, text, items: [] }]);
        const path = { article, paragraph: position + 1 };
        const found = findProvision(inserted, path);
        expect(found?.level === 'paragraph' ? found.paragraph.text : undefined).toBe(text);
        expect(
          applyAmendment(inserted, [{ op: 'deleteProvision', path, leaveDeletedMarker: false }]),
        ).toEqual(doc);
      }),
    );
  });

  it('insertItem then deleting it restores the document', () => {
    const caseArb = documentArb
      .filter((doc) => doc.articles.some((a) => !a.deleted))
      .chain((doc) => {
        const paragraphs = doc.articles.flatMap((a) =>
          a.paragraphs.map((p) => ({ article: a.number, paragraph: p })),
        );
        return fc
          .constantFrom(...paragraphs)
          .chain(({ article, paragraph }) =>
            fc.tuple(
              fc.constant(doc),
              fc.constant({ article, paragraph: paragraph.number }),
              fc.oneof(fc.constant(null), ...paragraph.items.map((i) => fc.constant(i.number))),
              textArb(),
            ),
          );
      });
    fc.assert(
      fc.property(caseArb, ([doc, parent, after, text]) => {
        const inserted = attempt(doc, [{ op: 'insertItem', parent, after, text, subItems: [] }]);
        if (inserted instanceof AmendmentError) {
          // No number fits, or the 項 is 「削除」 (it takes no 号).
          expect(inserted.message).toMatch(/付けられる番号がありません|は削除されています/);
          return;
        }
        const before = findProvision(doc, parent);
        const now = findProvision(inserted, parent);
        if (before?.level !== 'paragraph' || now?.level !== 'paragraph')
          throw new Error('paragraph vanished');
        const added = now.paragraph.items.find(
          (i) => !before.paragraph.items.some((j) => j.number === i.number),
        );
        if (!added) throw new Error('no item was added');
        expect(added.text).toBe(text);
        const path = { ...parent, item: added.number };
        expect(
          applyAmendment(inserted, [{ op: 'deleteProvision', path, leaveDeletedMarker: false }]),
        ).toEqual(doc);
      }),
    );
  });
});
