import type { FastifyInstance, FastifyRequest } from 'fastify';

export type RequestWithNormalization = FastifyRequest & { textNormalization?: string };

/**
 * CJK compatibility ideographs (e.g. U+FA19 神) are distinct characters in municipal texts; NFC would
 * replace them with their unified forms (U+795E 神) and so change the text staff typed. They are kept.
 */
const COMPATIBILITY_IDEOGRAPHS = /([\uF900-\uFAFF]|\uD87E[\uDC00-\uDE1F])/u;

/** NFC everywhere except inside compatibility ideographs. */
export function normalizeText(value: string): string {
  return value
    .split(COMPATIBILITY_IDEOGRAPHS)
    .map((part) => (COMPATIBILITY_IDEOGRAPHS.test(part) ? part : part.normalize('NFC')))
    .join('');
}

function normalizeDeep(value: unknown, changed: { count: number }): unknown {
  if (typeof value === 'string') {
    const normalized = normalizeText(value);
    if (normalized !== value) changed.count++;
    return normalized;
  }
  if (Array.isArray(value)) return value.map((v) => normalizeDeep(v, changed));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeDeep(v, changed)]));
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
      request.body = normalizeDeep(request.body, changed);
      if (changed.count > 0)
        request.textNormalization = `${NORMALIZATION_NOTE}: ${changed.count} string(s) changed`;
    }
    done();
  });
}
