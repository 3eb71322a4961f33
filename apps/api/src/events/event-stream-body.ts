import { Logger } from '@nestjs/common';
import {
  CorruptEventError,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@kyoyaku/event-store';
import { Readable } from 'node:stream';
import { corruptEventProblem } from '../http/error-mapping';
import { STREAM_PAGE_EVENTS, turnTaker } from '../http/open-streams';

/** Bytes of messages a stream buffers before it waits for its client to read. */
const BUFFER_BYTES = 64 * 1024;

/** One server-sent event (`data` as JSON on one line: JSON.stringify escapes every line break). */
export function sseMessage(message: { id?: string; type?: string; data: unknown }): string {
  return (
    (message.type === undefined ? '' : `event: ${message.type}\n`) +
    (message.id === undefined ? '' : `id: ${message.id}\n`) +
    `data: ${JSON.stringify(message.data)}\n\n`
  );
}

/**
 * The body of GET /events/stream: the store's events after a position, as server-sent events, read
 * as the client reads them. The subscription awaits each message until the body has room again, so
 * a client that does not read stops the reading of the store (Node's back-pressure, through the pipe
 * to the response), and the stream holds one page of events at most.
 */
export class EventStreamBody extends Readable {
  private readonly subscription: Subscription;
  private onRoom: (() => void) | null = null;
  private stopped = false;

  constructor(store: EventStore, after: bigint, render: (event: RecordedEvent) => Promise<unknown>) {
    super({ highWaterMark: BUFFER_BYTES });
    // Sends the headers at once, so the client knows the stream is open before the first event.
    this.push('\n');
    const turn = turnTaker();
    this.subscription = store.subscribe({ after, batchSize: STREAM_PAGE_EVENTS }, async (event) => {
      const data = await render(event);
      await this.send(sseMessage({ id: event.position.toString(), data }));
      await turn();
    });
    this.subscription.done.catch((error: unknown) => {
      // The stream is open (200): its last message says which event could not be read.
      if (error instanceof CorruptEventError) {
        this.finish({ type: 'ledger-corrupted', data: corruptEventProblem(error) });
        return;
      }
      new Logger('EventStream').error(error);
      this.finish({
        type: 'error',
        data: { detail: 'The stream failed while reading the ledger; reconnect with Last-Event-ID.' },
      });
    });
  }

  /** Ends the stream, after a last message if one is given (a revoked token) or as is (shutdown). */
  finish(last?: { type: string; data: unknown }): void {
    if (this.stopped) return;
    this.stop();
    if (last !== undefined) this.push(sseMessage(last));
    this.push(null);
  }

  override _read(): void {
    this.wake();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stop();
    callback(error);
  }

  private async send(message: string): Promise<void> {
    if (this.stopped) return;
    if (!this.push(message)) await new Promise<void>((resolve) => (this.onRoom = resolve));
  }

  private stop(): void {
    this.stopped = true;
    // The handler waiting for room returns, so the subscription can end.
    this.wake();
    void this.subscription.stop();
  }

  private wake(): void {
    const resume = this.onRoom;
    this.onRoom = null;
    resume?.();
  }
}
