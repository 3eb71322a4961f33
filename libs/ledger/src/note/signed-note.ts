import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import {
  BadNoteSignatureError,
  MalformedKeyError,
  MalformedNoteError,
  UnknownNoteKeyError,
} from '../ledger.errors';
import { decodeBase64Strict } from '../encoding';
import { HASH_SIZE } from '../merkle/merkle-hash';

/**
 * Signed notes and checkpoints as transparency logs write them (golang.org/x/mod/sumdb/note, C2SP
 * signed-note and tlog-checkpoint), with Ed25519 from node:crypto. Notes made here open with the Go
 * implementation and the other way round (the unit tests replay the Go package's own vectors).
 *
 *   note       = text "\n" 1*("— " name " " base64(keyHash[4] ‖ signature) "\n")
 *   checkpoint = text of exactly  origin "\n" size "\n" base64(root) "\n"
 */

/** An Ed25519 key (algorithm byte 0x01 in key encodings). */
const ALG_ED25519 = 0x01;
const ED25519_KEY_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
const SIGNATURE_PREFIX = '\u2014 '; // em dash and a space
const MAX_SIGNATURES = 100; // as the Go implementation: do not spend forever on a hostile note
const MAX_TREE_SIZE = 2n ** 64n - 1n; // checkpoints carry a uint64 size
/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface Checkpoint {
  /** Names the log (e.g. `kyoyaku.example.lg.jp/ledger`); one line, no control characters. */
  origin: string;
  /** Number of leaves (events) the root covers. */
  size: bigint;
  /** The RFC 9162 root of the first `size` leaves (32 bytes). */
  root: Buffer;
}

/** A parsed verifier key: `<name>+<8 hex of key hash>+<base64(0x01 ‖ public key)>`. */
export interface NoteVerifier {
  readonly name: string;
  /** First 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), big-endian. */
  readonly keyHash: number;
  /** The 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
  readonly key: KeyObject;
}

/** A parsed signer key: `PRIVATE+KEY+<name>+<8 hex of key hash>+<base64(0x01 ‖ 32-byte seed)>`. */
export interface NoteSigner {
  readonly name: string;
  readonly keyHash: number;
  readonly publicKey: Buffer;
  readonly privateKey: KeyObject;
}

/** A signature line of an opened note. */
export interface NoteSignature {
  name: string;
  keyHash: number;
  /** base64(keyHash ‖ signature), as written. */
  base64: string;
  /** True for the verifier's own signature(s), checked; false for others (e.g. witnesses). */
  verified: boolean;
}

export interface OpenedNote {
  /** The signed text (ends with a newline). */
  text: string;
  signatures: NoteSignature[];
}

// ---- encodings ---------------------------------------------------------------------------------

function base64Url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

const hex8 = (hash: number): string => hash.toString(16).padStart(8, '0');

/** `<name>+<8 hex>`: how keys are named in messages. */
export function keyId(name: string, keyHash: number): string {
  return `${name}+${hex8(keyHash)}`;
}

/**
 * A key name: non-empty, no whitespace, no '+' (the key encodings use '+' as separator), no
 * control character, well-formed Unicode.
 */
export function isValidKeyName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && !/[\s+\p{Cc}\p{Cs}]/u.test(name);
}

/** The key hash of an Ed25519 public key under a name (the 4-byte id in every signature line). */
export function noteKeyHash(name: string, publicKey: Uint8Array): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update('\n')
    .update(Buffer.of(ALG_ED25519))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

function rawPublicKey(key: KeyObject): Buffer {
  const x = key.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new MalformedKeyError('not an Ed25519 key');
  return Buffer.from(x, 'base64url');
}

function publicKeyObject(publicKey: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64Url(publicKey) }, format: 'jwk' });
}

function signerFromSeed(name: string, seed: Buffer): NoteSigner {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return { name, keyHash: noteKeyHash(name, publicKey), publicKey, privateKey };
}

/** `a+b+c` → [a, 'b+c'], as Go's strings.Cut; the base64 key material may itself contain '+'. */
function cut(text: string, separator: string): [string, string] | null {
  const at = text.indexOf(separator);
  return at < 0 ? null : [text.slice(0, at), text.slice(at + separator.length)];
}

/** name, key hash and algorithm-tagged key bytes of `<name>+<hash>+<base64>`. */
function parseKeyParts(key: string, what: string): { name: string; hash: number; keyBytes: Buffer } {
  const first = cut(key, '+');
  const second = first === null ? null : cut(first[1], '+');
  if (first === null || second === null) throw new MalformedKeyError(`${what} is not <name>+<hash>+<key>`);
  const [name] = first;
  const [hashHex, keyBase64] = second;
  if (!isValidKeyName(name)) throw new MalformedKeyError(`${what}: invalid key name ${JSON.stringify(name)}`);
  if (!/^[0-9a-f]{8}$/.test(hashHex))
    throw new MalformedKeyError(`${what}: the key hash is not 8 hex digits`);
  const keyBytes = decodeBase64Strict(keyBase64);
  if (keyBytes === null) throw new MalformedKeyError(`${what}: the key is not base64`);
  if (keyBytes[0] !== ALG_ED25519)
    throw new MalformedKeyError(`${what}: not an Ed25519 key (algorithm 0x01)`);
  if (keyBytes.length !== 1 + ED25519_KEY_SIZE) {
    throw new MalformedKeyError(`${what}: an Ed25519 key has ${ED25519_KEY_SIZE} bytes`);
  }
  return { name, hash: parseInt(hashHex, 16), keyBytes };
}

