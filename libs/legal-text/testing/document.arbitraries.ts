/**
 * fast-check arbitraries for documents and amendment operations (test-only; not exported from the
 * library index, so fast-check stays a dev dependency). Generated documents always pass
 * validateDocument; generated operations mostly refer to provisions that exist, sometimes not.
 */
import fc from 'fast-check';
import type { AmendmentOperation } from '../src/amendment';
import type {
  AgreementDocument,
  Article,
  Item,
  Measure,
  Paragraph,
  ProvisionNumber,
} from '../src/document.model';
import { DELETED_PROVISION_TEXT, MEASURE_CATEGORIES } from '../src/document.model';
import { compareProvisionNumbers } from '../src/numbering';

/** Kana only: tests plant latin markers in texts and know they occur nowhere else. */
const KANA = [...'あいうえおかきくけこさしすせそ甲乙条項'];

export const textArb = (maxLength = 12): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...KANA), minLength: 1, maxLength });

export const provisionNumberArb: fc.Arbitrary<ProvisionNumber> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }).map(String) },
  fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 2, max: 4 })).map(([a, b]) => `${a}-${b}`),
  fc
    .tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 3 }))
    .map(([a, b, c]) => `${a}-${b}-${c}`),
);

const sortedNumbersArb = (minLength: number, maxLength: number): fc.Arbitrary<ProvisionNumber[]> =>
  fc
    .uniqueArray(provisionNumberArb, { minLength, maxLength })
    .map((numbers) => [...numbers].sort(compareProvisionNumbers));

/**
 * 「削除」, for a provision deleted in place: mapped to a fresh object each time, since a document
 * whose two 項 share one list of 号 would take a 号 added to one into both.
 */
const deletedArb = fc.constant(DELETED_PROVISION_TEXT);

/**
 * 号 (and 細分 at depth 1). `deleted`: some are 「削除」, deleted in place as deleteProvision with
 * leaveDeletedMarker leaves them (in the documents amended, not in the texts operations write).
 */
const itemsArb = (depth: number, deleted = false): fc.Arbitrary<Item[]> =>
  sortedNumbersArb(0, depth === 0 ? 3 : 2).chain((numbers) =>
    fc.tuple(
      ...numbers.map((number) => {
        const item = fc.record({
          number: fc.constant(number),
          text: textArb(),
          subItems: depth === 0 ? itemsArb(1, deleted) : fc.constant<Item[]>([]),
        });
        return deleted
          ? fc.oneof(
              { weight: 8, arbitrary: item },
              deletedArb.map((text): Item => ({ number, text, subItems: [] })),
            )
          : item;
      }),
    ),
  );

/** 項; `deleted`: some after the first are 「削除」 (「２\u3000削除」), and some 号 (itemsArb). */
export const paragraphsArb = (minLength = 1, maxLength = 3, deleted = false): fc.Arbitrary<Paragraph[]> => {
  const paragraph = fc.record({ text: textArb(), items: itemsArb(0, deleted) });
  const later = deleted
    ? fc.oneof(
        { weight: 8, arbitrary: paragraph },
        deletedArb.map((text): Omit<Paragraph, 'number'> => ({ text, items: [] })),
      )
    : paragraph;
  return fc
    .tuple(paragraph, fc.array(later, { minLength: Math.max(minLength - 1, 0), maxLength: maxLength - 1 }))
    .map(([first, rest]) => [first, ...rest].map((p, index) => ({ number: index + 1, ...p })));
};

/** A 見出し, or none. */
const captionArb: fc.Arbitrary<string> = fc.oneof(fc.constant(''), textArb(6));

const articleArb = (number: ProvisionNumber): fc.Arbitrary<Article> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        number: fc.constant(number),
        caption: captionArb,
        paragraphs: paragraphsArb(1, 3, true),
        deleted: fc.constant(false),
      }),
    },
    fc.constant<Article>({ number, caption: '', paragraphs: [], deleted: true }),
  );

export const measureArb = (id: string): fc.Arbitrary<Measure> =>
  fc.record({
    id: fc.constant(id),
    category: fc.constantFrom(...MEASURE_CATEGORIES),
    name: textArb(),
    content: textArb(),
    roles: fc.record({ core: textArb(), partner: textArb() }),
  });

