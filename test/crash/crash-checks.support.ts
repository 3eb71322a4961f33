import { type EventStore, type RecordedEvent, verifyEvent, verifyStreamChain } from '@kyoyaku/event-store';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import type { Ack } from './append-loop.support';

/** Shared by the crash tests of every store: the appending child, its acks, and the checks after a crash. */

/** The repository root: the children run there. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** node -e script: the transpiled .ts hook, then the given append loop of this folder (see ts-register.hook.ts). */
export function childScript(childFile: string): string {
  const hook = ts.transpileModule(readFileSync(join(__dirname, 'ts-register.hook.ts'), 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
  return `${hook}\nregisterTypeScript(${JSON.stringify(REPO_ROOT)});\nrequire(${JSON.stringify(
    join(__dirname, childFile),
  )});\n`;
}

export function readAcks(ackFile: string): Ack[] {
  if (!existsSync(ackFile)) return [];
  const lines = readFileSync(ackFile, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const acks: Ack[] = [];
  lines.forEach((line, i) => {
    try {
      acks.push(JSON.parse(line) as Ack);
    } catch (error) {
      // Only the very last line can be torn by the kill (a write cut short).
      if (i !== lines.length - 1) throw error;
    }
  });
  return acks;
}

export async function readEverything(store: Pick<EventStore, 'readAll'>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: BigInt(all.length), limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

/**
 * What must hold for the events after any crash: positions 1..head without a gap; every
 * acknowledged event there unchanged; every event verifies and every stream is an unbroken chain
 * from revision 0; every append whole, written once, consecutive in its stream.
 */
export function expectIntactEvents(all: readonly RecordedEvent[], acks: readonly Ack[]): void {
  expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i + 1)));
  for (const ack of acks) {
    const event = all[Number(ack.p) - 1];
    expect({
      s: event?.streamId,
      r: event?.revision.toString(),
      h: event?.hash,
      id: event?.eventId,
    }).toEqual({
      s: ack.s,
      r: ack.r,
      h: ack.h,
      id: ack.id,
    });
  }
  expect(all.filter((e) => !verifyEvent(e)).map((e) => e.position)).toEqual([]);
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of all) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  for (const [streamId, events] of streams) {
    expect({ streamId, chain: verifyStreamChain(events) }).toEqual({ streamId, chain: { ok: true } });
  }
  const appends = new Map<string, RecordedEvent[]>();
  for (const event of all) {
    const key = JSON.stringify(event.data.append);
    appends.set(key, [...(appends.get(key) ?? []), event]);
  }
  for (const [append, events] of appends) {
    // Whole (not torn) and once (a retried append is not written twice).
    expect({ append, count: events.length }).toEqual({ append, count: events[0]?.data.count });
    expect(events.map((e) => e.data.index)).toEqual(events.map((_, i) => i));
    expect(events.map((e) => e.revision - (events[0]?.revision ?? 0n))).toEqual(
      events.map((_, i) => BigInt(i)),
    );
  }
}
