import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { ProblemException } from './problem';

/**
 * Keys no request of this API has, that would otherwise slip past the validation pipe: class-transformer
 * drops `constructor` and the whitelist cannot tell `hasOwnProperty` or `prototype` from the object's
 * own machinery, so such a field would be silently ignored instead of refused as unknown.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** The path of the first reserved key in a parsed body, or null. Iterative: depth is not bounded yet. */
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
 * JSON bodies must be UTF-8 (RFC 8259 §8.1). The stock parser decodes with replacement, so bytes that
 * are not UTF-8 would silently become U+FFFD in the recorded text; here they are refused with 400 and
 * nothing is recorded. Parsing itself stays Fastify's (prototype-poisoning keys are refused), and keys
 * named like the object machinery are refused as unknown fields.
 */
export function useStrictJsonParser(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parse = fastify.getDefaultJsonParser('error', 'error');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  app.useBodyParser<Server>('application/json', { bodyLimit }, (request, body, done) => {
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
