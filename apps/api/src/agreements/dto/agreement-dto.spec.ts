import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { toPlainJson } from '../../http/plain-body.pipe';
import {
  type AgreementDocument,
  type AmendmentOperation,
  applyAmendment,
  validateDocument,
} from '@kyoyaku/legal-text';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { ProblemException } from '../../http/problem';
import { createValidationPipe } from '../../http/validation';
import { AgreementDocumentDto, ProvisionPathDto } from './agreement-document.dto';
import {
  AMENDMENT_OPERATION_CLASSES,
  AmendmentOperationDto,
  AmendmentOperationListDto,
  type AmendmentOperationDtoUnion,
  ArticleContentDto,
  CaptionTextTargetDto,
  ItemContentDto,
  ParagraphContentDto,
  ProvisionTextTargetDto,
  ReplaceProvisionOperationDto,
  ReplaceWordsOperationDto,
  SupplementaryProvisionsTextTargetDto,
} from './amendment-operation.dto';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

interface Failure {
  path: string;
  rule: string;
  message: string;
}

/** Every broken rule, with the field path the API reports (`articles.0.paragraphs.0.foo`). */
function failures(errors: readonly ValidationError[], parent = ''): Failure[] {
  return errors.flatMap((error) => {
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ path, rule, message }));
    return [...own, ...failures(error.children ?? [], path)];
  });
}

async function check<T extends object>(
  type: new () => T,
  body: unknown,
): Promise<{ dto: T; failures: Failure[] }> {
  const dto = plainToInstance(type, body);
  return { dto, failures: failures(await validate(dto, OPTIONS)) };
}

