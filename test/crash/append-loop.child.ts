/**
 * Child process of the crash test: appends through the SqliteEventStore, forever, until the
 * parent SIGKILLs it. Each append is acknowledged (one JSON line per event in the ack file) only
 * after its promise resolved, i.e. after its commit. A SIGKILL ends the process, not the kernel,
 * so lines already written to the file survive without an fsync.
 */
import { type AppendResult, SqliteEventStore } from '@kyoyaku/event-store';
import { ackWriter, crashEvents } from './append-loop.support';

const file = process.env.CRASH_DB_FILE ?? '';
const ackFile = process.env.CRASH_ACK_FILE ?? '';
const round = process.env.CRASH_ROUND ?? '0';
const STREAMS = Array.from({ length: 6 }, (_, i) => `crash-${i}`);

const acknowledge = ackWriter(ackFile);
const events = crashEvents(round);

async function main(): Promise<void> {
  const store = SqliteEventStore.open({ file });
  const revisions = new Map<string, bigint | null>();
  for (const stream of STREAMS) revisions.set(stream, await store.streamRevision(stream));
  const expected = (stream: string): bigint | 'no_stream' => revisions.get(stream) ?? 'no_stream';
  const record = (result: AppendResult): void => {
    revisions.set(result.streamId, result.nextExpectedRevision);
    acknowledge(result);
  };
  process.stdout.write('ready\n');
  for (let n = 0; ; n++) {
    const stream = STREAMS[n % STREAMS.length] ?? 'crash-0';
    switch (n % 4) {
      case 0: {
        // One append at a time, sometimes large.
        record(
          await store.append(stream, events(1 + (n % 3), n % 20 === 0), {
            expectedRevision: expected(stream),
          }),
        );
        break;
      }
      case 1: {
        // Concurrent appends on every stream, plus a stale one that must be refused.
        const stale = expected(stream);
        const outcomes = await Promise.allSettled([
          ...STREAMS.map((s) => store.append(s, events(2), { expectedRevision: expected(s) })),
          store.append(stream, events(1), { expectedRevision: stale }),
        ]);
        for (const outcome of outcomes) if (outcome.status === 'fulfilled') record(outcome.value);
        if (outcomes.filter((o) => o.status === 'rejected').length !== 1)
          throw new Error('the stale append was not refused');
        break;
      }
      case 2: {
        // An idempotent append and its immediate retry (in the same group commit).
        const batch = events(2);
        const options = { expectedRevision: expected(stream), idempotencyKey: `key-${round}-${n}` };
        const [first, retry] = await Promise.all([
          store.append(stream, batch, options),
          store.append(stream, batch, options),
        ]);
        record(first);
        if (!retry.replayed || retry.position !== first.position)
          throw new Error('the retry was not a replay');
        break;
      }
      default: {
        // Appends awaited in turn within a tick burst.
        for (const s of STREAMS.slice(0, 3))
          record(await store.append(s, events(1), { expectedRevision: 'any' }));
      }
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `append loop failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(2);
});
