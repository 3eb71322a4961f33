import { LedgerError, MalformedNoteError, NoteError, UnknownNoteKeyError } from '../ledger.errors';
import {
  type Checkpoint,
  keyId,
  type NoteSigner,
  type NoteVerifier,
  openCheckpoint,
  openNote,
  parseVerifierKey,
  signNote,
  verifierKeyOf,
} from './signed-note';

/**
 * Signing-key rotation. A rotation statement is a signed note in the checkpoint's
 * note format whose text names the log, the tree size from which the new key signs, when, the key it
 * retires and the key that takes over:
 *
 *   <origin>\nkey rotation\n<size>\n<RFC 3339 instant>\n<previous verifier key>\n<next verifier key>\n
 *
 * It is signed by the previous key (what makes it a handover rather than a claim) and by the next key
 * (proof that whoever rotated holds it). Six lines, so it never parses as a checkpoint (three lines).
 *
 * Periods in tree sizes: the first key signs sizes from 0; a key introduced at size N signs sizes ≥ N,
 * and the key it retires signs sizes ≤ N (both may sign the size N itself: the old key's last
 * checkpoint is usually of the size it hands over at).
 */

const ROTATION_LINE = 'key rotation';
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

export interface KeyRotation {
  /** The keys' name, which both keys carry (this server also writes it as its checkpoints' origin). */
  origin: string;
  /** The first tree size the next key signs (the previous key's last). */
  size: bigint;
  /** When the rotation was made (RFC 3339, UTC). */
  rotatedAt: string;
  previousKey: string;
  nextKey: string;
}

/** The text of a rotation statement (see above); throws MalformedNoteError for bad fields. */
export function formatRotationStatement(rotation: KeyRotation): string {
  if (!INSTANT.test(rotation.rotatedAt)) throw new MalformedNoteError('rotatedAt is an RFC 3339 UTC instant');
  if (rotation.size < 0n) throw new MalformedNoteError('the size is a tree size (0, 1, 2 …)');
  return (
    [
      rotation.origin,
      ROTATION_LINE,
      rotation.size.toString(),
      rotation.rotatedAt,
      rotation.previousKey,
      rotation.nextKey,
    ].join('\n') + '\n'
  );
}

