import {
  canonicalEventBytes,
  computeEventHash,
  hashedPositionOf,
  type RecordedEvent,
} from '@kyoyaku/event-store';
import { BadNoteSignatureError, MalformedNoteError, NoteError, UnknownNoteKeyError } from '../ledger.errors';
import { leafHash } from '../merkle/merkle-hash';
import { MerkleFrontier } from '../merkle/merkle-tree';
import { KeyChain } from '../note/key-rotation';
import { type Checkpoint, type NoteVerifier } from '../note/signed-note';
import { parseExportLine } from './export-format';

/**
 * The offline verifier of an export (DESIGN.md §9): it trusts nothing in the export but the
 * verifier key it is given, and needs no access to the ledger.
 */

export interface VerifyExportOptions {
  /**
   * The log's verifier key (`<name>+<hash>+<base64>`), obtained out of band; or, for a log that
   * rotated its key, the verified chain of its keys (verifyKeyChain): each checkpoint must then be
   * signed by the key valid at its size.
   */
  verifierKey: string | NoteVerifier | KeyChain;
  /** A signed checkpoint kept from earlier (by an auditor, a member municipality…). */
  olderCheckpoint?: string | Uint8Array;
  /**
   * More checkpoints signed earlier (the server's own record of what it signed): each is checked
   * like olderCheckpoint, smallest size first; the first that fails is reported.
   */
  olderCheckpoints?: readonly (string | Uint8Array)[];
  /** When given, both checkpoints must name this origin. */
  origin?: string;
}

export type VerificationProblemKind =
  | 'malformed-line'
  | 'corrupt-event'
  | 'position-gap'
  | 'position-order'
  | 'hash-mismatch'
  | 'revision-gap'
  | 'prev-hash-mismatch'
  | 'missing-checkpoint'
  | 'checkpoint-malformed'
  | 'checkpoint-unknown-key'
  | 'checkpoint-bad-signature'
  | 'checkpoint-key-period'
  | 'checkpoint-origin'
  | 'checkpoint-size'
  | 'checkpoint-root'
  | 'older-checkpoint-malformed'
  | 'older-checkpoint-unknown-key'
  | 'older-checkpoint-bad-signature'
  | 'older-checkpoint-key-period'
  | 'older-checkpoint-origin'
  | 'older-checkpoint-size'
  | 'older-checkpoint-root';

export interface VerificationSuccess {
  ok: true;
  /** Events verified (= the checkpoint's size), withheld ones included. */
  events: bigint;
  /**
   * Events withheld from the reader (stubs): each is in the tree by its leaf hash, so the root and
   * the older checkpoint are checked over them, but neither its hash nor its stream's chain is.
   */
  withheld: bigint;
  /** Distinct streams. */
  streams: number;
  /** The recomputed Merkle root (= the checkpoint's). */
  root: Buffer;
  checkpoint: Checkpoint;
  olderCheckpoint: Checkpoint | null;
}

export interface VerificationFailure {
  ok: false;
  kind: VerificationProblemKind;
  /**
   * The first bad position: the event's (for a missing or misplaced event, the position expected
   * there; for a checkpoint of another size, the first position it does not match). Null when the
   * problem is the checkpoint as a whole (signature, root): a root cannot say which event differs.
   */
  position: bigint | null;
  /** 1-based line of the export, when a line is at fault. */
  line: number | null;
  /** What is wrong, starting with the problem's name: `hash mismatch: …`. */
  problem: string;
  /** Events verified before the problem (all of them for a checkpoint problem). */
  events: bigint;
  streams: number;
  /** The recomputed root of all events, once all were read; null for a problem among the events. */
  root: Buffer | null;
}

export type VerificationReport = VerificationSuccess | VerificationFailure;

interface StreamHead {
  revision: bigint;
  hash: string;
}

type Problem = { kind: VerificationProblemKind; position: bigint | null; problem: string };

