/**
 * Operations for the 改め文's properties: those of document.arbitraries plus 削る that renumbers the
 * later articles or 号 (renumberFollowing), which the 改め文 drafts as 第5条を削り、第6条を第5条とする.
 */
import fc from 'fast-check';
import type { AmendmentOperation } from '../src/amendment';
import type { AgreementDocument, ProvisionPath } from '../src/document.model';
import { applicable, withMarker } from './comparison.helpers';
import { documentArb, operationArb } from './document.arbitraries';

/** Every article, 号 and 細分 of a document, as a path. */
function removablePaths(doc: AgreementDocument): ProvisionPath[] {
  return doc.articles.flatMap((a) => [
    { article: a.number },
    ...a.paragraphs.flatMap((p) =>
      p.items.flatMap((i) => [
        { article: a.number, paragraph: p.number, item: i.number },
        ...i.subItems.map((sub) => ({
          article: a.number,
          paragraph: p.number,
          item: i.number,
          subItem: sub.number,
        })),
      ]),
    ),
  ]);
}

export const draftingOperationArb = (doc: AgreementDocument): fc.Arbitrary<AmendmentOperation> => {
  const paths = removablePaths(doc);
  if (paths.length === 0) return operationArb(doc);
  return fc.oneof(
    { weight: 5, arbitrary: operationArb(doc) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('deleteProvision' as const),
        path: fc.constantFrom(...paths),
        leaveDeletedMarker: fc.constant(false),
        renumberFollowing: fc.constant(true),
      }),
    },
  );
};

/** A document with one operation (a renumbering 削る among them) that applies to it. */
export const documentWithOneDraftingOperationArb: fc.Arbitrary<[AgreementDocument, AmendmentOperation]> =
  documentArb
    .chain((doc) => fc.tuple(fc.constant(doc), draftingOperationArb(doc)))
    .filter(([doc, op]) => applicable(doc, [op]).ops.length === 1);

/** A document and the operations, marked, that apply to it in turn (at least one). */
export const documentWithMarkedDraftingOperationsArb: fc.Arbitrary<
  [AgreementDocument, AmendmentOperation[]]
> = documentArb
  .chain((doc) =>
    fc.tuple(fc.constant(doc), fc.array(draftingOperationArb(doc), { minLength: 1, maxLength: 5 })),
  )
  .map(([doc, ops]): [AgreementDocument, AmendmentOperation[]] => [
    doc,
    applicable(
      doc,
      ops.map((op, i) => withMarker(op, `Z${i}`)),
    ).ops,
  ])
  .filter(([, ops]) => ops.length > 0);
