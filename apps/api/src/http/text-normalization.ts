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
 * Characters no text of a legal record holds: U+0000 (cuts strings short in C tools and some
 * databases) and the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), which make a text display in another order than it is stored (Trojan Source).
 */
// eslint-disable-next-line no-control-regex -- U+0000 is what this finds.
const FORBIDDEN_CHARACTER = /[\u0000\u202A-\u202E\u2066-\u2069]/u;

class ForbiddenCharacter extends Error {
  constructor(
    readonly field: string,
    readonly codePoint: string,
  ) {
    super(`${field} holds ${codePoint}`);
  }
}

const fieldPath = (parent: string, key: string | number): string =>
  parent === '' ? String(key) : `${parent}.${key}`;

/** Recursive: the JSON parser has refused bodies nested deeper than MAX_BODY_DEPTH. */
function normalizeDeep(value: unknown, changed: { count: number }, field = ''): unknown {
  if (typeof value === 'string') {
    const forbidden = FORBIDDEN_CHARACTER.exec(value)?.[0];
    if (forbidden !== undefined) {
      const codePoint = `U+${(forbidden.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      throw new ForbiddenCharacter(field === '' ? '(body)' : field, codePoint);
    }
    const normalized = normalizeText(value);
    if (normalized !== value) changed.count++;
    return normalized;
  }
  if (Array.isArray(value)) {
    return value.map((v, i) => normalizeDeep(v, changed, fieldPath(field, i)));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, normalizeDeep(v, changed, fieldPath(field, k))]),
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
        if (error instanceof ForbiddenCharacter) {
          done(
            new ProblemException({
              status: 400,
              title: 'Bad Request',
              code: 'ForbiddenCharacter',
              detail: `${error.field} holds ${error.codePoint}; text may not hold U+0000 or the bidirectional controls U+202A–U+202E and U+2066–U+2069 (they hide the order a text is stored in). Remove it.`,
              errors: [
                {
                  field: error.field,
                  rule: 'noControlOrBidiCharacters',
                  message: `${error.codePoint} is not allowed in text`,
                },
              ],
            }),
          );
          return;
        }
        throw error;
      }
      if (changed.count > 0)
        request.textNormalization = `${NORMALIZATION_NOTE}: ${changed.count} string(s) changed`;
    }
    done();
  });
}