/**
 * Checks the place of the `number`-th line of the export (its leaf index + 1), an event or a withheld
 * event's stub, against the position before it; null when it is good.
 *
 * Positions: every event's position follows the previous one's. A position its hash covers (the
 * position itself, or `hashedPosition`) is the one a gap-free store gave it, so it must be the
 * event's number; 0 means the hash covers no position (EventStoreDB, whose positions have gaps and
 * are learnt only after the write): there the Merkle tree alone fixes the order.
 */
function checkPosition(
  at: { position: bigint; hashedPosition?: bigint },
  number: bigint,
  previousPosition: bigint | null,
): Problem | null {
  if (at.hashedPosition === undefined && at.position !== number) {
    return {
      kind: 'position-gap',
      position: number,
      problem:
        `position gap: expected position ${number}, the line holds position ${at.position} ` +
        (at.position > number
          ? '(an event is missing or out of order)'
          : '(an event is repeated or out of order)'),
    };
  }
  if (previousPosition !== null && at.position <= previousPosition) {
    return {
      kind: 'position-order',
      position: at.position,
      problem: `position order: position ${at.position} follows position ${previousPosition} (an event is repeated or out of order)`,
    };
  }
  const hashed = hashedPositionOf(at);
  if (hashed !== 0n && hashed !== number) {
    return {
      kind: 'position-gap',
      position: at.position,
      problem:
        `position gap: the hash covers position ${hashed}, but this is event ${number} of the export ` +
        '(an event is missing, repeated or out of order)',
    };
  }
  return null;
}

/** Checks one event: its place, its hash, and its stream's chain (the head before it); null when good. */
function checkEvent(
  event: RecordedEvent,
  number: bigint,
  previousPosition: bigint | null,
  head: StreamHead | undefined,
): Problem | null {
  const misplaced = checkPosition(event, number, previousPosition);
  if (misplaced !== null) return misplaced;
  const expected = event.position;
  let computed: string;
  try {
    computed = computeEventHash(event);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      kind: 'hash-mismatch',
      position: expected,
      problem: `hash mismatch: no canonical form (${reason})`,
    };
  }
  if (computed !== event.hash) {
    return {
      kind: 'hash-mismatch',
      position: expected,
      problem: `hash mismatch: the content hashes to ${computed}, the event says ${event.hash}`,
    };
  }
  const revision = head === undefined ? 0n : head.revision + 1n;
  if (event.revision !== revision) {
    return {
      kind: 'revision-gap',
      position: expected,
      problem: `revision gap: stream ${event.streamId} expects revision ${revision}, found ${event.revision}`,
    };
  }
  const prevHash = head === undefined ? null : head.hash;
  if (event.prevHash !== prevHash) {
    return {
      kind: 'prev-hash-mismatch',
      position: expected,
      problem:
        prevHash === null
          ? `prevHash mismatch: revision 0 of stream ${event.streamId} must have prevHash null`
          : `prevHash mismatch: stream ${event.streamId} revision ${event.revision} must name ${prevHash}, ` +
            `the hash of revision ${revision - 1n}`,
    };
  }
  return null;
}

function noteProblem(error: NoteError, older: boolean): Problem {
  const which = older ? 'older checkpoint' : 'checkpoint';
  const kind: VerificationProblemKind =
    error instanceof UnknownNoteKeyError
      ? older
        ? 'older-checkpoint-unknown-key'
        : 'checkpoint-unknown-key'
      : error instanceof BadNoteSignatureError
        ? older
          ? 'older-checkpoint-bad-signature'
          : 'checkpoint-bad-signature'
        : older
          ? 'older-checkpoint-malformed'
          : 'checkpoint-malformed';
  const label =
    error instanceof MalformedNoteError
      ? 'malformed'
      : error instanceof UnknownNoteKeyError
        ? 'unknown key'
        : 'bad signature';
  return { kind, position: null, problem: `${which} ${label}: ${error.message}` };
}

/**
 * Opens a checkpoint note with the key valid at its size, turning note errors (and a key used
 * outside its period) into a problem; other errors propagate.
 */