export const measureIdArb: fc.Arbitrary<string> = fc.stringMatching(/^[a-z0-9-]{1,4}$/);

/** The id of a measure that operations add (longer than any measureIdArb, so in no document). */
const ADDED_ID = 'added';

export const documentArb: fc.Arbitrary<AgreementDocument> = fc
  .record({
    title: textArb(),
    preamble: fc.oneof(fc.constant(''), textArb(30)),
    numbers: sortedNumbersArb(1, 6),
    measureIds: fc.uniqueArray(measureIdArb, { maxLength: 5 }),
    supplementary: paragraphsArb(1, 2),
  })
  .chain(({ title, preamble, numbers, measureIds, supplementary }) =>
    fc.record({
      title: fc.constant(title),
      preamble: fc.constant(preamble),
      articles: fc.tuple(...numbers.map(articleArb)),
      measures: fc.tuple(...measureIds.map(measureArb)),
      appendices: fc.constant([]),
      supplementaryProvisions: fc.constant({ paragraphs: supplementary }),
    }),
  );

/** A path into the document: usually one that exists, at any level. */
function pathsOf(
  doc: AgreementDocument,
): { article: string; paragraph?: number; item?: string; subItem?: string }[] {
  return doc.articles.flatMap((a) => [
    { article: a.number },
    ...a.paragraphs.flatMap((p) => [
      { article: a.number, paragraph: p.number },
      ...p.items.flatMap((i) => [
        { article: a.number, paragraph: p.number, item: i.number },
        ...i.subItems.map((s) => ({
          article: a.number,
          paragraph: p.number,
          item: i.number,
          subItem: s.number,
        })),
      ]),
    ]),
  ]);
}

