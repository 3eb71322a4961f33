import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemException } from './problem';
import { answeredBeforeItsBody } from './server-options';

/** The codings named by a Content-Encoding or Transfer-Encoding header, lower-cased, in order. */
function codings(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '');
}

/**
 * Why a request's body cannot be read as sent: a transfer coding besides chunked, or a content coding
 * (gzip, br …). Node's parser takes the chunks of `Transfer-Encoding: gzip, chunked` and hands on the
 * gzip bytes as the body, and nothing here undoes a content coding: either body would be parsed as
 * if it were plain JSON.
 */
function unreadableCoding(request: FastifyRequest): ProblemException | null {
  const transfer = codings(request.headers['transfer-encoding']);
  if (transfer.some((coding) => coding !== 'chunked')) {
    // RFC 9112 §6.1: a server that receives a transfer coding it does not understand SHOULD answer
    // 501 (Not Implemented). (Chunked must come last, or Node has already refused the request 400.)
    return new ProblemException({
      status: 501,
      title: 'Not Implemented',
      code: 'UnsupportedTransferCoding',
      detail: `The body was sent with Transfer-Encoding: ${transfer.join(', ')}; this server understands only chunked. Send the body with Content-Length or Transfer-Encoding: chunked alone. Nothing was recorded.`,
    });
  }
  const content = codings(request.headers['content-encoding']).filter((coding) => coding !== 'identity');
  if (content.length > 0) {
    // RFC 9110 §15.5.16 and §8.4.1: a content coding the server does not take is a 415; Accept-Encoding
    // says which it takes (none but identity).
    return new ProblemException({
      status: 415,
      title: 'Unsupported Media Type',
      code: 'UnsupportedContentEncoding',
      detail: `The body was sent with Content-Encoding: ${content.join(', ')}; this server takes request bodies without a content coding. Send the JSON uncompressed, without Content-Encoding. Nothing was recorded.`,
    });
  }
  return null;
}

/** Whether a request carries a body (RFC 9112 §6.3: Transfer-Encoding, or a Content-Length above 0). */
function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Writes take JSON only, sent as it is: a body with a content or transfer coding this server does not
 * decode is refused (415, 501) before it is read, and any body other than JSON with 415 before it
 * reaches validation.
 */
export function requireJsonBodies(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    const refusal = hasBody(request) ? unreadableCoding(request) : null;
    if (refusal === null) {
      done(null, payload);
      return;
    }
    answeredBeforeItsBody(request.raw);
    if (refusal.problem.status === 415) void reply.header('accept-encoding', 'identity');
    done(refusal);
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const contentType = request.headers['content-type'];
    if (
      request.body !== undefined &&
      contentType !== undefined &&
      !/^application\/json\b/i.test(contentType)
    ) {
      done(
        new ProblemException({
          status: 415,
          title: 'Unsupported Media Type',
          code: 'UnsupportedMediaType',
          detail: `The body was sent as ${contentType}; send it as application/json.`,
        }),
      );
      return;
    }
    done();
  });
}