function open(note: string | Uint8Array, keys: KeyChain, older: boolean): Checkpoint | Problem {
  const opened = keys.openCheckpoint(note);
  if (opened.ok) return opened.checkpoint;
  if ('error' in opened) return noteProblem(opened.error, older);
  return {
    kind: older ? 'older-checkpoint-key-period' : 'checkpoint-key-period',
    position: null,
    problem: `${older ? 'older checkpoint' : 'checkpoint'} key period: ${opened.outOfPeriod}`,
  };
}

const isProblem = (value: Checkpoint | Problem): value is Problem => 'problem' in value;

/**
 * Verifies an export offline. In order: positions contiguous from 1 (increasing, where the hashes
 * cover no position: an EventStoreDB ledger — see checkEvent); a withheld event's stub takes its
 * place in the tree by its leaf hash (its content, hash and chain stay unchecked); every event's hash
 * (recomputed with @kyoyaku/event-store); every stream's chain (revisions from 0, prevHash = the
 * stream's previous hash, null at revision 0); then, over the Merkle tree of the events' canonical
 * bytes, the checkpoint's signature, its size (= the number of events) and its root; then, if
 * given, the older checkpoint's signature and its root against the recomputed root at its size.
 * Stops at the first problem and names it. Lines may be any iterable, e.g. readline over a file;
 * empty lines are skipped. Throws only for a malformed verifier key (configuration, not export).
 */