/** A copy of plain JSON data that a test may change. */
function plain(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** The object or array at `path` (`articles.0.paragraphs`) inside `body`. */
function holderOf(
  body: Record<string, unknown>,
  path: string,
): { holder: Record<string, unknown>; key: string } {
  const keys = path.split('.');
  const key = keys.pop() ?? '';
  let holder: unknown = body;
  for (const k of keys)
    holder = typeof holder === 'object' && holder !== null ? Reflect.get(holder, k) : undefined;
  if (typeof holder !== 'object' || holder === null) throw new Error(`no ${path} in the test body`);
  return { holder: holder as Record<string, unknown>, key };
}

/** Sets the field at `path` in a test body. */
function set(body: Record<string, unknown>, path: string, value: unknown): void {
  const { holder, key } = holderOf(body, path);
  holder[key] = value;
}

/** Removes the field at `path` from a test body. */
function remove(body: Record<string, unknown>, path: string): void {
  const { holder, key } = holderOf(body, path);
  Reflect.deleteProperty(holder, key);
}

function sampleBody(): Record<string, unknown> {
  return plain(buildSampleDocument());
}

/** One valid operation of every kind, each applicable to the sample document (in this order). */
const VALID_OPERATIONS: Record<AmendmentOperation['op'], AmendmentOperation> = {
  replaceWords: {
    op: 'replaceWords',
    target: { kind: 'provision', path: { article: '4', paragraph: 2 } },
    from: '別途定める',
    to: '別に定める',
  },
  replaceProvision: {
    op: 'replaceProvision',
    path: { article: '5' },
    content: {
      level: 'article',
      caption: '定期的な協議',
      paragraphs: [{ number: 1, text: '甲及び乙は、毎年度、協議を行うものとする。', items: [] }],
    },
  },
  insertArticle: {
    op: 'insertArticle',
    after: '6',
    caption: '連携協約の変更',
    paragraphs: [{ number: 1, text: 'この協約の変更は、甲乙協議の上、行うものとする。', items: [] }],
  },
  insertParagraph: {
    op: 'insertParagraph',
    article: '2',
    after: 1,
    text: '甲及び乙は、次に掲げる事項に留意するものとする。',
    items: [{ number: '1', text: '圏域全体の利益', subItems: [] }],
  },
  insertItem: {
    op: 'insertItem',
    parent: { article: '2', paragraph: 2 },
    after: '1',
    text: '住民の利便性',
    subItems: [{ number: '1', text: '手続の簡素化', subItems: [] }],
  },
  deleteProvision: {
    op: 'deleteProvision',
    path: { article: '2', paragraph: 2, item: '2' },
    leaveDeletedMarker: false,
  },
  renumberArticle: { op: 'renumberArticle', from: '7', to: '8' },
  addMeasure: {
    op: 'addMeasure',
    measure: {
      id: 'm04',
      category: 'living-services',
      name: '地域医療の確保',
      content: '救急医療体制の充実に取り組む。',
      roles: { core: '中心的な役割を担う。', partner: '連携して取り組む。' },
    },
    after: null,
  },
  reviseMeasure: { op: 'reviseMeasure', id: 'm04', changes: { name: '地域医療体制の確保' } },
  changeMeasureRole: { op: 'changeMeasureRole', id: 'm04', party: 'partner', role: '協力して取り組む。' },
  removeMeasure: { op: 'removeMeasure', id: 'm04' },
  replaceSupplementaryProvisions: {
    op: 'replaceSupplementaryProvisions',
    supplementaryProvisions: {
      paragraphs: [
        { number: 1, text: 'この協約は、令和元年12月25日から施行する。', items: [] },
        { number: 2, text: 'この協約の変更は、令和3年4月1日から施行する。', items: [] },
      ],
    },
  },
};

describe('AgreementDocumentDto', () => {
  it('accepts the sample document, and gives it back as the same plain data', async () => {
    const { dto, failures: found } = await check(AgreementDocumentDto, sampleBody());
    expect(found).toEqual([]);
    // Compile-time: a validated DTO is an AgreementDocument, no cast.
    const document: AgreementDocument = dto;
    const data = toPlainJson(document);
    expect(data).toStrictEqual(buildSampleDocument());
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(validateDocument(data)).toEqual([]);
  });

  it('accepts deleted articles, empty captions and preamble, items with sub-items, and 別表', async () => {
    const body = sampleBody();
    body.preamble = '';
    body.articles = [
      {
        number: '1',
        caption: '',
        deleted: false,
        paragraphs: [
          {
            number: 1,
            text: '次に掲げる事項',
            items: [{ number: '1', text: '号', subItems: [{ number: '1', text: '細分', subItems: [] }] }],
          },
        ],
      },
      { number: '1-2', caption: '', paragraphs: [], deleted: true },
    ];
    body.appendices = [
      { number: '', title: '', columns: ['区分', '内容'], rows: [{ id: 'r1', cells: ['a', 'b'] }] },
    ];
    expect((await check(AgreementDocumentDto, body)).failures).toEqual([]);
  });

  it('refuses an unknown field deep inside, naming its path', async () => {
    const body = sampleBody();
    set(body, 'articles.0.paragraphs.0.foo', 'bar');
    expect((await check(AgreementDocumentDto, body)).failures).toEqual([
      {
        path: 'articles.0.paragraphs.0.foo',
        rule: 'whitelistValidation',
        message: 'property foo should not exist',
      },
    ]);
  });

  it('refuses wrong types', async () => {
    const body = { ...sampleBody(), title: 42, articles: 'all of them', supplementaryProvisions: [] };
    const { failures: found } = await check(AgreementDocumentDto, body);
    expect(found.map((f) => `${f.path}:${f.rule}`)).toEqual(
      expect.arrayContaining(['title:isText', 'articles:isBoundedArray', 'supplementaryProvisions:isObject']),
    );
    expect(found.find((f) => f.path === 'title')?.message).toBe(
      'title must be text of 1 to 1000 characters (not only spaces), got a number',
    );
  });

  it.each(['3の2', '第3条', '0', '03', '3-1', '3-', '-3', ' 3', '3.2', '99999999999'])(
    'refuses the article number %j with a message showing the form',
    async (number) => {
      const body = sampleBody();
      set(body, 'articles.0.number', number);
      expect((await check(AgreementDocumentDto, body)).failures).toEqual([
        {
          path: 'articles.0.number',
          rule: 'isProvisionNumber',
          message: expect.stringContaining(
            'must be an article/item number like "3" or "3-2" (第3条の2)',
          ) as string,
        },
      ]);
    },
  );

  it('accepts article numbers with 枝番号', async () => {
    const body = sampleBody();
    const articles = body.articles as { number: string }[];
    ['1', '1-2', '1-2-3', '2', '10', '10-10'].forEach((n, i) => {
      if (articles[i]) articles[i].number = n;
    });
    expect((await check(AgreementDocumentDto, body)).failures).toEqual([]);
  });

  it('refuses an unknown measure category, naming the allowed ones', async () => {
    const body = sampleBody();
    set(body, 'measures.0.category', 'tourism');
    expect((await check(AgreementDocumentDto, body)).failures).toEqual([
      {
        path: 'measures.0.category',
        rule: 'isIn',
        message:
          'category must be one of the following values: economic-growth, urban-functions, living-services',
      },
    ]);
  });

  it('refuses measure ids outside a-z, 0-9 and -', async () => {
    const body = sampleBody();
    set(body, 'measures.0.id', 'M 01');
    expect((await check(AgreementDocumentDto, body)).failures).toMatchObject([
      { path: 'measures.0.id', rule: 'isMeasureId' },
    ]);
  });

  it('refuses missing fields', async () => {
    const body = sampleBody();
    remove(body, 'supplementaryProvisions');
    remove(body, 'measures.0.roles');
    remove(body, 'articles.1.deleted');
    const found = (await check(AgreementDocumentDto, body)).failures.map((f) => `${f.path}:${f.rule}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'supplementaryProvisions:isObject',
        'measures.0.roles:isObject',
        'articles.1.deleted:isBoolean',
      ]),
    );
  });

  it('refuses blank text where validateDocument does, and a document without articles', async () => {
    const body = sampleBody();
    body.title = '  ';
    set(body, 'articles.0.paragraphs.0.text', '');
    set(body, 'measures.0.roles.core', '');
    expect((await check(AgreementDocumentDto, body)).failures.map((f) => `${f.path}:${f.rule}`)).toEqual([
      'title:isText',
      'articles.0.paragraphs.0.text:isText',
      'measures.0.roles.core:isText',
    ]);
    const empty = { ...sampleBody(), articles: [] };
    expect((await check(AgreementDocumentDto, empty)).failures.map((f) => `${f.path}:${f.rule}`)).toEqual([
      'articles:isBoundedArray',
    ]);
  });

  it('refuses paragraph numbers that are not integers from 1', async () => {
    const body = sampleBody();
    set(body, 'articles.3.paragraphs.0.number', 0);
    set(body, 'articles.3.paragraphs.1.number', '2');
    expect((await check(AgreementDocumentDto, body)).failures.map((f) => `${f.path}:${f.rule}`)).toEqual([
      'articles.3.paragraphs.0.number:isIntegerInRange',
      'articles.3.paragraphs.1.number:isIntegerInRange',
    ]);
  });

  it('bounds text length, array sizes and the nesting of items', async () => {
    const body = sampleBody();
    body.preamble = 'あ'.repeat(20_001);
    body.measures = Array.from({ length: 1_001 }, () => (body.measures as unknown[])[0]);
    let items: unknown[] = [];
    for (let level = 0; level < 6; level++) items = [{ number: '1', text: '号', subItems: items }];
    set(body, 'articles.0.paragraphs.0.items', items);
    expect((await check(AgreementDocumentDto, body)).failures).toEqual([
      {
        path: 'preamble',
        rule: 'isText',
        message: 'preamble must be a string of at most 20000 characters ("" allowed), got 20001 characters',
      },
      {
        path: 'articles.0.paragraphs.0.items',
        rule: 'maxItemLevels',
        message: 'items may nest items (号 and their 細分) at most 5 levels deep',
      },
      {
        path: 'measures',
        rule: 'isBoundedArray',
        message: 'measures must be a list of at most 1000 objects, got 1001',
      },
    ]);
  });

  it('refuses a list nested where an article belongs (ValidateNested alone would accept its elements)', async () => {
    const body = sampleBody();
    set(body, 'articles', [(body.articles as unknown[]).slice(0, 2)]);
    expect((await check(AgreementDocumentDto, body)).failures).toEqual([
      {
        path: 'articles',
        rule: 'isBoundedArray',
        message: 'articles must be a list of 1 to 1000 objects; entry 0 is a list',
      },
    ]);
  });

  it('refuses a 別表 number that is neither "" nor a number', async () => {
    const body = sampleBody();
    body.appendices = [{ number: '第1', title: '', columns: [], rows: [] }];
    expect((await check(AgreementDocumentDto, body)).failures).toMatchObject([
      { path: 'appendices.0.number', rule: 'isAppendixNumber' },
    ]);
  });
});

describe('ProvisionPathDto', () => {
  it('accepts a path to an item, and leaves the omitted sub-item out of the plain data', async () => {
    const { dto, failures: found } = await check(ProvisionPathDto, {
      article: '3-2',
      paragraph: 2,
      item: '1',
    });
    expect(found).toEqual([]);
    // ES2022 class fields: the omitted sub-item is an own `undefined` property of the instance,
    // which the event store would refuse; the PlainBodyPipe drops it.
    expect(Object.keys(dto)).toContain('subItem');
    expect(toPlainJson(dto)).toStrictEqual({ article: '3-2', paragraph: 2, item: '1' });
  });

  it('refuses null for the optional parts (their type does not allow null)', async () => {
    const found = (await check(ProvisionPathDto, { article: '3', paragraph: null, item: null })).failures;
    expect(found.map((f) => `${f.path}:${f.rule}`)).toEqual([
      'paragraph:isIntegerInRange',
      'item:isProvisionNumber',
    ]);
  });
});

describe('AmendmentOperationListDto', () => {
  const listOf = (...operations: unknown[]): { operations: unknown[] } => ({ operations });

  it.each(Object.values(VALID_OPERATIONS))('accepts $op as its own class', async (operation) => {
    const { dto, failures: found } = await check(AmendmentOperationListDto, listOf(plain(operation)));
    expect(found).toEqual([]);
    expect(dto.operations[0]).toBeInstanceOf(AMENDMENT_OPERATION_CLASSES[operation.op]);
  });

  it('gives validated operations back as plain AmendmentOperation[] that the domain applies', async () => {
    const { dto, failures: found } = await check(
      AmendmentOperationListDto,
      listOf(...Object.values(VALID_OPERATIONS).map(plain)),
    );
    expect(found).toEqual([]);
    // Compile-time: validated operation DTOs are AmendmentOperations, no cast.
    const ops: AmendmentOperation[] = dto.operations;
    const union: AmendmentOperationDtoUnion[] = dto.operations;
    expect(union).toHaveLength(12);
    const data = toPlainJson(ops);
    expect(data).toStrictEqual(Object.values(VALID_OPERATIONS));
    const amended = applyAmendment(buildSampleDocument(), data);
    expect(validateDocument(amended)).toEqual([]);
    expect(amended.articles.map((a) => a.number)).toEqual(['1', '2', '3', '4', '5', '6', '8']);
  });

  it('reads every kind of text target and provision content as its own class', async () => {
    const targets = [
      { kind: 'provision', path: { article: '1' } },
      { kind: 'caption', article: '1' },
      { kind: 'title' },
      { kind: 'preamble' },
      { kind: 'supplementaryProvisions', paragraph: 1 },
      { kind: 'supplementaryProvisions' },
    ];
    const { dto, failures: found } = await check(
      AmendmentOperationListDto,
      listOf(
        ...targets.map((target) => ({ op: 'replaceWords', target, from: 'A', to: 'B', occurrence: 'all' })),
      ),
    );
    expect(found).toEqual([]);
    const classes = dto.operations.map((op) =>
      op instanceof ReplaceWordsOperationDto ? op.target.constructor : null,
    );
    expect(classes.slice(0, 2)).toEqual([ProvisionTextTargetDto, CaptionTextTargetDto]);
    expect(classes[4]).toBe(SupplementaryProvisionsTextTargetDto);

    const contents = [
      {
        path: { article: '1' },
        content: { level: 'article', caption: '', paragraphs: [{ number: 1, text: 'x', items: [] }] },
      },
      { path: { article: '1', paragraph: 1 }, content: { level: 'paragraph', text: 'x', items: [] } },
      {
        path: { article: '1', paragraph: 1, item: '1' },
        content: { level: 'item', text: 'x', subItems: [] },
      },
    ];
    const replaced = await check(
      AmendmentOperationListDto,
      listOf(...contents.map((c) => ({ op: 'replaceProvision', ...c }))),
    );
    expect(replaced.failures).toEqual([]);
    expect(
      replaced.dto.operations.map((op) =>
        op instanceof ReplaceProvisionOperationDto ? op.content.constructor : null,
      ),
    ).toEqual([ArticleContentDto, ParagraphContentDto, ItemContentDto]);
  });

  it('refuses an unknown op with one error naming the allowed values', async () => {
    const { dto, failures: found } = await check(
      AmendmentOperationListDto,
      listOf({ op: 'renameArticle', from: '1', to: '2' }),
    );
    expect(dto.operations[0]).toBeInstanceOf(AmendmentOperationDto);
    expect(found).toEqual([
      {
        path: 'operations.0.op',
        rule: 'isIn',
        message:
          'op must be one of the following values: replaceWords, replaceProvision, insertArticle, insertParagraph, ' +
          'insertItem, deleteProvision, renumberArticle, addMeasure, reviseMeasure, removeMeasure, changeMeasureRole, ' +
          'replaceSupplementaryProvisions',
      },
    ]);
  });

  it('refuses a missing op, an unknown target kind and an unknown content level', async () => {
    const { failures: found } = await check(
      AmendmentOperationListDto,
      listOf(
        { from: 'A', to: 'B' },
        { op: 'replaceWords', target: { kind: 'appendix', number: '1' }, from: 'A', to: 'B' },
        { op: 'replaceProvision', path: { article: '1' }, content: { level: 'chapter', text: 'x' } },
      ),
    );
    expect(found).toEqual([
      expect.objectContaining({ path: 'operations.0.op', rule: 'isIn' }),
      {
        path: 'operations.1.target.kind',
        rule: 'isIn',
        message:
          'kind must be one of the following values: provision, caption, title, preamble, supplementaryProvisions',
      },
      {
        path: 'operations.2.content.level',
        rule: 'isIn',
        message: 'level must be one of the following values: article, paragraph, item',
      },
    ]);
  });

  it('refuses null, primitives and lists where an operation, a target or content belongs (a 400, not a TypeError)', async () => {
    const { failures: found } = await check(
      AmendmentOperationListDto,
      listOf(
        { op: 'replaceWords', target: [null], from: 'A', to: 'B' },
        { op: 'replaceProvision', path: { article: '1' }, content: [null] },
        { op: 'replaceWords', target: 'title', from: 'A', to: 'B' },
        7,
        [VALID_OPERATIONS.removeMeasure],
        null,
      ),
    );
    expect(found.map((f) => `${f.path}:${f.rule}`)).toEqual([
      'operations:isBoundedArray',
      'operations.0.target:isObject',
      'operations.0.target.0:nestedValidation',
      'operations.1.content:isObject',
      'operations.1.content.0:nestedValidation',
      'operations.2.target:isObject',
      'operations.2.target:nestedValidation',
      'operations.3:nestedValidation',
      'operations.5:nestedValidation',
    ]);
    expect(found[0]?.message).toBe('operations must be a list of 1 to 500 objects; entry 3 is a number');
  });

  it('refuses missing required fields of an operation', async () => {
    const found = (
      await check(AmendmentOperationListDto, listOf({ op: 'replaceWords', target: { kind: 'title' } }))
    ).failures;
    expect(found.map((f) => `${f.path}:${f.rule}`)).toEqual(
      expect.arrayContaining(['operations.0.from:isText', 'operations.0.to:isText']),
    );
    const path = (
      await check(AmendmentOperationListDto, listOf({ op: 'deleteProvision', leaveDeletedMarker: true }))
    ).failures;
    expect(path.map((f) => `${f.path}:${f.rule}`)).toContain('operations.0.path:isObject');
  });

  it.each([0, -1, 1.5, '1', 'every', null])('refuses occurrence %j', async (occurrence) => {
    const operation = { op: 'replaceWords', target: { kind: 'title' }, from: 'A', to: 'B', occurrence };
    expect((await check(AmendmentOperationListDto, listOf(operation))).failures).toEqual([
      {
        path: 'operations.0.occurrence',
        rule: 'isOccurrence',
        message: expect.stringContaining(
          'must be a positive integer (1 = the first occurrence of from) or "all"',
        ) as string,
      },
    ]);
  });

  it('accepts `after: null` where the type allows it, and refuses it (or its absence) where not', async () => {
    const ok = await check(
      AmendmentOperationListDto,
      listOf(
        { ...VALID_OPERATIONS.insertArticle, after: null },
        { ...VALID_OPERATIONS.insertParagraph, after: null },
        { ...VALID_OPERATIONS.insertItem, after: null },
        { ...VALID_OPERATIONS.addMeasure, after: null },
        { ...VALID_OPERATIONS.addMeasure, after: undefined },
      ),
    );
    expect(ok.failures).toEqual([]);

    const { after: _omitted, ...withoutAfter } = VALID_OPERATIONS.insertArticle as { after: unknown };
    const bad = await check(
      AmendmentOperationListDto,
      listOf(
        withoutAfter,
        { ...VALID_OPERATIONS.insertArticle, number: null },
        { ...VALID_OPERATIONS.insertParagraph, after: '1' },
        { ...VALID_OPERATIONS.replaceWords, occurrence: null },
        { ...VALID_OPERATIONS.reviseMeasure, changes: { name: null } },
        { ...VALID_OPERATIONS.addMeasure, after: 'M 1' },
      ),
    );
    expect(bad.failures.map((f) => `${f.path}:${f.rule}`)).toEqual([
      'operations.0.after:isProvisionNumber',
      'operations.1.number:isProvisionNumber',
      'operations.2.after:isIntegerInRange',
      'operations.3.occurrence:isOccurrence',
      'operations.4.changes.name:isText',
      'operations.5.after:isMeasureId',
    ]);
    expect(bad.failures[0]?.message).toBe(
      'after must be the number of the article it follows (第3条, 第3条の2, 第三条の二, "3-2") or null to insert first',
    );
  });

  it('refuses an empty list, an empty change, bad parties and bad numbers in operations', async () => {
    expect((await check(AmendmentOperationListDto, listOf())).failures.map((f) => f.rule)).toEqual([
      'isBoundedArray',
    ]);
    const found = await check(
      AmendmentOperationListDto,
      listOf(
        { op: 'reviseMeasure', id: 'm01', changes: {} },
        { op: 'changeMeasureRole', id: 'm01', party: 'kou', role: 'x' },
        // 3の2 reads as 第3条の2 (natural references); 3条の2 reads as nothing.
        { op: 'renumberArticle', from: '3条の2', to: '4' },
        { op: 'replaceWords', target: { kind: 'title' }, from: '', to: '' },
      ),
    );
    expect(found.failures.map((f) => `${f.path}:${f.rule}`)).toEqual([
      'operations.0.changes:hasChanges',
      'operations.1.party:isIn',
      'operations.2.from:isProvisionNumber',
      'operations.3.from:isNotEmpty',
    ]);
  });

  it('refuses an unknown field inside an operation', async () => {
    const operation = {
      ...plain(VALID_OPERATIONS.insertItem),
      parent: { article: '2', paragraph: 2, clause: 1 },
    };
    expect((await check(AmendmentOperationListDto, listOf(operation))).failures).toEqual([
      {
        path: 'operations.0.parent.clause',
        rule: 'whitelistValidation',
        message: 'property clause should not exist',
      },
    ]);
  });
});

describe('through the global ValidationPipe', () => {
  const pipe = createValidationPipe();

  async function problemFor(metatype: new () => object, body: unknown): Promise<unknown> {
    try {
      await pipe.transform(body, { type: 'body', metatype });
    } catch (error) {
      if (error instanceof ProblemException) return error.toDocument();
      throw error;
    }
    throw new Error('expected the pipe to refuse the body');
  }

  it('answers 400 with errors[] naming the field and the rule', async () => {
    const body = sampleBody();
    set(body, 'articles.0.foo', 1);
    set(body, 'articles.1.number', '3の2');
    await expect(problemFor(AgreementDocumentDto, body)).resolves.toMatchObject({
      status: 400,
      errors: [
        {
          field: 'articles.0.foo',
          rule: 'unknownField',
          message: 'articles.0.foo is not a field of this request; remove it.',
        },
        { field: 'articles.1.number', rule: 'isProvisionNumber' },
      ],
    });
  });

  it('answers 400, not 500, for null operations', async () => {
    await expect(problemFor(AmendmentOperationListDto, { operations: [null] })).resolves.toMatchObject({
      status: 400,
      errors: [
        { field: 'operations', rule: 'isBoundedArray' },
        { field: 'operations.0', rule: 'nestedValidation' },
      ],
    });
  });

  it('returns validated instances of the subtypes', async () => {
    const result: unknown = await pipe.transform(
      { operations: [plain(VALID_OPERATIONS.removeMeasure)] },
      { type: 'body', metatype: AmendmentOperationListDto },
    );
    expect(result).toBeInstanceOf(AmendmentOperationListDto);
    expect((result as AmendmentOperationListDto).operations[0]).toBeInstanceOf(
      AMENDMENT_OPERATION_CLASSES.removeMeasure,
    );
  });
});
