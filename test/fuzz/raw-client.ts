import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { FuzzRequest } from './request-generator';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** Largest answer kept (the export of a big ledger is not needed whole). */
const MAX_BODY = 4 * 1024 * 1024;

/**
 * Sends exactly the bytes of a generated request (node:http, not fetch: bodies that are not UTF-8,
 * request targets with broken percent-encoding). A server-sent event stream is cut after its headers.
 */
export function send(port: number, request: FuzzRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.target,
        agent,
        headers: {
          ...request.headers,
          ...(request.body === undefined ? {} : { 'content-length': String(request.body.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = (): void =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          res.destroy();
          req.destroy();
          done();
          return;
        }
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        res.on('end', done);
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

export function closeClient(): void {
  agent.destroy();
}
