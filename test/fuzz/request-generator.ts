import fc from 'fast-check';
import {
  headerValue,
  hostilePathSegment,
  hostileQueryValue,
  hostileString,
  INVALID_UTF8,
  RAW_NUMBERS,
  wrongTypeValue,
} from './hostile-values';
import { type JsonSchema, type OpenApiDocument, type Operation, resolveSchema } from './openapi-operations';

/** One generated request, with a note of what was done to it (for the failure report). */
export interface FuzzRequest {
  method: string;
  /** Path and query, as sent on the request line. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  mutation: string;
  /** The damage done makes this a request no operation may accept (it must answer 4xx). */
  mustRefuse: boolean;
}

/** Ids that exist in the demo ledger, by path parameter name; other names get schema examples. */
export type KnownValues = Record<string, readonly string[]>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const MUNICIPALITY_CODES = ['022012', '023019', '023035', '023043', '023078', '020001'];
const VALID_DATES = ['2019-12-25', '2020-04-01', '2021-04-01', '2024-02-29', '2026-11-27'];
const VALID_INSTANTS = ['2022-06-01T00:00:00Z', '2026-04-01T09:00:00+09:00'];
const JAPANESE = fc.constantFrom(
  '青森市',
  '平内町',
  '連携協約',
  '第3条',
  '協議',
  '費用分担',
  '（略）',
  'テスト',
);

/** A value that looks right for the schema (names give hints the schema lacks: dates, codes). */
function validish(
  document: OpenApiDocument,
  raw: JsonSchema,
  name: string,
  depth: number,
): fc.Arbitrary<Json> {
  const schema = resolveSchema(document, raw);
  if (depth > 7) return fc.constant('x');
  const generated = generatedFor(document, schema, name, depth);
  return schema.example === undefined
    ? generated
    : fc.oneof(
        { weight: 2, arbitrary: fc.constant(schema.example as Json) },
        { weight: 1, arbitrary: generated },
      );
}

function generatedFor(
  document: OpenApiDocument,
  schema: JsonSchema,
  name: string,
  depth: number,
): fc.Arbitrary<Json> {
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...(schema.enum as Json[]));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants !== undefined && variants.length > 0) {
    return fc.oneof(...variants.map((v) => validish(document, v, name, depth + 1)));
  }
  if (type === 'integer' || type === 'number') {
    return fc.integer({
      min: Math.max(schema.minimum ?? 0, -1e9),
      max: Math.min(schema.maximum ?? 1000, 1e9),
    });
  }
  if (type === 'boolean') return fc.boolean();
  if (type === 'array') {
    return fc.array(validish(document, schema.items ?? {}, name, depth + 1), {
      minLength: Math.min(schema.minItems ?? 0, 3),
      maxLength: Math.max(Math.min(schema.maxItems ?? 3, 3), Math.min(schema.minItems ?? 0, 3)),
    });
  }
  if (type === 'object') {
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const keys = Object.keys(properties);
    if (keys.length === 0) return fc.constant({});
    const model: Record<string, fc.Arbitrary<Json>> = Object.fromEntries(
      keys.map((key) => [key, validish(document, properties[key] ?? {}, key, depth + 1)]),
    );
    return fc.record(model, { requiredKeys: keys.filter((k) => required.has(k)) });
  }
  return stringFor(schema, name);
}

/** A generated value as it is written in a query string or a header. */
function asText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function stringFor(schema: JsonSchema, name: string): fc.Arbitrary<Json> {
  if (/(On|Date|^asOf|^from|^to)$/.test(name) || schema.format === 'date')
    return fc.constantFrom(...VALID_DATES);
  if (/At$/.test(name) || schema.format === 'date-time') return fc.constantFrom(...VALID_INSTANTS);
  if (/code$/i.test(name)) return fc.constantFrom(...MUNICIPALITY_CODES);
  if (/Id$/.test(name)) return fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
  if (schema.pattern !== undefined) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 200);
    } catch {
      // A pattern fast-check cannot read: fall through to text.
    }
  }
  return JAPANESE;
}

function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  }
  return out;
}

function setAt(value: Json, path: Path, replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === 'number') {
    return value.map((v, i) => (i === head ? setAt(v, rest, replacement) : v));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof head === 'string') {
    return { ...value, [head]: setAt(value[head] ?? null, rest, replacement) };
  }
  return value;
}

