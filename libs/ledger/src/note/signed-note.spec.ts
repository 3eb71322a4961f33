import {
  BadNoteSignatureError,
  MalformedKeyError,
  MalformedNoteError,
  UnknownNoteKeyError,
} from '../ledger.errors';
import { loadMerkleVectors } from '@kyoyaku/ledger/testing';
import {
  type Checkpoint,
  formatCheckpoint,
  generateSignerKey,
  noteKeyHash,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  verifierKeyOf,
} from './signed-note';

const loaded = loadMerkleVectors();
if (loaded.vectors === null) console.warn(`SKIPPED the signed-note vector: ${loaded.reason}`);
const vectors = loaded.vectors;
const describeVectors = vectors === null ? describe.skip : describe;

/** golang.org/x/mod/sumdb/note note_test.go: the reference implementation's own keys and notes. */
const GO = {
  vkey: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  skey: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  peterSig:
    '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  enochKey: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  enochSig:
    '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
};

const ROOT = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');
const checkpoint: Checkpoint = { origin: 'kyoyaku.example.lg.jp/ledger', size: 8n, root: ROOT };
const signer = generateSignerKey('kyoyaku.example.lg.jp');
const verifier = verifierKeyOf(signer);

describe('interoperability with the Go signed-note package', () => {
  it('derives the reference verifier key from the reference signer key', () => {
    expect(verifierKeyOf(GO.skey)).toBe(GO.vkey);
    expect(parseVerifierKey(GO.vkey)).toMatchObject({ name: 'PeterNeumann', keyHash: 0xc74f20a3 });
  });

  it('signs the reference text byte for byte as Go does (Ed25519 is deterministic)', () => {
    expect(signNote(GO.text, GO.skey)).toBe(`${GO.text}\n${GO.peterSig}`);
  });

  it('opens the reference note, keeping a cosignature by another key unverified', () => {
    const opened = openNote(`${GO.text}\n${GO.peterSig}${GO.enochSig}`, GO.vkey);
    expect(opened.text).toBe(GO.text);
    expect(opened.signatures.map((s) => [s.name, s.verified])).toEqual([
      ['PeterNeumann', true],
      ['EnochRoot', false],
    ]);
    expect(openNote(`${GO.text}\n${GO.peterSig}${GO.enochSig}`, GO.enochKey).text).toBe(GO.text);
  });

  it('refuses a note signed only by another key', () => {
    expect(() => openNote(`${GO.text}\n${GO.enochSig}`, GO.vkey)).toThrow(UnknownNoteKeyError);
    expect(() => openNote(`${GO.text}\n${GO.enochSig}`, GO.vkey)).toThrow(/EnochRoot\+af0cfe78/);
  });

  it('refuses a changed text and a corrupted signature', () => {
    const note = `${GO.text}\n${GO.peterSig}`;
    expect(() => openNote(note.replace('cryptography', 'cryptographY'), GO.vkey)).toThrow(
      BadNoteSignatureError,
    );
    const corrupt = `${GO.text}\n${GO.peterSig.slice(0, 60)}ABCD${GO.peterSig.slice(60)}`;
    expect(() => openNote(corrupt, GO.vkey)).toThrow(BadNoteSignatureError);
  });

  it('refuses the malformed messages of the Go test table', () => {
    const bad = [
      GO.text,
      `${GO.text}\n`,
      `${GO.text}\n${GO.peterSig.slice(0, -1)}`,
      `\u0001${GO.text}\n${GO.peterSig}`,
      `${GO.text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${GO.text}\n${GO.peterSig}Unexpected line.\n`,
      `${GO.text}\n${GO.peterSig.repeat(101)}`,
      `${GO.text}\n${GO.peterSig.replace('—', '-')}`,
      `\ud800${GO.text}\n${GO.peterSig}`,
    ];
    for (const message of bad) expect(() => openNote(message, GO.vkey)).toThrow(MalformedNoteError);
    // Bytes that are not UTF-8 (Go's "\xff" case).
    const bytes = Buffer.concat([Buffer.of(0xff), Buffer.from(`${GO.text}\n${GO.peterSig}`)]);
    expect(() => openNote(bytes, GO.vkey)).toThrow(MalformedNoteError);
    expect(openNote(Buffer.from(`${GO.text}\n${GO.peterSig}`), GO.vkey).text).toBe(GO.text);
  });

  it('refuses mangled verifier and signer keys', () => {
    for (let i = 0; i < GO.vkey.length; i++) {
      const mangled =
        GO.vkey.slice(0, i) + String.fromCharCode(GO.vkey.charCodeAt(i) + 1) + GO.vkey.slice(i + 1);
      expect(() => parseVerifierKey(mangled)).toThrow(MalformedKeyError);
    }
    for (const cut of [1, 10, 20, GO.vkey.length - 1]) {
      expect(() => parseVerifierKey(GO.vkey.slice(0, cut))).toThrow(MalformedKeyError);
      expect(() => parseVerifierKey(GO.vkey.slice(cut))).toThrow(MalformedKeyError);
    }
    // A wrong key name: the key hash binds the name.
    expect(() => parseVerifierKey(GO.vkey.replace('PeterNeumann', 'PeterNeuman'))).toThrow(/key hash/);
    expect(() => parseSignerKey(GO.skey.replace('c74f20a3', 'c74f20a4'))).toThrow(MalformedKeyError);
    expect(() => parseSignerKey(GO.skey.slice(12))).toThrow(MalformedKeyError);
    expect(() => parseSignerKey(GO.vkey)).toThrow(MalformedKeyError);
  });
});

