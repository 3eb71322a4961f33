import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemException } from './problem';

export type RequestWithNormalization = FastifyRequest & { textNormalization?: string };

/**
 * CJK compatibility ideographs (e.g. U+FA19 神) are distinct characters in municipal texts; NFC would
 * replace them with their unified forms (U+795E 神) and so change the text staff typed. They are kept.
 */
const COMPATIBILITY_IDEOGRAPHS = /([\uF900-\uFAFF\u{2F800}-\u{2FA1F}])/u;

/** NFC everywhere except inside compatibility ideographs. */
export function normalizeText(value: string): string {
  return value
    .split(COMPATIBILITY_IDEOGRAPHS)
    .map((part) => (COMPATIBILITY_IDEOGRAPHS.test(part) ? part : part.normalize('NFC')))
    .join('');
}

/**
 * No request of this API nests deeper than this (a document: articles → paragraphs → items →
 * sub-items is about a dozen levels). Deeper JSON is refused here, before anything recurses into it.
 */
export const MAX_BODY_DEPTH = 32;

class TooDeeplyNested extends Error {}

function normalizeDeep(value: unknown, changed: { count: number }, depth = 0): unknown {
  if (depth > MAX_BODY_DEPTH) throw new TooDeeplyNested();
  if (typeof value === 'string') {
    const normalized = normalizeText(value);
    if (normalized !== value) changed.count++;
    return normalized;
  }
  if (Array.isArray(value)) return value.map((v) => normalizeDeep(v, changed, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, normalizeDeep(v, changed, depth + 1)]),
    );
  }
  return value;
}

export const NORMALIZATION_NOTE = 'NFC (CJK compatibility ideographs kept)';

/**
 * Text is normalised once, here at the API boundary (DESIGN.md §4), before validation; the event's
 * metadata records that it was, and how many strings changed. Stored text is never normalised again.
 */
export function registerTextNormalization(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request: RequestWithNormalization, _reply, done) => {
    if (request.body !== null && typeof request.body === 'object') {
      const changed = { count: 0 };
      try {
        request.body = normalizeDeep(request.body, changed);
      } catch (error) {
        if (!(error instanceof TooDeeplyNested)) throw error;
        done(
          new ProblemException({
            status: 400,
            title: 'Bad Request',
            code: 'TooDeeplyNested',
            detail: `The request body nests deeper than ${MAX_BODY_DEPTH} levels; no request of this API does.`,
          }),
        );
        return;
      }
      if (changed.count > 0)
        request.textNormalization = `${NORMALIZATION_NOTE}: ${changed.count} string(s) changed`;
    }
    done();
  });
}