function removeAt(value: Json, path: Path): Json {
  if (path.length === 0) return value;
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = parentPath.reduce<Json | undefined>(
    (v, key) =>
      v !== null && typeof v === 'object' ? (v as Record<string, Json>)[key as string] : undefined,
    value,
  );
  if (parent === undefined || parent === null || typeof parent !== 'object') return value;
  const copy: Json = Array.isArray(parent)
    ? parent.filter((_, i) => i !== last)
    : Object.fromEntries(Object.entries(parent).filter(([k]) => k !== last));
  return setAt(value, parentPath, copy);
}

const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items[index % Math.max(items.length, 1)];
const describePath = (path: Path | undefined): string =>
  path === undefined || path.length === 0 ? '(body)' : path.join('.');

interface BodySpec {
  bytes: Buffer;
  contentType: string | null;
  mutation: string;
  mustRefuse: boolean;
}

const json = (value: Json, mutation: string, mustRefuse = false): BodySpec => ({
  bytes: Buffer.from(JSON.stringify(value), 'utf8'),
  contentType: 'application/json',
  mutation,
  mustRefuse,
});

/** Placeholders that survive JSON.stringify and are then swapped for text JSON cannot express. */
const RAW = (n: number) => `\u0000RAW${n}\u0000`;
const RAW_PATTERN = /"\\u0000RAW(\d+)\\u0000"/g;

