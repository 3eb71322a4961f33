import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import fc from 'fast-check';
import { getMetadataStorage, ValidateNested } from 'class-validator';
import { compileParameters, ParametersPipe, parameterClassesOf } from './compiled-parameters';
import { ProblemException } from './problem';
import { createValidationPipe, validationProblem } from './validation';

type Constructor = new () => object;

/** Every class a controller of the API takes its path or query parameters as. */
function parameterClasses(): Set<Constructor> {
  const root = join(__dirname, '..');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.controller.ts'),
  );
  const controllers = files.flatMap((file) =>
    Object.values(jest.requireActual<Record<string, unknown>>(join(root, file))).filter(
      (exported) =>
        typeof exported === 'function' && Reflect.getMetadata(PATH_METADATA, exported) !== undefined,
    ),
  );
  return parameterClassesOf(controllers);
}

const classes = parameterClasses();

/** What the request gets: the parameters read into their class, or the problem document. */
async function answer(run: () => unknown): Promise<unknown> {
  try {
    const value = (await run()) as object;
    return { ok: { class: value.constructor.name, fields: { ...value } } };
  } catch (error) {
    if (error instanceof ProblemException) return { problem: error.toDocument() };
    throw error;
  }
}

/** Values close to each rule's edges: dates (和暦 too), instants, positions, limits, enums, ids. */
const VALUES = [
  ...['2020-04-01', '2019-02-29', '2024-02-29', '令和2年4月1日', '令和元年4月30日', 'R2.4.1', '2020-4-1'],
  ...['2025-01-01T00:00:00Z', '2026-04-01T09:00:00+09:00', '2025-13-01T00:00:00Z', 'yesterday'],
  ...[
    '0',
    '1',
    '2',
    '42',
    '500',
    '501',
    '100000',
    '100001',
    '-1',
    '1.5',
    '1e2',
    ' 1',
    '0x10',
    'NaN',
    'Infinity',
  ],
  ...['9223372036854775807', '9223372036854775808', '01'],
  ...['municipal', 'kanji', 'vertical', 'new-old', 'old-new', 'true', 'false', 'TRUE', 'in-force', 'open'],
  ...['aomori', 'aomori-hiranai', 'Not_An_Id', 'm01', '022012', '022013', '令和6年度', 'R6', '2013', '2024'],
  ...['2024-05-01~aomori-2024', '', ' ', '%', '第3条', 'a'.repeat(65)],
];
const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 2, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...VALUES), { minLength: 2, maxLength: 3 }) },
);
/** Names no class declares, and names of Object's own methods and prototype. */
const STRANGERS = ['foo', 'limit2', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('compiled path and query parameters', () => {
  it('finds the parameter classes of the API (text, history, comparison, ledger proofs, events …)', () => {
    const names = [...classes.keys()].map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'TextQueryDto',
        'PageQuery',
        'ComparisonQueryDto',
        'InclusionQueryDto',
        'ConsistencyQueryDto',
        'AgreementParams',
        'VersionParams',
      ]),
    );
  });

  it.each([...classes].map((metatype) => [metatype.name, metatype] as const))(
    '%s compiles, and answers every input as the ValidationPipe does',
    async (_name, metatype) => {
      const compiled = compileParameters(metatype);
      if (typeof compiled === 'string') throw new Error(`${metatype.name} does not compile: ${compiled}`);
      const own = Object.keys(
        getMetadataStorage().groupByPropertyName(
          getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false),
        ),
      );
      const validationPipe = createValidationPipe();
      const input = fc.dictionary(fc.constantFrom(...own, ...STRANGERS), value, { maxKeys: 5 });
      await fc.assert(
        fc.asyncProperty(input, fc.boolean(), async (fields, nullPrototype) => {
          // Fastify's query objects have no prototype; a plain object is checked too. Each side gets
          // its own copy: the ValidationPipe deletes an own __proto__ key in place.
          const copy = () => {
            const object = (nullPrototype ? Object.create(null) : {}) as Record<string, unknown>;
            for (const [k, v] of Object.entries(fields)) {
              Object.defineProperty(object, k, {
                value: v,
                enumerable: true,
                writable: true,
                configurable: true,
              });
            }
            return object;
          };
          const ours = await answer(() => {
            const result = compiled(copy());
            if (result === undefined) throw new Error('fell back to the ValidationPipe');
            if (!result.ok) throw validationProblem(result.errors);
            return result.value;
          });
          const theirs = await answer(() => validationPipe.transform(copy(), { type: 'query', metatype }));
          expect(ours).toEqual(theirs);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('refuses a query parameter given more than once by name, before its own rules misname the fault', async () => {
    const text = [...classes].find((c) => c.name === 'TextQueryDto');
    if (text === undefined) throw new Error('TextQueryDto not found');
    const pipe = new ParametersPipe(createValidationPipe(), [text]);
    const refused = await answer(() =>
      pipe.transform(
        { asOf: ['2020-01-01', '2020-01-01'], style: 'kanji', atPosition: ['1', '2', '3'] },
        { type: 'query', metatype: text },
      ),
    );
    expect(refused).toEqual({
      problem: {
        type: '/problems/ValidationFailed',
        title: 'Bad Request',
        status: 400,
        code: 'ValidationFailed',
        detail:
          'The query gives asOf, atPosition more than once; each query parameter may be given once. Nothing was recorded.',
        errors: [
          { field: 'asOf', rule: 'repeatedParameter', message: 'asOf was given 2 times; give it once.' },
          {
            field: 'atPosition',
            rule: 'repeatedParameter',
            message: 'atPosition was given 3 times; give it once.',
          },
        ],
      },
    });
    // Given once, the same values are read as before.
    expect(
      pipe.transform({ asOf: '2020-01-01', style: 'kanji' }, { type: 'query', metatype: text }),
    ).toMatchObject({ asOf: '2020-01-01', style: 'kanji' });
  });

  it('leaves bodies, primitive parameters and classes it cannot compile to the ValidationPipe', async () => {
    const calls: string[] = [];
    const validationPipe = createValidationPipe();
    const original = validationPipe.transform.bind(validationPipe);
    validationPipe.transform = async (value, metadata) => {
      calls.push(`${metadata.type}:${metadata.metatype?.name ?? ''}`);
      return (await original(value, metadata)) as unknown;
    };
    const pipe = new ParametersPipe(validationPipe);
    const text = [...classes].find((c) => c.name === 'TextQueryDto');
    if (text === undefined) throw new Error('TextQueryDto not found');
    await pipe.transform({ asOf: '2020-04-01' }, { type: 'query', metatype: text });
    await pipe.transform({ asOf: '2020-04-01' }, { type: 'body', metatype: text });
    await pipe.transform('7', { type: 'param', metatype: Number, data: 'n' });
    class Nested {
      @ValidateNested()
      inner?: object;
    }
    expect(compileParameters(Nested)).toMatch(/nestedValidation/);
    await expect(pipe.transform({}, { type: 'query', metatype: Nested })).resolves.toBeInstanceOf(Nested);
    expect(calls).toEqual(['body:TextQueryDto', 'param:Number', 'query:Nested']);
  });
});
