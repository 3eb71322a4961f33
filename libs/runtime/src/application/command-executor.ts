import { Logger } from '@nestjs/common';
import type { DomainEvent } from '@kyoyaku/domain';
import {
  type AppendResult,
  type EventStore,
  IdempotencyKeyReusedError,
  type JsonObject,
  type NewEvent,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@kyoyaku/event-store';
import { BoundedMap, type Projector, type ReadModelSource } from '@kyoyaku/projections';
import type { CommandContext, CommandResult } from './command-context';
import type { Aggregate, Snapshot } from './aggregates';

/** Conflicts without If-Match are retried on fresh state this many times before answering 409. */
const MAX_ATTEMPTS = 3;

/** Streams whose last fold is kept (the ones being written now). */
const KEPT_FOLDS = 256;

interface KeptFold {
  /** The aggregate that folded it (a stream is always the same one; checked anyway). */
  aggregate: unknown;
  revision: bigint;
  /** Hash of the event at `revision`. */
  hash: string;
  state: unknown;
}

/**
 * The one way a command is carried out (DESIGN.md §3): read the stream → decide → append with the
 * expected revision → wait for the projections (read-your-writes). Business rules stay in `decide`.
 */
export class CommandExecutor {
  private readonly logger = new Logger('CommandExecutor');
  /** The last fold of recently written streams (load). */
  private readonly folds = new BoundedMap<string, KeptFold>(KEPT_FOLDS);

  constructor(
    private readonly store: EventStore,
    private readonly projector: Projector,
    /** The bounded wait for read-your-writes. */
    private readonly projectionWaitMs: number,
    /** Where a stream not kept starts its fold: the aggregate's latest snapshot there (load). */
    private readonly readModels?: ReadModelSource,
  ) {}

  async execute<C, E extends DomainEvent, S>(
    streamId: string,
    aggregate: Aggregate<C, E, S>,
    command: C,
    context: CommandContext,
  ): Promise<CommandResult> {
    // A retry whose first attempt was recorded (its answer lost with the process, say) is answered
    // from the events, not decided again: deciding again would refuse it (the record exists now).
    const recorded = await this.recorded(context);
    if (recorded !== null) {
      return {
        ...resultOf(recorded),
        projected: await this.projectedUpTo(recorded.position, recorded.streamId),
        replayed: true,
      };
    }
    const idempotencyKey = scopedKey(context);
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(streamId, aggregate);
      if (context.expectedRevision !== undefined && context.expectedRevision !== revision) {
        throw preconditionFailed(revision);
      }
      const events = aggregate.decider.decide(command, state);
      try {
        const result = await this.store.append(
          streamId,
          events.map((event) => this.toNewEvent(event, context, idempotencyKey)),
          {
            expectedRevision: revision ?? 'no_stream',
            ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
          },
        );
        const last = result.events.at(-1);
        if (!result.replayed && last !== undefined && last.streamId === streamId) {
          // What was just appended, folded on: the next command on the stream reads nothing again.
          const next = result.events.reduce<S>(
            (s, e) => aggregate.decider.evolve(s, aggregate.upcast(e)),
            state,
          );
          this.folds.set(streamId, { aggregate, revision: last.revision, hash: last.hash, state: next });
        }
        return {
          ...resultOf(result),
          projected: await this.projectedUpTo(result.position, streamId),
          // A duplicate racing the first attempt: the store answered it from that attempt's events.
          ...(result.replayed ? { replayed: true as const } : {}),
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (context.expectedRevision !== undefined) throw preconditionFailed(error.actual);
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The append recorded under the context's Idempotency-Key by an earlier attempt of the same
   * request, or null. Throws IdempotencyKeyReused when the key was recorded for another request.
   * Events recorded before requests were fingerprinted carry no digest: such a key is decided again,
   * as it was then (the store still refuses other events under it).
   */
  async recorded(context: CommandContext): Promise<AppendResult | null> {
    const key = scopedKey(context);
    if (key === undefined || context.requestDigest === undefined) return null;
    const first = await this.store.findIdempotentAppend(key);
    const digest = first?.events[0]?.metadata.requestDigest;
    if (first === null || digest === undefined) return null;
    if (digest !== context.requestDigest) throw new IdempotencyKeyReusedError(key);
    return first;
  }

  /**
   * What a command would record, decided on the stream as it stands, with nothing appended: a preview
   * answers with the same refusals the command itself would give.
   */
  async decideOnly<C, E extends DomainEvent, S>(
    streamId: string,
    aggregate: Aggregate<C, E, S>,
    command: C,
  ): Promise<E[]> {
    const { state } = await this.load(streamId, aggregate);
    return aggregate.decider.decide(command, state);
  }

  /**
   * Read-your-writes, within the bounded wait. The events are stored by now: if the read models
   * cannot take them (their storage failing), the write still succeeded — it is answered with
   * `projected: false` and the projector applies it on a later run — and the failure is logged.
   */
  private async projectedUpTo(position: bigint, streamId: string): Promise<boolean> {
    try {
      return await this.projector.waitFor(position, this.projectionWaitMs);
    } catch (error) {
      const stack = (error as { stack?: unknown } | null)?.stack;
      this.logger.warn(
        `${streamId} was recorded up to position ${position.toString()}, but the read models could not ` +
          `take it yet: ${typeof stack === 'string' ? stack : String(error)}`,
      );
      return false;
    }
  }

  /**
   * Folds a stream into the decider's state; revision null when the stream does not exist yet. The
   * fold starts from the last fold kept of the stream or, for a stream not kept (a process start, or
   * evicted), from the aggregate's latest snapshot in the read models: the stream is read from that
   * fold's last event on, and the fold is taken only when that event's hash is still the one folded
   * (the hash binds the whole stream before it), so only the events recorded since are folded; a
   * hash that differs (read models of another ledger, a snapshot tampered with) reads the whole
   * stream. A fold that is stale by then (another writer appended meanwhile) costs what it always
   * did: the append's expected revision refuses it and the next attempt reads again.
   */
  async load<C, E extends DomainEvent, S>(
    streamId: string,
    aggregate: Aggregate<C, E, S>,
  ): Promise<{ state: S; revision: bigint | null }> {
    const { decider, upcast } = aggregate;
    const kept = this.folds.get(streamId);
    const start =
      kept !== undefined && kept.aggregate === aggregate
        ? { revision: kept.revision, hash: kept.hash, state: kept.state as S }
        : this.snapshot(streamId, aggregate);
    try {
      let state = decider.initialState();
      let recorded = [];
      let from: Snapshot<S> | null = null;
      if (start !== null) {
        recorded = await this.store.readStream(streamId, { fromRevision: start.revision });
        if (recorded[0]?.hash === start.hash) {
          from = start;
          state = start.state;
          recorded = recorded.slice(1);
        } else {
          recorded = await this.store.readStream(streamId);
        }
      } else {
        recorded = await this.store.readStream(streamId);
      }
      state = recorded.reduce<S>((s, event) => decider.evolve(s, upcast(event)), state);
      const last = recorded.at(-1) ?? from;
      if (last === null) return { state, revision: null };
      this.folds.set(streamId, { aggregate, revision: last.revision, hash: last.hash, state });
      return { state, revision: last.revision };
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { state: decider.initialState(), revision: null };
      throw error;
    }
  }

  /** The aggregate's latest snapshot of the stream in the read models, unchecked; null if none. */
  private snapshot<C, E extends DomainEvent, S>(
    streamId: string,
    aggregate: Aggregate<C, E, S>,
  ): Snapshot<S> | null {
    if (this.readModels === undefined || aggregate.snapshot === undefined) return null;
    try {
      return aggregate.snapshot(this.readModels.reader(), streamId);
    } catch (error) {
      // Only a shortcut: read models that cannot answer cost the whole stream's read, not the write.
      this.logger.warn(
        `${streamId}: no snapshot from the read models, the whole stream is read: ${String(error)}`,
      );
      return null;
    }
  }

  private toNewEvent(
    event: DomainEvent,
    context: CommandContext,
    idempotencyKey: string | undefined,
  ): NewEvent {
    return {
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data as JsonObject,
      metadata: {
        actor: context.actor,
        correlationId: context.correlationId,
        source: context.source,
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        ...(idempotencyKey === undefined || context.requestDigest === undefined
          ? {}
          : { requestDigest: context.requestDigest }),
        ...(context.normalization === undefined ? {} : { normalization: context.normalization }),
        ...(context.illustrative === true ? { illustrative: true } : {}),
      },
    };
  }
}

/** Keys are scoped to the caller, as the HTTP layer scopes its replay records. */
function scopedKey(context: CommandContext): string | undefined {
  return context.idempotencyKey === undefined ? undefined : `${context.actor.id}:${context.idempotencyKey}`;
}

/** Where an append's events landed, as a command answers it. */
function resultOf(append: AppendResult): Omit<CommandResult, 'projected'> {
  return {
    streamId: append.streamId,
    revision: append.nextExpectedRevision.toString(),
    position: append.position.toString(),
    eventIds: append.events.map((e) => e.eventId),
  };
}

/** If-Match named another revision than the stream's current one (HTTP 412). */
export class RevisionMismatchError extends Error {
  override readonly name = 'RevisionMismatchError';
  constructor(readonly currentRevision: bigint | null) {
    super(
      `If-Match does not match the record's current revision (${currentRevision === null ? 'none' : currentRevision.toString()}); read it again and retry.`,
    );
  }
}

function preconditionFailed(current: bigint | null): RevisionMismatchError {
  return new RevisionMismatchError(current);
}
