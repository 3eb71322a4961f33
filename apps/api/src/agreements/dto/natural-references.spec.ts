import 'reflect-metadata';
import type { AmendmentOperation } from '@kyoyaku/legal-text';
import { ProblemException, type ProblemDocument } from '../../http/problem';
import { createValidationPipe } from '../../http/validation';
import { toPlainJson } from '../../http/plain-body.pipe';
import { AmendmentOperationListDto } from './amendment-operation.dto';

/**
 * References in amendment operations as legal staff type them: read into the canonical
 * form by the global ValidationPipe, so the canonical form is what is recorded and echoed back.
 */
const pipe = createValidationPipe();

async function through(operations: unknown[]): Promise<{ operations?: unknown; problem?: ProblemDocument }> {
  try {
    const dto = (await pipe.transform(
      { operations },
      { type: 'body', metatype: AmendmentOperationListDto },
    )) as AmendmentOperationListDto;
    return { operations: toPlainJson(dto.operations) };
  } catch (error) {
    if (error instanceof ProblemException) return { problem: error.toDocument() };
    throw error;
  }
}

const paragraph = { number: 1, text: '甲及び乙は、協議を行う。', items: [] };

describe('natural references in amendment operations', () => {
  it.each<[string, unknown, AmendmentOperation]>([
    [
      'a path as one label',
      { op: 'replaceWords', target: { kind: 'provision', path: '第4条第2項' }, from: 'A', to: 'B' },
      {
        op: 'replaceWords',
        target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
        from: 'A',
        to: 'B',
      },
    ],
    [
      'a path in 漢数字 with an item',
      {
        op: 'replaceProvision',
        path: '第三条の二第一項第二号',
        content: { level: 'item', text: 'T', subItems: [] },
      },
      {
        op: 'replaceProvision',
        path: { article: '3-2', paragraph: 1, item: '2' },
        content: { level: 'item', text: 'T', subItems: [] },
      },
    ],
    [
      'a path object whose article is written 第四条',
      { op: 'deleteProvision', path: { article: '第四条', paragraph: 2 }, leaveDeletedMarker: false },
      { op: 'deleteProvision', path: { article: '4', paragraph: 2 }, leaveDeletedMarker: false },
    ],
    [
      'the short 4-2 as a path',
      { op: 'deleteProvision', path: '4-2', leaveDeletedMarker: true },
      { op: 'deleteProvision', path: { article: '4-2' }, leaveDeletedMarker: true },
    ],
    [
      'a caption target 第3条の2',
      { op: 'replaceWords', target: { kind: 'caption', article: '第3条の2' }, from: 'A', to: 'B' },
      { op: 'replaceWords', target: { kind: 'caption', article: '3-2' }, from: 'A', to: 'B' },
    ],
    [
      'insertArticle after 第６条 numbered 第6条の2',
      { op: 'insertArticle', after: '第６条', number: '第6条の2', caption: '', paragraphs: [paragraph] },
      { op: 'insertArticle', after: '6', number: '6-2', caption: '', paragraphs: [paragraph] },
    ],
    [
      'insertParagraph into 第二条',
      { op: 'insertParagraph', article: '第二条', after: 1, text: 'T', items: [] },
      { op: 'insertParagraph', article: '2', after: 1, text: 'T', items: [] },
    ],
    [
      'insertItem into 第2条第2項 after 第1号, numbered 1の2',
      { op: 'insertItem', parent: '第2条第2項', after: '第1号', number: '1の2', text: 'T', subItems: [] },
      {
        op: 'insertItem',
        parent: { article: '2', paragraph: 2 },
        after: '1',
        number: '1-2',
        text: 'T',
        subItems: [],
      },
    ],
    [
      'renumberArticle 第五条 to ６',
      { op: 'renumberArticle', from: '第五条', to: '６' },
      { op: 'renumberArticle', from: '5', to: '6' },
    ],
  ])('reads %s into the canonical form', async (_what, given, canonical) => {
    expect(await through([given])).toEqual({ operations: [canonical] });
  });

  it.each<[string, unknown, string, string]>([
    [
      'a path that does not read',
      { op: 'deleteProvision', path: '4条2項', leaveDeletedMarker: false },
      'operations.0.path',
      '第4条第2項',
    ],
    [
      'an article field given a paragraph',
      { op: 'insertParagraph', article: '第4条第2項', after: null, text: 'T', items: [] },
      'operations.0.article',
      '第三条の二',
    ],
    [
      'an item number in an article field',
      { op: 'renumberArticle', from: '第1号', to: '2' },
      'operations.0.from',
      '第三条の二',
    ],
    [
      'an article number in an item field',
      { op: 'insertItem', parent: '第2条第2項', after: '第1条', text: 'T', subItems: [] },
      'operations.0.after',
      '第1号の2',
    ],
  ])('refuses %s with 400, saying which forms are read', async (_what, given, field, example) => {
    const { problem } = await through([given]);
    expect(problem).toMatchObject({ status: 400, code: 'ValidationFailed' });
    const error = problem?.errors?.find((e) => e.field === field);
    expect(error?.message).toContain(example);
  });

  it.each<[unknown, string, string]>([
    [
      { op: 'replaceWords', target: { kind: 'provision', path: '第4条第0項' }, from: 'A', to: 'B' },
      'operations.0.target.path',
      '「第4条第0項」',
    ],
    [{ op: 'renumberArticle', from: '第0条', to: '2' }, 'operations.0.from', '「第0条」'],
    [
      { op: 'insertArticle', after: '第3条の1', caption: '', paragraphs: [paragraph] },
      'operations.0.after',
      '「第3条の1」',
    ],
    [
      {
        op: 'deleteProvision',
        path: { article: '4', item: '第0号', paragraph: 1 },
        leaveDeletedMarker: false,
      },
      'operations.0.path.item',
      '「第0号」',
    ],
  ])(
    'answers a reference that names nothing with 422, naming the field alone: %j',
    async (given, field, quoted) => {
      const { problem } = await through([given]);
      expect(problem).toMatchObject({
        status: 422,
        code: 'ReferenceNamesNothing',
        errors: [
          { field, rule: 'referenceNamesNothing', message: expect.stringContaining(quoted) as string },
        ],
      });
      expect(problem?.errors).toHaveLength(1);
      expect(problem?.errors?.[0]?.message).toMatch(/第3条の2|第4条第2項|第1号の2/);
    },
  );

  it('answers 400 when a reference names nothing and another rule is broken too, listing both', async () => {
    const { problem } = await through([
      { op: 'renumberArticle', from: '第0条', to: '2' },
      { op: 'renumberArticle', from: '2', to: 'two' },
    ]);
    expect(problem).toMatchObject({ status: 400 });
    expect(problem?.errors?.map((e) => `${e.field}:${e.rule}`)).toEqual([
      'operations.0.from:referenceNamesNothing',
      'operations.1.to:isProvisionNumber',
    ]);
  });

  it.each(['別表(4)', '(4)', '（４）', '４', '別表四の項', '別表(4)の項'])(
    'lets the 別表 row %j through to be resolved against the text amended',
    async (reference) => {
      const operations = [
        { op: 'changeMeasureRole', id: reference, party: 'partner', role: '連携して取り組む。' },
        { op: 'removeMeasure', id: reference },
        { op: 'reviseMeasure', id: reference, changes: { name: '名称' } },
        {
          op: 'addMeasure',
          after: reference,
          measure: {
            id: 'm17',
            category: 'living-services',
            name: '名称',
            content: '内容',
            roles: { core: '甲', partner: '乙' },
          },
        },
      ];
      expect(await through(operations)).toEqual({ operations });
    },
  );

  it('takes 別表(4) as a reference to a row, never as the id of a new measure; a broken one not at all', async () => {
    const measure = (id: string) => ({
      id,
      category: 'living-services',
      name: '名称',
      content: '内容',
      roles: { core: '甲', partner: '乙' },
    });
    const { problem } = await through([
      { op: 'addMeasure', measure: measure('別表(4)'), after: '別表(4)' },
      { op: 'removeMeasure', id: '別表(4' },
      { op: 'removeMeasure', id: 'M04' },
    ]);
    expect(problem?.status).toBe(400);
    expect(problem?.errors?.map((e) => e.field)).toEqual([
      'operations.0.measure.id',
      'operations.1.id',
      'operations.2.id',
    ]);
    expect(problem?.errors?.[1]?.message).toContain('別表(4), (4), ４, 別表四の項');
  });
});
