import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import type { LedgerConfig } from '@kyoyaku/runtime';
import { ProblemException } from './problem';

/**
 * No request of this API nests deeper than this (a document: articles → paragraphs → items →
 * sub-items is about a dozen levels of arrays and objects).
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Which limit a JSON body breaks, read from its raw bytes in one pass before anything parses it:
 * nesting deeper than MAX_BODY_DEPTH arrays and objects, or more than `maxElements` array elements
 * and object members in all. Bytes inside strings are text (a UTF-8 byte of a multi-byte character
 * is never a quote, bracket or comma). Linear in the body and allocates nothing, so a body built to
 * make JSON.parse and the walks after it slow is refused at the cost of reading it once. Bytes that
 * are not JSON are left to the parser.
 */
export function jsonLimitBroken(body: Uint8Array, maxElements: number): 'depth' | 'elements' | null {
  let depth = 0;
  let elements = 0;
  let inString = false;
  let escaped = false;
  let justOpened = false;
  for (const byte of body) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c /* \ */) escaped = true;
      else if (byte === 0x22 /* " */) inString = false;
      continue;
    }
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue; // whitespace
    const closing = byte === 0x5d /* ] */ || byte === 0x7d; /* } */
    // A container's first element is the first thing after its bracket that does not close it.
    if (justOpened && !closing) elements++;
    justOpened = false;
    if (closing) depth--;
    else if (byte === 0x2c /* , */) elements++;
    else if (byte === 0x22) inString = true;
    else if (byte === 0x5b /* [ */ || byte === 0x7b /* { */) {
      if (++depth > MAX_BODY_DEPTH) return 'depth';
      justOpened = true;
    }
    if (elements > maxElements) return 'elements';
  }
  return null;
}

/**
 * Keys no request of this API has, that would otherwise slip past the validation pipe: class-transformer
 * drops `constructor` and the whitelist cannot tell `hasOwnProperty` or `prototype` from the object's
 * own machinery, so such a field would be silently ignored instead of refused as unknown.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** The path of the first reserved key in a parsed body, or null. */
function reservedKeyIn(body: unknown): string | null {
  const pending: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (value === null || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (!Array.isArray(value) && RESERVED_KEYS.has(key)) return childPath;
      pending.push({ value: child, path: childPath });
    }
  }
  return null;
}

function limitBroken(limit: 'depth' | 'elements', maxElements: number): ProblemException {
  return limit === 'depth'
    ? new ProblemException({
        status: 400,
        title: 'Bad Request',
        code: 'TooDeeplyNested',
        detail: `The request body nests deeper than ${MAX_BODY_DEPTH} levels of arrays and objects; no request of this API does. Nothing was recorded.`,
      })
    : new ProblemException({
        status: 413,
        title: 'Content Too Large',
        code: 'TooManyElements',
        detail: `The request body holds more than ${maxElements} array elements and object members (LEDGER_BODY_MAX_ELEMENTS); send a smaller request. Nothing was recorded.`,
      });
}

function badRequest(code: string, detail: string, field?: string): ProblemException {
  return new ProblemException({
    status: 400,
    title: 'Bad Request',
    code,
    detail,
    ...(field === undefined
      ? {}
      : {
          errors: [
            { field, rule: 'unknownField', message: `${field} is not a field of this request; remove it.` },
          ],
        }),
  });
}

/**
 * JSON bodies are first held to their depth and element limits (jsonLimitBroken), then must be UTF-8
 * (RFC 8259 §8.1). The stock parser decodes with replacement, so bytes that
 * are not UTF-8 would silently become U+FFFD in the recorded text; here they are refused with 400 and
 * nothing is recorded. Parsing itself stays Fastify's (prototype-poisoning keys are refused), and keys
 * named like the object machinery are refused as unknown fields.
 */
export function useStrictJsonParser(
  app: NestFastifyApplication,
  { bodyLimit, bodyMaxElements }: Pick<LedgerConfig, 'bodyLimit' | 'bodyMaxElements'>,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  app.useBodyParser<Server>('application/json', { bodyLimit }, (request, body, done) => {
    const broken = jsonLimitBroken(body, bodyMaxElements);
    if (broken !== null) {
      done(limitBroken(broken, bodyMaxElements), undefined);
      return;
    }
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      done(
        badRequest(
          'InvalidUtf8',
          'The request body is not valid UTF-8; send JSON encoded as UTF-8. Nothing was recorded.',
        ),
        undefined,
      );
      return;
    }
    void parse(request, text, (error, parsed) => {
      const reserved = error === null ? reservedKeyIn(parsed) : null;
      if (reserved === null) done(error, parsed);
      else
        done(
          badRequest(
            'ValidationFailed',
            'The request does not meet the rules listed in errors[]; nothing was recorded.',
            reserved,
          ),
          undefined,
        );
    });
  });
}
