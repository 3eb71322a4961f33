/**
 * Child process of the PostgreSQL crash tests: appends through the PostgresEventStore (with the
 * Merkle log in the same transactions), forever, until the parent SIGKILLs it. Each append is
 * acknowledged (one JSON line per event in the ack file) only after its promise resolved, i.e.
 * after COMMIT.
 *
 * Every append carries its own idempotency key. When the server goes away (the restart test),
 * an append fails with StoreUnavailable — possibly after the server committed it, if the
 * connection broke during COMMIT — and is retried with the same key until the server answers:
 * the retry is then either written once or answered from the first write, never duplicated.
 */
import {
  type AppendOptions,
  type AppendResult,
  type NewEvent,
  PostgresEventStore,
  StoreUnavailableError,
} from '@kyoyaku/event-store';
import { PostgresMerkleLog } from '@kyoyaku/ledger';
import { ackWriter, crashEvents } from './append-loop.support';

const url = process.env.CRASH_PG_URL ?? '';
const schema = process.env.CRASH_PG_SCHEMA ?? 'public';
const ackFile = process.env.CRASH_ACK_FILE ?? '';
const round = process.env.CRASH_ROUND ?? '0';
const STREAMS = Array.from({ length: 6 }, (_, i) => `crash-${i}`);

const acknowledge = ackWriter(ackFile);
const events = crashEvents(round);
let retries = 0;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  let store: PostgresEventStore | null = null;
  while (store === null) {
    try {
      store = await PostgresEventStore.open({
        connectionString: url,
        schema,
        participants: [new PostgresMerkleLog()],
        connectionTimeoutMs: 2000,
      });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      await sleep(100);
    }
  }
  const opened = store;
  const revisions = new Map<string, bigint | null>();
  for (const stream of STREAMS) revisions.set(stream, await opened.streamRevision(stream));
  const expected = (stream: string): bigint | 'no_stream' => revisions.get(stream) ?? 'no_stream';

  /** One append, retried with its key while the server is away; acknowledged once answered. */
  const append = async (stream: string, batch: NewEvent[], options: AppendOptions): Promise<AppendResult> => {
    for (;;) {
      try {
        const result = await opened.append(stream, batch, options);
        revisions.set(result.streamId, result.nextExpectedRevision);
        acknowledge(result);
        return result;
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        retries++;
        await sleep(50);
      }
    }
  };
  const key = (n: number, part: string): string => `crash-${round}-${n}-${part}`;

  process.stdout.write('ready\n');
  setInterval(() => process.stdout.write(`retries ${retries}\n`), 500).unref();
  for (let n = 0; ; n++) {
    const stream = STREAMS[n % STREAMS.length] ?? 'crash-0';
    switch (n % 3) {
      case 0:
        // One append at a time, sometimes large.
        await append(stream, events(1 + (n % 3), n % 20 === 0), {
          expectedRevision: expected(stream),
          idempotencyKey: key(n, 'single'),
        });
        break;
      case 1:
        // Concurrent appends on every stream: one group commit.
        await Promise.all(
          STREAMS.map((s) =>
            append(s, events(2), { expectedRevision: expected(s), idempotencyKey: key(n, s) }),
          ),
        );
        break;
      default: {
        // An idempotent append and its immediate retry (in the same group commit).
        const batch = events(2);
        const options = { expectedRevision: expected(stream), idempotencyKey: key(n, 'pair') };
        const [first, retry] = await Promise.all([
          append(stream, batch, options),
          append(stream, batch, options),
        ]);
        if (retry.position !== first.position)
          throw new Error('the retry was not answered from the first append');
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