describeVectors('the sum.golang.org checkpoint of the shared vectors', () => {
  it('opens and parses', () => {
    const v = vectors?.signedNote ?? { verifierKey: '', body: '', signatureBase64: '' };
    const name = v.verifierKey.split('+')[0] ?? '';
    const note = `${v.body}\n— ${name} ${v.signatureBase64}\n`;
    const opened = openCheckpoint(note, v.verifierKey);
    expect(opened.origin).toBe('go.sum database tree');
    expect(opened.size).toBe(31700353n);
    expect(opened.root.toString('base64')).toBe(v.body.split('\n')[2]);
    expect(() => openCheckpoint(note.replace('31700353', '31700354'), v.verifierKey)).toThrow(
      BadNoteSignatureError,
    );
  });
});

describe('checkpoints', () => {
  it('round-trips, sizes beyond 2^53 included', () => {
    const note = signCheckpoint(checkpoint, signer);
    // body, blank line, one signature line of 4 + 64 bytes in base64
    expect(note.startsWith(`kyoyaku.example.lg.jp/ledger\n8\n${ROOT.toString('base64')}\n\n`)).toBe(true);
    expect(note).toMatch(/\n\n— kyoyaku\.example\.lg\.jp [A-Za-z0-9+/]{91}=\n$/);
    expect(openCheckpoint(note, verifier)).toEqual(checkpoint);
    const huge = { ...checkpoint, size: 2n ** 63n + 1n };
    expect(openCheckpoint(signCheckpoint(huge, signer), verifier).size).toBe(2n ** 63n + 1n);
  });

  it('keys: generated, parsed, and their hash as the format defines it', () => {
    expect(signer).toMatch(
      /^PRIVATE\+KEY\+kyoyaku\.example\.lg\.jp\+[0-9a-f]{8}\+[A-Za-z0-9+/]{43}[A-Za-z0-9+/=]$/,
    );
    const parsedSigner = parseSignerKey(signer);
    const parsedVerifier = parseVerifierKey(verifier);
    expect(parsedVerifier.keyHash).toBe(parsedSigner.keyHash);
    expect(parsedVerifier.keyHash).toBe(noteKeyHash('kyoyaku.example.lg.jp', parsedVerifier.publicKey));
    expect(verifier).toBe(
      `kyoyaku.example.lg.jp+${parsedVerifier.keyHash.toString(16).padStart(8, '0')}+` +
        Buffer.concat([Buffer.of(1), parsedVerifier.publicKey]).toString('base64'),
    );
    expect(verifierKeyOf(parsedSigner)).toBe(verifier);
    for (const name of ['', 'a b', 'a+b', 'tab\there', 'line\nbreak']) {
      expect(() => generateSignerKey(name)).toThrow(MalformedKeyError);
    }
  });

  it('refuses a tampered body', () => {
    const note = signCheckpoint(checkpoint, signer);
    expect(() => openCheckpoint(note.replace('\n8\n', '\n9\n'), verifier)).toThrow(BadNoteSignatureError);
    expect(() => openCheckpoint(note.replace('ledger', 'ledgeR'), verifier)).toThrow(BadNoteSignatureError);
    const other = signCheckpoint({ ...checkpoint, root: Buffer.alloc(32, 7) }, signer);
    const spliced = note.slice(0, note.indexOf('\n\n')) + other.slice(other.indexOf('\n\n'));
    expect(() => openCheckpoint(spliced, verifier)).toThrow(BadNoteSignatureError);
  });

  it('refuses a signature by another key, even one of the same name', () => {
    const impostor = generateSignerKey('kyoyaku.example.lg.jp');
    const forged = signCheckpoint(checkpoint, impostor);
    expect(() => openCheckpoint(forged, verifier)).toThrow(UnknownNoteKeyError);
    // The impostor writes the genuine key hash into its line: then the signature itself fails.
    const genuineHash = parseVerifierKey(verifier).keyHash;
    const line = forged.slice(forged.indexOf('\n\n') + 2);
    const blob = Buffer.from(line.split(' ')[2] ?? '', 'base64');
    blob.writeUInt32BE(genuineHash, 0);
    const relabelled = `${forged.slice(0, forged.indexOf('\n\n') + 2)}— kyoyaku.example.lg.jp ${blob.toString('base64')}\n`;
    expect(() => openCheckpoint(relabelled, verifier)).toThrow(BadNoteSignatureError);
    // A cosignature by another key next to the genuine one is fine.
    const cosigned = signCheckpoint(checkpoint, signer) + line;
    expect(openCheckpoint(cosigned, verifier)).toEqual(checkpoint);
  });

  it('refuses a wrong key name in the signature line or in the verifier key', () => {
    const note = signCheckpoint(checkpoint, signer);
    expect(() =>
      openCheckpoint(note.replace('— kyoyaku.example.lg.jp ', '— other.example '), verifier),
    ).toThrow(UnknownNoteKeyError);
    const otherName = verifierKeyOf(generateSignerKey('other.example'));
    expect(() => openCheckpoint(note, otherName)).toThrow(UnknownNoteKeyError);
    expect(() => openCheckpoint(note, verifier.replace('kyoyaku.example', 'kyoyaku.exampl'))).toThrow(
      MalformedKeyError,
    );
  });

  it('parses the body strictly', () => {
    const root = ROOT.toString('base64');
    expect(parseCheckpoint(`o\n0\n${root}\n`)).toEqual({ origin: 'o', size: 0n, root: ROOT });
    const bad = [
      `o\n8\n${root}`, // no final newline
      `o\n8\n${root}\nextension\n`, // extension lines are not used here
      `o\n08\n${root}\n`, // leading zero
      `o\n-8\n${root}\n`,
      `o\n8.0\n${root}\n`,
      `o\n${2n ** 64n}\n${root}\n`, // beyond uint64
      `o\n8\n${root.replace('=', '')}\n`, // unpadded
      `o\n8\n${ROOT.subarray(1).toString('base64')}\n`, // 31 bytes
      `o\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqt\tL0lgz+Nw7/RgQyh=\n`,
      `o\n8\n${root.slice(0, -2)}h=\n`, // non-zero padding bits
      `\n8\n${root}\n`, // empty origin
      ` o\n8\n${root}\n`,
      `o\n\n${root}\n`,
    ];
    for (const body of bad) expect(() => parseCheckpoint(body)).toThrow(MalformedNoteError);
    // A note whose signed body is not a checkpoint is refused after its signature checks out.
    expect(() => openCheckpoint(signNote('hello\n', signer), verifier)).toThrow(MalformedNoteError);
  });

  it('refuses to sign what it could not open', () => {
    expect(() => formatCheckpoint({ ...checkpoint, origin: 'a\nb' })).toThrow(MalformedNoteError);
    expect(() => formatCheckpoint({ ...checkpoint, size: -1n })).toThrow(MalformedNoteError);
    expect(() => formatCheckpoint({ ...checkpoint, root: Buffer.alloc(31) })).toThrow(MalformedNoteError);
    expect(() => signNote('no newline', signer)).toThrow(MalformedNoteError);
    expect(() => signNote('a\n\nb\n', signer)).toThrow(MalformedNoteError);
    expect(() => signNote('bell\u0007\n', signer)).toThrow(MalformedNoteError);
  });
});
