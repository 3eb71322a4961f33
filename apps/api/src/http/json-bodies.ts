import type { FastifyInstance } from 'fastify';
import { ProblemException } from './problem';

/** Writes take JSON only: any other body is refused with 415 before it reaches validation. */
export function requireJsonBodies(fastify: FastifyInstance): void {
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