function bodies(document: OpenApiDocument, schema: JsonSchema, bodyLimit: number): fc.Arbitrary<BodySpec> {
  const base = validish(document, schema, 'body', 0);
  const located = fc.tuple(base, fc.nat());
  return fc.oneof(
    { weight: 3, arbitrary: base.map((v) => json(v, 'valid-looking body')) },
    {
      weight: 6,
      arbitrary: fc.tuple(located, fc.oneof(hostileString, wrongTypeValue)).map(([[v, i], bad]) => {
        const path = pick(pathsOf(v).slice(1), i);
        return json(
          path === undefined ? (bad as Json) : setAt(v, path, bad as Json),
          `${describePath(path)} := hostile value`,
        );
      }),
    },
    {
      weight: 2,
      arbitrary: located.map(([v, i]) => {
        const path = pick(pathsOf(v).slice(1), i);
        return json(path === undefined ? v : removeAt(v, path), `${describePath(path)} removed`);
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          located,
          fc.constantFrom('extra', '__proto__', 'constructor', 'prototype', 'toString', ''),
          wrongTypeValue,
        )
        .map(([[v, i], key, extra]) => {
          const objects = pathsOf(v).filter((p) => {
            const at = p.reduce<Json | undefined>(
              (x, k) =>
                x !== null && typeof x === 'object' ? (x as Record<string, Json>)[k as string] : undefined,
              v,
            );
            return at !== null && typeof at === 'object' && !Array.isArray(at);
          });
          const path = pick(objects, i) ?? [];
          const text = JSON.stringify(setAt(v, [...path, key], extra as Json));
          // JSON.stringify drops a "__proto__" own key's meaning; write it literally.
          return {
            bytes: Buffer.from(text, 'utf8'),
            contentType: 'application/json',
            mutation: `extra field ${describePath([...path, key])}`,
            mustRefuse: true,
          };
        }),
    },
    {
      weight: 1,
      arbitrary: wrongTypeValue.map((v) =>
        json(v as Json, 'body of the wrong type', v === null || typeof v !== 'object' || Array.isArray(v)),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(located, fc.integer({ min: 20, max: 100_000 }), fc.boolean())
        .map(([[v, i], depth, asObject]) => {
          const path = pick(pathsOf(v), i) ?? [];
          // Written as text: no recursion on this side, whatever the depth.
          const deep = asObject
            ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
            : `${'['.repeat(depth)}${']'.repeat(depth)}`;
          const text = JSON.stringify(setAt(v, path, RAW(0))).replace(RAW_PATTERN, deep);
          return {
            bytes: Buffer.from(text, 'utf8'),
            contentType: 'application/json',
            mutation: `${describePath(path)} := value nested ${depth} deep`,
            mustRefuse: depth > 40,
          };
        }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(located, fc.constantFrom(...RAW_NUMBERS)).map(([[v, i], number]) => {
        const path = pick(pathsOf(v).slice(1), i) ?? [];
        const text = JSON.stringify(setAt(v, path, RAW(0))).replace(RAW_PATTERN, number);
        return {
          bytes: Buffer.from(text, 'utf8'),
          contentType: 'application/json',
          mutation: `${describePath(path)} := ${number}`,
          mustRefuse: false,
        };
      }),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(located, fc.nat({ max: INVALID_UTF8.length - 1 })).map(([[v, i], which]) => {
        const strings = pathsOf(v).filter((p) => {
          const at = p.reduce<Json | undefined>(
            (x, k) =>
              x !== null && typeof x === 'object' ? (x as Record<string, Json>)[k as string] : undefined,
            v,
          );
          return typeof at === 'string';
        });
        const path = pick(strings, i) ?? [];
        const [before = '', after = ''] = JSON.stringify(setAt(v, path, `a${RAW(0)}b`)).split(
          /\\u0000RAW0\\u0000/,
        );
        const bad = INVALID_UTF8[which] ?? Buffer.from([0xff]);
        return {
          bytes: Buffer.concat([Buffer.from(before, 'utf8'), bad, Buffer.from(after, 'utf8')]),
          contentType: 'application/json',
          mutation: `${describePath(path)} holds invalid UTF-8 ${bad.toString('hex')}`,
          mustRefuse: true,
        };
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          base,
          fc.constantFrom(
            {
              name: 'truncated',
              invalid: true,
              damage: (t: string) => t.slice(0, Math.max(1, Math.floor(t.length / 2))),
            },
            { name: 'trailing text', invalid: true, damage: (t: string) => `${t} trailing` },
            { name: 'byte order mark', invalid: false, damage: (t: string) => `\ufeff${t}` },
            {
              name: 'duplicate keys',
              invalid: false,
              damage: (t: string) => t.replace('{', '{"a":1,"a":2,'),
            },
            {
              name: '__proto__ key',
              invalid: true,
              damage: (t: string) => t.replace('{', '{"__proto__":{"role":"admin","polluted":true},'),
            },
            {
              name: 'constructor.prototype key',
              invalid: true,
              damage: (t: string) => t.replace('{', '{"constructor":{"prototype":{"polluted":true}},'),
            },
            { name: 'empty', invalid: true, damage: () => '' },
            { name: 'null', invalid: true, damage: () => 'null' },
            { name: 'open brace', invalid: true, damage: () => '{' },
            { name: 'single quotes', invalid: true, damage: () => "{'single': 'quotes'}" },
            { name: 'NaN', invalid: true, damage: () => '{"a":NaN}' },
            { name: 'trailing comma', invalid: true, damage: () => '[1,2,]' },
          ),
        )
        .map(([v, { name, invalid, damage }]) => ({
          bytes: Buffer.from(damage(JSON.stringify(v)), 'utf8'),
          contentType: 'application/json',
          mutation: `malformed JSON text (${name})`,
          mustRefuse: invalid,
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          base,
          fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'application/jsonx',
            'text/json',
            'application/merge-patch+json',
            'application/problem+json',
            null,
          ),
        )
        .map(([v, contentType]) => ({
          bytes: Buffer.from(
            contentType?.startsWith('application/x-www') === true ? 'a=1&b=2' : JSON.stringify(v),
          ),
          contentType,
          mutation: `sent as ${contentType ?? '(no content type)'}`,
          mustRefuse: contentType === null || !contentType.startsWith('application/json'),
        })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: bodyLimit + 1, max: bodyLimit + 4096 }).map((size) => ({
        bytes: Buffer.from(JSON.stringify({ text: 'x'.repeat(size) })),
        contentType: 'application/json',
        mutation: `body of ${size} bytes (limit ${bodyLimit})`,
        mustRefuse: true,
      })),
    },
  );
}

/** Authorization headers: a token of a role, or none, or one that is not a token. */
export interface Credentials {
  label: string;
  /** A real caller (anonymous or a role), fuzzed in full; false for tokens refused at the door. */
  role: boolean;
  authorization?: string;
}

function queryArbitrary(document: OpenApiDocument, operation: Operation): fc.Arbitrary<string[]> {
  const params = operation.parameters.filter((p) => p.in === 'query');
  const each = params.map((p) =>
    fc.option(
      fc.oneof(
        {
          weight: 2,
          arbitrary: validish(document, p.schema, p.name, 0).map(
            (v) => `${p.name}=${encodeURIComponent(asText(v))}`,
          ),
        },
        { weight: 2, arbitrary: hostileQueryValue.map((v) => `${p.name}=${v}`) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(hostileQueryValue, hostileQueryValue)
            .map(([a, b]) => `${p.name}=${a}&${p.name}=${b}`),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(`${p.name}`, `${p.name}=`, `${p.name}[]=1`, `${p.name}[a]=1`),
        },
      ),
      { freq: 2 },
    ),
  );
  const extra = fc.option(
    fc.oneof(
      fc.constantFrom(
        'unknown=1',
        '__proto__=x',
        'constructor[prototype][polluted]=1',
        'a=%00',
        '=',
        '&&',
        'limit=1',
      ),
      hostileQueryValue.map((v) => `x${v.slice(0, 20)}=${v}`),
    ),
    { freq: 4 },
  );
  return fc
    .tuple(fc.tuple(...each), extra)
    .map(([values, more]) => [...values, more].filter((v): v is string => v !== null));
}

/**
 * Requests for one operation: its documented parameters (known ids, hostile values, broken
 * encodings), its body (valid-looking, then damaged in one of many ways), and headers.
 */
export function requestsFor(
  document: OpenApiDocument,
  operation: Operation,
  known: KnownValues,
  credentials: Credentials,
  bodyLimit: number,
): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const path = fc.tuple(
    ...pathParams.map((p) => {
      const candidates = [
        ...(known[p.name] ?? []),
        ...(p.schema.example === undefined ? [] : [asText(p.schema.example as Json)]),
      ];
      return fc.oneof(
        {
          weight: 3,
          arbitrary:
            candidates.length > 0 ? fc.constantFrom(...candidates) : fc.stringMatching(/^[a-z0-9-]{1,12}$/),
        },
        { weight: 2, arbitrary: hostilePathSegment },
      );
    }),
  );
  const headerParams = operation.parameters.filter((p) => p.in === 'header');
  const headers = fc.tuple(
    ...headerParams.map((p) =>
      fc.option(
        fc.oneof(
          validish(document, p.schema, p.name, 0).map((v) => asText(v).replace(/[^\t\x20-\x7e]/g, '')),
          headerValue,
        ),
        { freq: 2 },
      ),
    ),
  );
  const accept = fc.option(
    fc.constantFrom(
      ...operation.produces,
      'text/html',
      'text/plain',
      'application/json',
      '*/*',
      'image/png',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'text/html;q=0.1, application/json;q=0.9',
      'garbage',
      'x'.repeat(3000),
    ),
    { freq: 3 },
  );
  const traceIds = fc.tuple(fc.option(headerValue, { freq: 3 }), fc.option(headerValue, { freq: 3 }));
  const body = operation.body === null ? fc.constant(null) : bodies(document, operation.body, bodyLimit);

  return fc
    .tuple(path, queryArbitrary(document, operation), headers, accept, traceIds, body)
    .map(([segments, query, headerValues, acceptValue, [requestId, correlationId], bodySpec]) => {
      let target = operation.path;
      pathParams.forEach((p, i) => {
        target = target.replace(`{${p.name}}`, segments[i] ?? '');
      });
      if (query.length > 0) target += `?${query.join('&')}`;
      const sent: Record<string, string> = {};
      headerParams.forEach((p, i) => {
        const value = headerValues[i];
        if (value !== null && value !== undefined) sent[p.name.toLowerCase()] = value;
      });
      if (acceptValue !== null) sent.accept = acceptValue;
      if (requestId !== null) sent['x-request-id'] = requestId;
      if (correlationId !== null) sent['x-correlation-id'] = correlationId;
      if (credentials.authorization !== undefined) sent.authorization = credentials.authorization;
      const request: FuzzRequest = {
        method: operation.method,
        target,
        headers: sent,
        mutation: bodySpec?.mutation ?? 'no body',
        mustRefuse: bodySpec?.mustRefuse ?? false,
      };
      if (bodySpec !== null) {
        request.body = bodySpec.bytes;
        if (bodySpec.contentType !== null) sent['content-type'] = bodySpec.contentType;
      }
      return request;
    });
}
