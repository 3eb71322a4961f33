import type { FastifyReply } from 'fastify';

/** One media range of an Accept header (`text/plain`, `text/*`, or any type at all), with its quality. */
interface MediaRange {
  type: string;
  subtype: string;
  quality: number;
  /** Where the client listed it: of two ranges of the same quality, the earlier is preferred. */
  order: number;
}

/** The media ranges of an Accept header (RFC 9110 §12.5.1); a range it cannot read is left out. */
function mediaRanges(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  accept.split(',').forEach((element, order) => {
    const [range = '', ...parameters] = element.split(';');
    const [type, subtype, ...rest] = range.trim().toLowerCase().split('/');
    if (type === undefined || subtype === undefined || type === '' || subtype === '' || rest.length > 0)
      return;
    let quality = 1;
    for (const parameter of parameters) {
      const [name = '', value = ''] = parameter.split('=').map((s) => s.trim());
      // A weight is 0 to 1 with at most three decimals; one not written so is not honoured.
      if (name.toLowerCase() === 'q' && /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value))
        quality = Number(value);
    }
    ranges.push({ type, subtype, quality, order });
  });
  return ranges;
}

/**
 * The quality the client gives a media type: that of the most specific range that matches it
 * (`text/plain` before `text/*` before any type), with where that range stands in the header; none when
 * no range matches.
 */
function weigh(mediaType: string, ranges: readonly MediaRange[]): { quality: number; order: number } | null {
  const [type, subtype] = mediaType.toLowerCase().split('/');
  let best: { specificity: number; quality: number; order: number } | null = null;
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    if (specificity < 0 || (best !== null && specificity <= best.specificity)) continue;
    best = { specificity, quality: range.quality, order: range.order };
  }
  return best;
}

/**
 * The representation a route offers that the client's Accept weighs highest (RFC 9110 §12.5.1):
 * quality values count, `q=0` means "not this one", and of equal weights the type the client listed
 * first wins, then the fallback, then the route's order. The fallback too when the client sends no
 * Accept or accepts none of the offered types: an answer in the route's usual type then says more
 * than a 406 would.
 */
export function preferredType<T extends string>(
  accept: string | undefined,
  offered: readonly T[],
  fallback: T,
): T {
  if (accept === undefined) return fallback;
  const ranges = mediaRanges(accept);
  let best: { type: T; quality: number; order: number; rank: number } | null = null;
  for (const [index, type] of offered.entries()) {
    const weight = weigh(type, ranges);
    if (weight === null || weight.quality === 0) continue;
    const rank = type === fallback ? -1 : index;
    const better =
      best === null ||
      weight.quality > best.quality ||
      (weight.quality === best.quality &&
        (weight.order < best.order || (weight.order === best.order && rank < best.rank)));
    if (better) best = { type, quality: weight.quality, order: weight.order, rank };
  }
  return best?.type ?? fallback;
}

/**
 * preferredType for an answer: the answer then varies with Accept, and says so to caches
 * (`Vary: Accept`, RFC 9110 §12.5.5), beside what an earlier hook put there (CORS's Origin).
 */
export function negotiate<T extends string>(
  reply: FastifyReply,
  accept: string | undefined,
  offered: readonly T[],
  fallback: T,
): T {
  const vary = String(reply.getHeader('vary') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (!vary.some((name) => name === '*' || name.toLowerCase() === 'accept')) {
    void reply.header('vary', [...vary, 'Accept'].join(', '));
  }
  return preferredType(accept, offered, fallback);
}