/** Parses a rotation statement's text strictly (both keys must parse and be named after the origin). */
export function parseRotationStatement(text: string): KeyRotation {
  if (!text.endsWith('\n')) throw new MalformedNoteError('a rotation statement ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin = '', marker, sizeText = '', rotatedAt = '', previousKey = '', nextKey = ''] = lines;
  if (lines.length !== 6 || marker !== ROTATION_LINE) {
    throw new MalformedNoteError(
      'a rotation statement has 6 lines: origin, "key rotation", size, instant, previous key, next key',
    );
  }
  if (!DECIMAL.test(sizeText))
    throw new MalformedNoteError(`the size ${JSON.stringify(sizeText)} is not a decimal number`);
  if (!INSTANT.test(rotatedAt)) throw new MalformedNoteError('the instant is not an RFC 3339 UTC instant');
  for (const key of [previousKey, nextKey]) {
    if (parseVerifierKey(key).name !== origin) {
      throw new MalformedNoteError(`the key ${key} is not named after the log ${origin}`);
    }
  }
  if (previousKey === nextKey) throw new MalformedNoteError('the next key is the previous key');
  return { origin, size: BigInt(sizeText), rotatedAt, previousKey, nextKey };
}

/** The rotation statement handing over from `previous` to `next` at a tree size, signed by both. */
export function signRotationStatement(
  previous: NoteSigner,
  next: NoteSigner,
  size: bigint,
  rotatedAt: string,
): string {
  if (previous.name !== next.name) {
    throw new MalformedNoteError(`the next key is named ${next.name}, the log's keys ${previous.name}`);
  }
  const text = formatRotationStatement({
    origin: previous.name,
    size,
    rotatedAt,
    previousKey: verifierKeyOf(previous),
    nextKey: verifierKeyOf(next),
  });
  // The previous key signs first; the next key's line is added to the same text.
  const byPrevious = signNote(text, previous);
  const byNext = signNote(text, next);
  return byPrevious + byNext.slice(text.length + 1);
}

/** One key of a chain and the tree sizes it signs: from `fromSize` to `toSize` (null: still current). */
export interface KeyPeriod {
  verifierKey: string;
  verifier: NoteVerifier;
  fromSize: bigint;
  toSize: bigint | null;
  /** The statement that introduced the key (null for the first key). */
  rotation: KeyRotation | null;
}

const periodText = (period: KeyPeriod): string =>
  `tree sizes ${period.fromSize.toString()}–${period.toSize === null ? '(current)' : period.toSize.toString()}`;

/** A checkpoint opened with the key chain, or why not. */
export type ChainedCheckpoint =
  | { ok: true; checkpoint: Checkpoint; key: KeyPeriod }
  | { ok: false; error: NoteError }
  | { ok: false; outOfPeriod: string };

/**
 * The keys a log has signed with, each with its period, every rotation checked. Built only by
 * verifyKeyChain (or singleKey), so holding one means the chain was verified from its first key.
 */
export class KeyChain {
  private constructor(readonly periods: readonly KeyPeriod[]) {}

  /** A chain of one key (no rotation): every size is signed by it. */
  static single(verifierKey: string | NoteVerifier): KeyChain {
    const verifier = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
    return new KeyChain([
      { verifierKey: verifierKeyOf(verifier), verifier, fromSize: 0n, toSize: null, rotation: null },
    ]);
  }

  /** See verifyKeyChain. */
  static verify(
    firstKey: string | NoteVerifier,
    statements: readonly (string | Uint8Array)[],
  ): KeyChainReport {
    const first = KeyChain.single(firstKey).current;
    const periods: KeyPeriod[] = [first];
    for (const [i, statement] of statements.entries()) {
      const checked = checkRotation(statement, first, periods);
      if (typeof checked === 'string')
        return { ok: false, index: i + 1, problem: `rotation statement ${i + 1}: ${checked}` };
      const previous = periods.at(-1) ?? first;
      periods[periods.length - 1] = { ...previous, toSize: checked.rotation?.size ?? null };
      periods.push(checked);
    }
    return { ok: true, chain: new KeyChain(periods) };
  }

  get current(): KeyPeriod {
    const last = this.periods.at(-1);
    if (last === undefined) throw new Error('a key chain has at least one key');
    return last;
  }

  /** The keys valid at a tree size (two at a rotation's size), newest first. */
  keysAt(size: bigint): KeyPeriod[] {
    return this.periods
      .filter((p) => p.fromSize <= size && (p.toSize === null || size <= p.toSize))
      .reverse();
  }

  /**
   * Opens a checkpoint with the key valid at its size. A note signed only by a key of the chain whose
   * period does not hold that size is refused (`outOfPeriod` says which key and which period); a
   * note no key of the chain signed gives the note error of the current key (or of the only key).
   */
  openCheckpoint(note: string | Uint8Array): ChainedCheckpoint {
    let firstError: NoteError | null = null;
    const signedOutside: { key: KeyPeriod; size: bigint }[] = [];
    for (const key of [...this.periods].reverse()) {
      let checkpoint: Checkpoint;
      try {
        checkpoint = openCheckpoint(note, key.verifier);
      } catch (error) {
        if (!(error instanceof NoteError)) throw error;
        // A bad signature or a malformed note says more than "not signed by this other key".
        if (firstError === null || firstError instanceof UnknownNoteKeyError) firstError = error;
        continue;
      }
      if (this.keysAt(checkpoint.size).includes(key)) return { ok: true, checkpoint, key };
      signedOutside.push({ key, size: checkpoint.size });
    }
    const outside = signedOutside[0];
    if (outside !== undefined) {
      const valid = this.keysAt(outside.size)
        .map((p) => keyId(p.verifier.name, p.verifier.keyHash))
        .join(' or ');
      return {
        ok: false,
        outOfPeriod:
          `the checkpoint of size ${outside.size.toString()} is signed by ${keyId(outside.key.verifier.name, outside.key.verifier.keyHash)}, ` +
          `whose period is ${periodText(outside.key)}` +
          (outside.key.toSize !== null && outside.size > outside.key.toSize
            ? ` (retired by the rotation at size ${outside.key.toSize.toString()})`
            : '') +
          `; the key valid at size ${outside.size.toString()} is ${valid}`,
      };
    }
    if (firstError === null) throw new Error('a key chain has at least one key');
    if (this.periods.length > 1 && firstError instanceof UnknownNoteKeyError) {
      return {
        ok: false,
        error: new UnknownNoteKeyError(
          this.periods.map((p) => keyId(p.verifier.name, p.verifier.keyHash)).join(' or '),
          firstError.found,
        ),
      };
    }
    return { ok: false, error: firstError };
  }
}

export type KeyChainReport = { ok: true; chain: KeyChain } | { ok: false; index: number; problem: string };

/**
 * Verifies a chain of keys from its first key (pinned out of band, or the first of a published
 * history): every rotation statement must be signed by the key it retires and by the key it
 * introduces, name the same log, hand over from the key before it, and not go back in tree size.
 * `index` of a failure counts the statements from 1.
 */
export function verifyKeyChain(
  firstKey: string | NoteVerifier,
  statements: readonly (string | Uint8Array)[],
): KeyChainReport {
  return KeyChain.verify(firstKey, statements);
}

/** The period a rotation statement opens, or what is wrong with it. */
function checkRotation(
  statement: string | Uint8Array,
  first: KeyPeriod,
  periods: readonly KeyPeriod[],
): KeyPeriod | string {
  const previous = periods.at(-1) ?? first;
  const previousId = keyId(previous.verifier.name, previous.verifier.keyHash);
  let text: string;
  try {
    text = openNote(statement, previous.verifier).text;
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    return error instanceof UnknownNoteKeyError
      ? `not signed by the key it retires, ${previousId}` +
          (error.found.length === 0 ? '' : ` (signed by ${error.found.join(', ')})`) +
          ': a rotation is valid only when the retiring key hands over'
      : error.message;
  }
  let rotation: KeyRotation;
  try {
    rotation = parseRotationStatement(text);
  } catch (error) {
    if (error instanceof LedgerError) return error.message;
    throw error;
  }
  if (rotation.previousKey !== previous.verifierKey) {
    return `it retires ${rotation.previousKey}, but the key before it is ${previous.verifierKey}`;
  }
  if (rotation.origin !== first.verifier.name) {
    return `it is for the log ${rotation.origin}, the chain's is ${first.verifier.name}`;
  }
  if (rotation.size < previous.fromSize) {
    return `it hands over at size ${rotation.size.toString()}, before the retiring key's first size ${previous.fromSize.toString()}`;
  }
  if (periods.some((p) => p.verifierKey === rotation.nextKey)) {
    return `it brings back ${rotation.nextKey}, a key already used`;
  }
  const next = parseVerifierKey(rotation.nextKey);
  try {
    openNote(statement, next);
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    return `not signed by the key it introduces, ${keyId(next.name, next.keyHash)}: ${error.message}`;
  }
  return { verifierKey: rotation.nextKey, verifier: next, fromSize: rotation.size, toSize: null, rotation };
}

/** A key as a history lists it (GET /ledger/verifier-keys): the rotation statement is what counts. */
export interface PublishedKey {
  verifierKey: string;
  /** First tree size, when the history states it: it must be the statement's. */
  fromSize?: bigint;
  rotationStatement: string | null;
}

/**
 * Verifies a published key history: its first key (which must be `pinnedFirstKey` when the verifier
 * holds one from before) introduced by no statement, every later key by a statement the chain
 * verifies, and each listed key and first size the statement's own.
 */
export function verifyKeyHistory(keys: readonly PublishedKey[], pinnedFirstKey?: string): KeyChainReport {
  const [first, ...later] = keys;
  if (first === undefined) return { ok: false, index: 0, problem: 'the key history lists no key' };
  if (first.rotationStatement !== null) {
    return {
      ok: false,
      index: 0,
      problem: 'the first key of the history is introduced by no rotation statement',
    };
  }
  if (pinnedFirstKey !== undefined && first.verifierKey !== pinnedFirstKey) {
    return {
      ok: false,
      index: 0,
      problem: `the key history starts with ${first.verifierKey}, not with the key you hold, ${pinnedFirstKey}`,
    };
  }
  const statements: string[] = [];
  for (const [i, key] of later.entries()) {
    if (key.rotationStatement === null) {
      return { ok: false, index: i + 1, problem: `key ${i + 2} of the history has no rotation statement` };
    }
    statements.push(key.rotationStatement);
  }
  const report = verifyKeyChain(first.verifierKey, statements);
  if (!report.ok) return report;
  for (const [i, period] of report.chain.periods.entries()) {
    const listed = keys[i];
    if (listed === undefined) break;
    if (
      listed.verifierKey !== period.verifierKey ||
      (listed.fromSize !== undefined && listed.fromSize !== period.fromSize)
    ) {
      return {
        ok: false,
        index: i,
        problem: `key ${i + 1} of the history is listed as ${listed.verifierKey} from size ${listed.fromSize?.toString() ?? '?'}, its rotation statement says ${period.verifierKey} from size ${period.fromSize.toString()}`,
      };
    }
  }
  return report;
}
