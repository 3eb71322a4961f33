/**
 * Typed errors of the ledger library. `code` is stable and safe to show to API clients (the API maps
 * MerkleRange to 400/422, a note error to 422, MissingMerkleNode to 500: storage is damaged).
 */
export abstract class LedgerError extends Error {
  abstract readonly code: string;
}

/** A proof or root was asked for an impossible range: index ≥ size, oldSize > newSize, negative. */
export class MerkleRangeError extends LedgerError {
  readonly code = 'MerkleRange';
  constructor(readonly detail: string) {
    super(`impossible Merkle tree range: ${detail}`);
    this.name = 'MerkleRangeError';
  }
}

/** A MerkleNodeReader lacks a node that a complete tree of the asked size must have. */
export class MissingMerkleNodeError extends LedgerError {
  readonly code = 'MissingMerkleNode';
  constructor(
    readonly level: number,
    readonly index: bigint,
  ) {
    super(`the Merkle node at level ${level}, index ${index.toString()} is not stored`);
    this.name = 'MissingMerkleNodeError';
  }
}

/** A signer or verifier key string that does not parse, or a key name that is not allowed. */
export class MalformedKeyError extends LedgerError {
  readonly code = 'MalformedKey';
  constructor(readonly detail: string) {
    super(`malformed note key: ${detail}`);
    this.name = 'MalformedKeyError';
  }
}

/** Why a signed note (a checkpoint) was refused; one subclass per cause. */
export abstract class NoteError extends LedgerError {}

/** The note's text, signature lines or checkpoint body do not follow the format. */
export class MalformedNoteError extends NoteError {
  readonly code = 'MalformedNote';
  constructor(readonly detail: string) {
    super(`malformed signed note: ${detail}`);
    this.name = 'MalformedNoteError';
  }
}

/** No signature line of the note names the verifier's key (name and key hash). */
export class UnknownNoteKeyError extends NoteError {
  readonly code = 'UnknownNoteKey';
  constructor(
    /** The expected key, `<name>+<hash hex>`. */
    readonly expected: string,
    /** The keys that did sign, `<name>+<hash hex>` each. */
    readonly found: readonly string[],
  ) {
    super(
      `the note is not signed by ${expected}` +
        (found.length === 0 ? '' : ` (signed by ${found.join(', ')})`),
    );
    this.name = 'UnknownNoteKeyError';
  }
}

/** A signature line names the verifier's key but its signature does not verify over the text. */
export class BadNoteSignatureError extends NoteError {
  readonly code = 'BadNoteSignature';
  constructor(readonly key: string) {
    super(`invalid signature for key ${key}`);
    this.name = 'BadNoteSignatureError';
  }
}