export async function verifyExport(
  lines: Iterable<string> | AsyncIterable<string>,
  options: VerifyExportOptions,
): Promise<VerificationReport> {
  const verifier =
    options.verifierKey instanceof KeyChain ? options.verifierKey : KeyChain.single(options.verifierKey);
  // The frontier only (at most 64 hashes): the memory of a pass over the whole ledger must not grow
  // with it. The older checkpoints' roots are taken as the pass reaches their sizes.
  const tree = new MerkleFrontier();
  const olderNotes = [
    ...(options.olderCheckpoint === undefined ? [] : [options.olderCheckpoint]),
    ...(options.olderCheckpoints ?? []),
  ];
  const olderOpened = olderNotes.map((olderNote) => open(olderNote, verifier, true));
  const rootsAt = new Map<bigint, Buffer | null>();
  for (const opened of olderOpened) if (!isProblem(opened)) rootsAt.set(opened.size, null);
  const append = (hash: Uint8Array): void => {
    tree.appendLeafHash(hash);
    if (rootsAt.has(tree.size)) rootsAt.set(tree.size, tree.root());
  };
  if (rootsAt.has(0n)) rootsAt.set(0n, tree.root());
  const heads = new Map<string, StreamHead>();
  const failure = (problem: Problem, line: number | null, root: Buffer | null): VerificationFailure => ({
    ok: false,
    ...problem,
    line,
    events: tree.size,
    streams: heads.size,
    root,
  });

  let lineNumber = 0;
  let note: string | null = null;
  let previousPosition: bigint | null = null;
  let withheld = 0n;
  for await (const raw of lines) {
    lineNumber++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') continue;
    const expected = tree.size + 1n;
    if (note !== null) {
      const problem = 'malformed line: nothing may follow the checkpoint line';
      return failure({ kind: 'malformed-line', position: null, problem }, lineNumber, null);
    }
    const parsed = parseExportLine(text);
    if (parsed.kind === 'malformed') {
      const problem = `malformed line: ${parsed.reason}`;
      return failure({ kind: 'malformed-line', position: expected, problem }, lineNumber, null);
    }
    if (parsed.kind === 'checkpoint') {
      note = parsed.note;
      continue;
    }
    if (parsed.kind === 'corrupt') {
      const problem = `corrupt event: the exporter could not read the stored event (${parsed.problem})`;
      return failure({ kind: 'corrupt-event', position: parsed.position, problem }, lineNumber, null);
    }
    if (parsed.kind === 'withheld') {
      const problem = checkPosition(parsed.stub, expected, previousPosition);
      if (problem !== null) return failure(problem, lineNumber, null);
      append(parsed.stub.leafHash);
      previousPosition = parsed.stub.position;
      withheld++;
      continue;
    }
    const event = parsed.event;
    const problem = checkEvent(event, expected, previousPosition, heads.get(event.streamId));
    if (problem !== null) return failure(problem, lineNumber, null);
    append(leafHash(canonicalEventBytes(event)));
    heads.set(event.streamId, { revision: event.revision, hash: event.hash });
    previousPosition = event.position;
  }

  const root = tree.root();
  if (note === null) {
    const problem = 'missing checkpoint: the export must end with {"checkpoint": "<signed note>"}';
    return failure({ kind: 'missing-checkpoint', position: null, problem }, null, root);
  }
  const checkpoint = open(note, verifier, false);
  if (isProblem(checkpoint)) return failure(checkpoint, null, root);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    const problem = `checkpoint origin: ${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(options.origin)}`;
    return failure({ kind: 'checkpoint-origin', position: null, problem }, null, root);
  }
  if (checkpoint.size !== tree.size) {
    const problem =
      checkpoint.size > tree.size
        ? `checkpoint size: the checkpoint covers ${checkpoint.size} events, the export holds only ` +
          `${tree.size} (events from position ${tree.size + 1n} on are missing)`
        : `checkpoint size: the export holds ${tree.size} events, the checkpoint covers only ` +
          `${checkpoint.size} (events from position ${checkpoint.size + 1n} on are not signed)`;
    const position = (checkpoint.size < tree.size ? checkpoint.size : tree.size) + 1n;
    return failure({ kind: 'checkpoint-size', position, problem }, null, root);
  }

  // The older checkpoint is judged after the newer one, but judged first so that a root mismatch
  // of the newer can say which part of the log the older one still vouches for.
  let older: Checkpoint | null = null;
  let olderProblem: Problem | null = null;
  for (const opened of olderOpened) {
    if (olderProblem !== null) break;
    const olderRoot = isProblem(opened) ? null : (rootsAt.get(opened.size) ?? null);
    if (isProblem(opened)) {
      olderProblem = opened;
    } else if (opened.origin !== checkpoint.origin) {
      olderProblem = {
        kind: 'older-checkpoint-origin',
        position: null,
        problem: `older checkpoint origin: ${JSON.stringify(opened.origin)} is not ${JSON.stringify(checkpoint.origin)}`,
      };
    } else if (opened.size > tree.size) {
      olderProblem = {
        kind: 'older-checkpoint-size',
        position: tree.size + 1n,
        problem:
          `older checkpoint size: it covers ${opened.size} events, the export only ${tree.size}: ` +
          'the log lost events it had signed',
      };
    } else if (olderRoot === null || !olderRoot.equals(opened.root)) {
      olderProblem = {
        kind: 'older-checkpoint-root',
        position: null,
        problem:
          `older checkpoint root: the first ${opened.size} events hash to ${olderRoot?.toString('base64') ?? '(none)'}, ` +
          `the older checkpoint signed ${opened.root.toString('base64')}: history up to position ${opened.size} was rewritten`,
      };
    } else if (older === null || opened.size > older.size) {
      // The largest size that matches bounds where a root mismatch of the newer one lies.
      older = opened;
    }
  }

  if (!root.equals(checkpoint.root)) {
    const scope =
      older !== null && older.size > 0n
        ? ` (the first ${older.size} events match the older checkpoint: the change lies after position ${older.size})`
        : '';
    const problem =
      `checkpoint root: the ${tree.size} events hash to ${root.toString('base64')}, ` +
      `the checkpoint signed ${checkpoint.root.toString('base64')}${scope}`;
    return failure({ kind: 'checkpoint-root', position: null, problem }, null, root);
  }
  if (olderProblem !== null) return failure(olderProblem, null, root);
  return {
    ok: true,
    events: tree.size,
    withheld,
    streams: heads.size,
    root,
    checkpoint,
    olderCheckpoint: older,
  };
}