/** Operations that may or may not fit `doc`. */
export const operationArb = (doc: AgreementDocument): fc.Arbitrary<AmendmentOperation> => {
  const paths = pathsOf(doc);
  const pathArb = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...paths) },
    fc.record({ article: provisionNumberArb }),
    fc.record({ article: provisionNumberArb, paragraph: fc.integer({ min: 1, max: 4 }) }),
  );
  const articleNumberArb = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...doc.articles.map((a) => a.number)) },
    provisionNumberArb,
  );
  const ids = doc.measures.map((m) => m.id);
  // ADDED_ID (in no generated document) is added by one operation and revised or removed by another.
  const newIdArb = fc.oneof(measureIdArb, fc.constant(ADDED_ID));
  const measureRefArb =
    ids.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ids) }, newIdArb) : newIdArb;
  // Fragments of the document's own texts, so replaceWords often finds its words.
  const texts = [doc.title, ...doc.articles.flatMap((a) => a.paragraphs.map((p) => p.text))].filter(
    (t) => t !== '',
  );
  const fragmentArb = fc
    .tuple(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 1, max: 3 }))
    .map(([text, start, length]) => text.slice(start % text.length, (start % text.length) + length));
  const wordArb = fc.oneof({ weight: 2, arbitrary: fragmentArb }, textArb(2), fc.constantFrom(...KANA));
  const parents = paths.filter((p) => p.paragraph !== undefined && p.subItem === undefined);
  const siblingsOf = (parent: (typeof paths)[number]): string[] => {
    const paragraph = doc.articles.find((a) => a.number === parent.article)?.paragraphs[
      (parent.paragraph ?? 0) - 1
    ];
    const items = paragraph?.items ?? [];
    return parent.item === undefined
      ? items.map((i) => i.number)
      : (items.find((i) => i.number === parent.item)?.subItems ?? []).map((i) => i.number);
  };
  const targetedInsertItemArb: fc.Arbitrary<AmendmentOperation> =
    parents.length === 0
      ? fc.constant({ op: 'removeMeasure', id: 'none' })
      : fc.constantFrom(...parents).chain((parent) =>
          fc.record({
            op: fc.constant('insertItem' as const),
            parent: fc.constant(parent),
            after: fc.constantFrom(null, ...siblingsOf(parent)),
            text: textArb(),
            subItems: fc.constant<Item[]>([]),
          }),
        );
  return fc.oneof(
    targetedInsertItemArb,
    fc.record(
      {
        op: fc.constant('replaceWords' as const),
        target: fc.oneof(
          { weight: 4, arbitrary: pathArb.map((path) => ({ kind: 'provision' as const, path })) },
          fc.constant({ kind: 'title' as const }),
          fc.constant({ kind: 'preamble' as const }),
          fc.constant({ kind: 'supplementaryProvisions' as const }),
          fc
            .integer({ min: 1, max: 2 })
            .map((paragraph) => ({ kind: 'supplementaryProvisions' as const, paragraph })),
          articleNumberArb.map((article) => ({ kind: 'caption' as const, article })),
        ),
        from: wordArb,
        to: fc.oneof(wordArb, fc.constant('')),
        occurrence: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant('all' as const)),
      },
      { requiredKeys: ['op', 'target', 'from', 'to'] },
    ),
    fc.record({
      op: fc.constant('replaceWords' as const),
      target: fc.constantFrom(
        ...doc.articles
          .filter((a) => !a.deleted)
          .map((a) => ({ kind: 'provision' as const, path: { article: a.number } })),
        { kind: 'title' as const },
      ),
      from: fragmentArb,
      to: textArb(3),
      occurrence: fc.constant('all' as const),
    }),
    fc.record({
      op: fc.constant('replaceProvision' as const),
      path: pathArb,
      content: fc.oneof(
        fc.record({
          level: fc.constant('article' as const),
          caption: captionArb,
          paragraphs: paragraphsArb(),
        }),
        fc.record({ level: fc.constant('paragraph' as const), text: textArb(), items: itemsArb(0) }),
        fc.record({ level: fc.constant('item' as const), text: textArb(), subItems: itemsArb(1) }),
      ),
    }),
    fc.record(
      {
        op: fc.constant('insertArticle' as const),
        after: fc.oneof(articleNumberArb, fc.constant(null)),
        number: provisionNumberArb,
        caption: captionArb,
        paragraphs: paragraphsArb(),
      },
      { requiredKeys: ['op', 'after', 'caption', 'paragraphs'] },
    ),
    fc.record({
      op: fc.constant('insertParagraph' as const),
      article: articleNumberArb,
      after: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(null)),
      text: textArb(),
      items: itemsArb(0),
    }),
    fc.record(
      {
        op: fc.constant('insertItem' as const),
        parent: pathArb,
        after: fc.oneof(provisionNumberArb, fc.constant(null)),
        number: provisionNumberArb,
        text: textArb(),
        subItems: fc.constant<Item[]>([]),
      },
      { requiredKeys: ['op', 'parent', 'after', 'text', 'subItems'] },
    ),
    fc.record({
      op: fc.constant('deleteProvision' as const),
      path: pathArb,
      leaveDeletedMarker: fc.boolean(),
    }),
    fc.record({
      op: fc.constant('renumberArticle' as const),
      from: articleNumberArb,
      to: provisionNumberArb,
    }),
    fc.record(
      {
        op: fc.constant('addMeasure' as const),
        measure: newIdArb.chain(measureArb),
        after: fc.oneof(measureRefArb, fc.constant(null)),
      },
      { requiredKeys: ['op', 'measure'] },
    ),
    fc.record({
      op: fc.constant('reviseMeasure' as const),
      id: measureRefArb,
      changes: fc.record(
        { name: textArb(), content: textArb(), category: fc.constantFrom(...MEASURE_CATEGORIES) },
        { requiredKeys: [] },
      ),
    }),
    fc.record({ op: fc.constant('removeMeasure' as const), id: measureRefArb }),
    fc.record({
      op: fc.constant('changeMeasureRole' as const),
      id: measureRefArb,
      party: fc.constantFrom('core' as const, 'partner' as const),
      role: textArb(),
    }),
    fc.record({
      op: fc.constant('replaceSupplementaryProvisions' as const),
      supplementaryProvisions: fc.record({ paragraphs: paragraphsArb(1, 2) }),
    }),
  );
};

/** A document with a list of operations generated against it. */
export const documentWithOperationsArb: fc.Arbitrary<[AgreementDocument, AmendmentOperation[]]> =
  documentArb.chain((doc) =>
    fc.tuple(fc.constant(doc), fc.array(operationArb(doc), { minLength: 1, maxLength: 4 })),
  );