// ---- keys --------------------------------------------------------------------------------------

/** A new Ed25519 signer key string for `name` (keep it secret; publish verifierKeyOf(it)). */
export function generateSignerKey(name: string): string {
  if (!isValidKeyName(name)) throw new MalformedKeyError(`invalid key name ${JSON.stringify(name)}`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const d = privateKey.export({ format: 'jwk' }).d;
  if (typeof d !== 'string') throw new MalformedKeyError('the generated key has no seed');
  const seed = Buffer.from(d, 'base64url');
  const signer = signerFromSeed(name, seed);
  const keyBytes = Buffer.concat([Buffer.of(ALG_ED25519), seed]);
  return `PRIVATE+KEY+${keyId(signer.name, signer.keyHash)}+${keyBytes.toString('base64')}`;
}

/** Parses a signer key string; checks that its key hash matches the key it holds. */
export function parseSignerKey(key: string): NoteSigner {
  if (typeof key !== 'string' || !key.startsWith('PRIVATE+KEY+')) {
    throw new MalformedKeyError('a signer key starts with PRIVATE+KEY+');
  }
  const { name, hash, keyBytes } = parseKeyParts(key.slice('PRIVATE+KEY+'.length), 'signer key');
  const signer = signerFromSeed(name, keyBytes.subarray(1));
  if (signer.keyHash !== hash) throw new MalformedKeyError('signer key: the key hash does not match the key');
  return signer;
}

/** Parses a verifier key string; checks that its key hash matches its name and public key. */
export function parseVerifierKey(key: string): NoteVerifier {
  if (typeof key !== 'string') throw new MalformedKeyError('a verifier key is a string');
  const { name, hash, keyBytes } = parseKeyParts(key, 'verifier key');
  const publicKey = Buffer.from(keyBytes.subarray(1));
  if (noteKeyHash(name, publicKey) !== hash) {
    throw new MalformedKeyError('verifier key: the key hash does not match the name and key');
  }
  let keyObject: KeyObject;
  try {
    keyObject = publicKeyObject(publicKey);
  } catch {
    throw new MalformedKeyError('verifier key: not a valid Ed25519 public key');
  }
  return { name, keyHash: hash, publicKey, key: keyObject };
}

/** The public verifier key string of a signer (what relying parties configure), or of a parsed verifier. */
export function verifierKeyOf(signer: string | Pick<NoteSigner, 'name' | 'keyHash' | 'publicKey'>): string {
  const parsed = typeof signer === 'string' ? parseSignerKey(signer) : signer;
  const keyBytes = Buffer.concat([Buffer.of(ALG_ED25519), parsed.publicKey]);
  return `${keyId(parsed.name, parsed.keyHash)}+${keyBytes.toString('base64')}`;
}

// ---- notes -------------------------------------------------------------------------------------

const hex4 = (code: number): string => code.toString(16).toUpperCase().padStart(4, '0');

/** The note text rule (as Go's note.Open): well-formed Unicode, no ASCII control but newline. */
function textProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return `it contains the control character U+${hex4(code)}`;
  }
  return /\p{Cs}/u.test(text) ? 'it is not well-formed Unicode (a lone surrogate)' : null;
}

