import {
  canonicalEventBytes,
  computeEventHash,
  hashedPositionOf,
  type RecordedEvent,
} from '@kyoyaku/event-store';
import { decodeBase64Strict } from '../encoding';
import { leafHash } from '../merkle/merkle-hash';
import { checkConsistency, checkInclusion } from '../merkle/merkle-tree';
import { KeyChain } from '../note/key-rotation';
import { type Checkpoint, type NoteVerifier } from '../note/signed-note';
import { type ExportedEvent, parseExportedEvent } from './export-format';

/**
 * Verifiers of single proofs against signed checkpoints: an event cited in a dispute dossier with
 * its inclusion proof, and a newer checkpoint against one kept from earlier. Like verifyExport they
 * report problems instead of throwing (MalformedKeyError aside: a bad key is configuration).
 */

/** A proof element: the 32 bytes, or their standard base64 as in JSON. */
export type ProofElement = Uint8Array | string;

export type ProofProblemKind = 'event-malformed' | 'hash-mismatch' | 'checkpoint' | 'proof';

export type InclusionReport =
  | { ok: true; checkpoint: Checkpoint; leafIndex: bigint; leafHash: Buffer }
  | { ok: false; kind: ProofProblemKind; problem: string };

export type ConsistencyReport =
  { ok: true; older: Checkpoint; newer: Checkpoint } | { ok: false; kind: ProofProblemKind; problem: string };

type Failure = { ok: false; kind: ProofProblemKind; problem: string };
const failure = (kind: ProofProblemKind, problem: string): Failure => ({ ok: false, kind, problem });

function decodeProof(proof: readonly ProofElement[]): Buffer[] | Failure {
  if (!Array.isArray(proof)) return failure('proof', 'the proof is not an array');
  const decoded: Buffer[] = [];
  for (const [i, element] of proof.entries()) {
    const bytes =
      typeof element === 'string'
        ? decodeBase64Strict(element)
        : element instanceof Uint8Array
          ? Buffer.from(element)
          : null;
    if (bytes === null) return failure('proof', `proof element ${i} is not base64 bytes`);
    decoded.push(bytes);
  }
  return decoded;
}

/** The key, or (a log that rotated its key) the verified chain whose key valid at the size must have signed. */
export type CheckpointKeys = string | NoteVerifier | KeyChain;

const chainOf = (keys: CheckpointKeys): KeyChain => (keys instanceof KeyChain ? keys : KeyChain.single(keys));

function openOrFail(note: string | Uint8Array, keys: KeyChain, which: string): Checkpoint | Failure {
  const opened = keys.openCheckpoint(note);
  if (opened.ok) return opened.checkpoint;
  if ('error' in opened) return failure('checkpoint', `${which}: ${opened.error.message}`);
  return failure('checkpoint', `${which}: ${opened.outOfPeriod}`);
}

const isFailure = (value: object): value is Failure => 'ok' in value && value.ok === false;

/**
 * Verifies that an event is the leaf at (position − 1) of the log whose signed checkpoint is
 * given: its hash is that of its content, the checkpoint is signed by the verifier key, the
 * position is within the checkpoint, and the inclusion proof leads to the signed root.
 *
 * The position is the one the hash covers (`hashedPosition` when present). An event whose hash
 * covers no position (0, on EventStoreDB) needs `leafIndex`, as the proof response gives it.
 */
export function verifyInclusionOfEvent(
  event: RecordedEvent | ExportedEvent,
  proof: readonly ProofElement[],
  checkpoint: string | Uint8Array,
  verifierKey: CheckpointKeys,
  options: { leafIndex?: bigint } = {},
): InclusionReport {
  const verifier = chainOf(verifierKey);
  let recorded: RecordedEvent;
  if (typeof event.position === 'bigint') {
    recorded = event as RecordedEvent;
  } else {
    const parsed = parseExportedEvent(event);
    if (!parsed.ok) return failure('event-malformed', `the event is malformed: ${parsed.reason}`);
    recorded = parsed.event;
  }
  let computed: string;
  try {
    computed = computeEventHash(recorded);
  } catch (error) {
    return failure('event-malformed', `the event has no canonical form: ${String(error)}`);
  }
  if (computed !== recorded.hash) {
    return failure('hash-mismatch', `the content hashes to ${computed}, the event says ${recorded.hash}`);
  }
  const signed = openOrFail(checkpoint, verifier, 'checkpoint');
  if (isFailure(signed)) return signed;
  const hashed = hashedPositionOf(recorded);
  if (hashed === 0n && options.leafIndex === undefined) {
    return failure('proof', 'the event’s hash covers no position (EventStoreDB): give its leaf index');
  }
  if (hashed !== 0n && options.leafIndex !== undefined && options.leafIndex !== hashed - 1n) {
    return failure('proof', `the event’s hash covers position ${hashed}, not leaf ${options.leafIndex}`);
  }
  const leafIndex = options.leafIndex ?? hashed - 1n;
  if (leafIndex < 0n || leafIndex >= signed.size) {
    return failure(
      'proof',
      `position ${recorded.position} is not within the checkpoint's ${signed.size} events`,
    );
  }
  const path = decodeProof(proof);
  if (isFailure(path)) return path;
  const leaf = leafHash(canonicalEventBytes(recorded));
  const check = checkInclusion(leaf, leafIndex, signed.size, path, signed.root);
  if (!check.ok) return failure('proof', `the inclusion proof fails: ${check.reason}`);
  return { ok: true, checkpoint: signed, leafIndex, leafHash: leaf };
}

/**
 * Verifies that a newer signed checkpoint extends an older one (same origin, consistency proof),
 * as an auditor holding the older checkpoint does before trusting the newer — across a key
 * rotation too, given the chain of keys (each checkpoint opened with the key valid at its size).
 */
export function verifyCheckpointConsistency(
  older: string | Uint8Array,
  newer: string | Uint8Array,
  proof: readonly ProofElement[],
  verifierKey: CheckpointKeys,
): ConsistencyReport {
  const verifier = chainOf(verifierKey);
  const a = openOrFail(older, verifier, 'older checkpoint');
  if (isFailure(a)) return a;
  const b = openOrFail(newer, verifier, 'newer checkpoint');
  if (isFailure(b)) return b;
  if (a.origin !== b.origin) {
    return failure('checkpoint', `the checkpoints name different logs: ${a.origin} and ${b.origin}`);
  }
  const path = decodeProof(proof);
  if (isFailure(path)) return path;
  const check = checkConsistency(a.size, b.size, path, a.root, b.root);
  if (!check.ok) return failure('proof', `the consistency proof fails: ${check.reason}`);
  return { ok: true, older: a, newer: b };
}
