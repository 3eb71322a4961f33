import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import { LEDGER_CONFIG, type LedgerConfig } from '@kyoyaku/runtime';
import { ProblemException } from './problem';
import { clientAddress } from './rate-limit';

/**
 * Events a stream or an export reads from the store at a time. Small: a stalled answer holds one
 * page, and a page read while fifty answers take turns lives long enough to reach V8's old space
 * when it is large (measured: 25 events a page let the server grow by 156 MB, 8 by 77 MB, in
 * test/ops/slow-readers.e2e-spec.ts). A page is one indexed read.
 */
export const STREAM_PAGE_EVENTS = 8;

/** What a refused client is asked to wait before trying again: a stream's slot frees when one ends. */
const STREAM_RETRY_AFTER_SECONDS = 30;

interface OpenStream {
  address: string;
  /** Ends the answer cleanly when the server closes (an event stream); absent: it runs to its end. */
  endOnServerClose: (() => void) | null;
}

/**
 * The long answers written as their clients read them (GET /events/stream, GET /ledger/export):
 * at most LEDGER_STREAMS_PER_ADDRESS per client address and LEDGER_STREAMS_TOTAL in all (more are
 * refused with 429), each closed when its client has not taken more for LEDGER_STREAM_WRITE_TIMEOUT_MS.
 * A slot is held until the connection closes, whatever closes it.
 */
@Injectable()
export class OpenStreams {
  private readonly streams = new Set<OpenStream>();
  private readonly perAddress = new Map<string, number>();
  private stalledCount = 0;

  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  /** Streams open now. */
  get count(): number {
    return this.streams.size;
  }

  /** Streams closed because their client stopped reading. */
  get stalled(): number {
    return this.stalledCount;
  }

  /**
   * Takes a slot for the answer of this request, or throws the 429 problem. Call it after the request
   * was checked (token, parameters) and before anything is read for it.
   */
  admit(request: FastifyRequest, reply: FastifyReply, endOnServerClose: (() => void) | null = null): void {
    const { perAddress, total, writeTimeoutMs } = this.config.streams;
    const address = clientAddress(request);
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (fromAddress >= perAddress || this.streams.size >= total) {
      void reply.header('retry-after', String(STREAM_RETRY_AFTER_SECONDS));
      const cap =
        fromAddress >= perAddress
          ? `${perAddress} open streams from this client address (LEDGER_STREAMS_PER_ADDRESS)`
          : `${total} open streams in all (LEDGER_STREAMS_TOTAL)`;
      throw new ProblemException({
        status: 429,
        title: 'Too Many Requests',
        code: 'TooManyStreams',
        detail:
          `This server keeps at most ${cap} for event streams and exports; ` +
          `retry after ${STREAM_RETRY_AFTER_SECONDS} s, or once one of your streams has ended.`,
      });
    }
    const stream: OpenStream = { address, endOnServerClose };
    this.streams.add(stream);
    this.perAddress.set(address, fromAddress + 1);

    const response = reply.raw;
    const stopWatching = this.closeWhenStalled(response, writeTimeoutMs);
    response.once('close', () => {
      stopWatching();
      this.streams.delete(stream);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left === 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
    });
  }

  /** The server is closing: event streams end (their clients resume with Last-Event-ID). */
  endAll(): void {
    for (const stream of this.streams) stream.endOnServerClose?.();
  }

  /**
   * Destroys the connection once its socket has not drained for `timeoutMs`: the client stopped
   * reading, and the answer would otherwise wait for it (and hold its slot) for good.
   */
  private closeWhenStalled(response: FastifyReply['raw'], timeoutMs: number): () => void {
    let stalledSince: number | null = null;
    const drained = (): void => {
      stalledSince = null;
    };
    response.on('drain', drained);
    const timer = setInterval(
      () => {
        if (!response.writableNeedDrain) {
          stalledSince = null;
          return;
        }
        const now = Date.now();
        stalledSince ??= now;
        if (now - stalledSince >= timeoutMs) {
          this.stalledCount++;
          response.destroy();
        }
      },
      Math.min(1000, Math.max(25, Math.floor(timeoutMs / 4))),
    );
    timer.unref();
    return () => {
      clearInterval(timer);
      response.removeListener('drain', drained);
    };
  }
}

/** Items a long answer writes between two turns of the event loop. */
const ITEMS_PER_TURN = 4;

/**
 * Returns a function to await after each item of a long answer: every ITEMS_PER_TURN items it waits
 * for the event loop's next turn. A client that reads fast would otherwise keep the loop in
 * microtasks (the store's reads resolve at once) and every other request waiting.
 */
export function turnTaker(): () => Promise<void> {
  let items = 0;
  return () => (++items % ITEMS_PER_TURN === 0 ? setImmediatePromise() : Promise.resolve());
}

/** Items of a long answer, taking turns with other requests (see turnTaker). */
export async function* takingTurns<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
  const turn = turnTaker();
  for await (const item of items) {
    yield item;
    await turn();
  }
}
