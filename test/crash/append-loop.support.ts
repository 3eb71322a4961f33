import { openSync, writeSync } from 'node:fs';
import type { AppendResult, NewEvent } from '@kyoyaku/event-store';

/** Shared by the append-loop children of the crash tests: the acks they write, the events they append. */

/** One acknowledged event, a JSON line of the ack file (stream, revision, position, hash, id). */
export interface Ack {
  s: string;
  r: string;
  p: string;
  h: string;
  id: string;
}

/**
 * Opens the ack file for appending; the function returned acknowledges an answered append, one
 * line per event. A SIGKILL ends the process, not the kernel, so lines already written survive
 * without an fsync.
 */
export function ackWriter(ackFile: string): (result: AppendResult) => void {
  const acks = openSync(ackFile, 'a');
  return (result) => {
    const lines = result.events.map((e) =>
      JSON.stringify({
        s: e.streamId,
        r: e.revision.toString(),
        p: e.position.toString(),
        h: e.hash,
        id: e.eventId,
      } satisfies Ack),
    );
    writeSync(acks, `${lines.join('\n')}\n`);
  };
}

/**
 * The events of the round's appends: `count` events of one append, each knowing its append and
 * index, so torn or doubled appends show.
 */
export function crashEvents(round: string): (count: number, big?: boolean) => NewEvent[] {
  let appendNumber = 0;
  return (count, big = false) => {
    const append = `${round}-${appendNumber++}`;
    return Array.from({ length: count }, (_, index) => ({
      type: 'CrashTested',
      schemaVersion: 1,
      data: { append, index, count, text: big ? '協約'.repeat(40_000) : '神\uFA19か\u3099' },
      metadata: { actor: { id: 'crash-test', role: 'system' }, correlationId: append, source: 'cli' },
    }));
  };
}