/** Signs a note text (non-empty, ending with a newline) and returns the note. */
export function signNote(text: string, signer: string | NoteSigner): string {
  const parsed = typeof signer === 'string' ? parseSignerKey(signer) : signer;
  if (typeof text !== 'string' || !text.endsWith('\n')) {
    throw new MalformedNoteError('the text must end with a newline');
  }
  const problem = textProblem(text);
  if (problem !== null) throw new MalformedNoteError(`the text: ${problem}`);
  if (text.includes('\n\n')) throw new MalformedNoteError('the text must not contain a blank line');
  const signature = sign(null, Buffer.from(text, 'utf8'), parsed.privateKey);
  const hash = Buffer.alloc(4);
  hash.writeUInt32BE(parsed.keyHash);
  const blob = Buffer.concat([hash, signature]).toString('base64');
  return `${text}\n${SIGNATURE_PREFIX}${parsed.name} ${blob}\n`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Opens a signed note with one verifier key: the note must carry at least one signature line of
 * that key (name and key hash) and every such line must verify. Lines of other keys (witness
 * cosignatures) are returned unverified. Throws MalformedNoteError, UnknownNoteKeyError or
 * BadNoteSignatureError; MalformedKeyError for a bad key string.
 */
export function openNote(note: string | Uint8Array, verifierKey: string | NoteVerifier): OpenedNote {
  const verifier = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  let message: string;
  if (typeof note === 'string') {
    message = note;
  } else if (note instanceof Uint8Array) {
    try {
      message = utf8.decode(note);
    } catch {
      throw new MalformedNoteError('the note is not valid UTF-8');
    }
  } else {
    throw new MalformedNoteError('the note is not text');
  }
  const problem = textProblem(message);
  if (problem !== null) throw new MalformedNoteError(`the note: ${problem}`);
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new MalformedNoteError('no blank line before the signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) {
    throw new MalformedNoteError('the signature lines must end with a newline');
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new MalformedNoteError(`more than ${MAX_SIGNATURES} signatures`);

  const signatures: NoteSignature[] = [];
  const body = Buffer.from(text, 'utf8');
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw new MalformedNoteError(`a signature line must start with "${SIGNATURE_PREFIX}" (em dash, space)`);
    }
    const parts = cut(line.slice(SIGNATURE_PREFIX.length), ' ');
    if (parts === null) throw new MalformedNoteError('a signature line is "— <name> <base64>"');
    const [name, base64] = parts;
    const blob = decodeBase64Strict(base64);
    if (!isValidKeyName(name) || blob === null || blob.length < 5) {
      throw new MalformedNoteError(`bad signature line for ${JSON.stringify(name)}`);
    }
    const keyHash = blob.readUInt32BE(0);
    const mine = name === verifier.name && keyHash === verifier.keyHash;
    if (mine) {
      const signature = blob.subarray(4);
      const valid =
        signature.length === ED25519_SIGNATURE_SIZE && verify(null, body, verifier.key, signature);
      if (!valid) throw new BadNoteSignatureError(keyId(name, keyHash));
    }
    signatures.push({ name, keyHash, base64, verified: mine });
  }
  if (!signatures.some((s) => s.verified)) {
    throw new UnknownNoteKeyError(
      keyId(verifier.name, verifier.keyHash),
      signatures.map((s) => keyId(s.name, s.keyHash)),
    );
  }
  return { text, signatures };
}

// ---- checkpoints -------------------------------------------------------------------------------

function originProblem(origin: unknown): string | null {
  if (typeof origin !== 'string' || origin.length === 0) return 'the origin is empty';
  if (/[\p{Cc}\p{Cs}]/u.test(origin)) return 'the origin contains a control character or ill-formed Unicode';
  if (origin.trim() !== origin) return 'the origin has leading or trailing white space';
  return null;
}

/** The checkpoint body `<origin>\n<size>\n<base64 root>\n`; throws MalformedNoteError for bad fields. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const problem = originProblem(checkpoint.origin);
  if (problem !== null) throw new MalformedNoteError(problem);
  if (typeof checkpoint.size !== 'bigint' || checkpoint.size < 0n || checkpoint.size > MAX_TREE_SIZE) {
    throw new MalformedNoteError('the size must be a bigint in [0, 2^64 - 1]');
  }
  if (!(checkpoint.root instanceof Uint8Array) || checkpoint.root.length !== HASH_SIZE) {
    throw new MalformedNoteError(`the root must have ${HASH_SIZE} bytes`);
  }
  return `${checkpoint.origin}\n${checkpoint.size.toString()}\n${Buffer.from(checkpoint.root).toString('base64')}\n`;
}

/**
 * Parses a checkpoint body strictly: exactly three lines (no extension lines), a decimal size
 * without leading zeros, the root in canonical padded base64 of 32 bytes.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new MalformedNoteError('the checkpoint must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== 3) {
    throw new MalformedNoteError(
      `a checkpoint has 3 lines (origin, size, root), this one has ${lines.length}`,
    );
  }
  const [origin = '', sizeText = '', rootText = ''] = lines;
  const problem = originProblem(origin);
  if (problem !== null) throw new MalformedNoteError(problem);
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText)) {
    throw new MalformedNoteError(`the size ${JSON.stringify(sizeText)} is not a decimal number`);
  }
  const size = BigInt(sizeText);
  if (size > MAX_TREE_SIZE) throw new MalformedNoteError('the size exceeds 2^64 - 1');
  const root = decodeBase64Strict(rootText);
  if (root === null || root.length !== HASH_SIZE) {
    throw new MalformedNoteError(`the root is not the base64 of ${HASH_SIZE} bytes`);
  }
  return { origin, size, root };
}

/** Signs a checkpoint: the signed note text, ready to publish. */
export function signCheckpoint(checkpoint: Checkpoint, signer: string | NoteSigner): string {
  return signNote(formatCheckpoint(checkpoint), signer);
}

/**
 * Opens a signed checkpoint: verifies the signature of `verifierKey` (see openNote), then parses
 * the body strictly. Throws MalformedNoteError, UnknownNoteKeyError or BadNoteSignatureError.
 */
export function openCheckpoint(note: string | Uint8Array, verifierKey: string | NoteVerifier): Checkpoint {
  return parseCheckpoint(openNote(note, verifierKey).text);
}
