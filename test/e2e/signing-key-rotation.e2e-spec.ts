import {
  openCheckpoint,
  verifierKeyOf,
  verifyExport,
  verifyKeyHistory,
  type PublishedKey,
} from '@kyoyaku/ledger';
import {
  rotateSigningKey,
  SIGNING_KEY_FILE,
  SigningKeyError,
  type VerifierKeyHistory,
} from '@kyoyaku/runtime';
import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Signing-key rotation over HTTP: GET /ledger/verifier-keys lists every key the ledger has
 * signed with, each with its period and the rotation statement that introduced it, so that a third
 * party holding the first key verifies checkpoints signed before and after a rotation.
 */
describe('GET /ledger/verifier-keys and a key rotation', () => {
  let first: TestApp;
  let second: TestApp | null = null;
  let dataDir: string;
  let oldKey: string;
  let oldSignerKey: string;
  let oldCheckpoint: { size: string; note: string };
  let rotationSize: bigint;

  const asPublished = (history: VerifierKeyHistory): PublishedKey[] =>
    history.keys.map((k) => ({ ...k, fromSize: BigInt(k.from.treeSize) }));

  beforeAll(async () => {
    first = await startTestApp({ store: 'sqlite' }, { demo: true });
    dataDir = first.dataDir;
    const server = first.app.getHttpServer();
    oldKey = (await request(server).get('/ledger/verifier-key').expect(200)).text.trim();
    oldCheckpoint = (await request(server).get('/ledger/checkpoint').expect(200))
      .body as typeof oldCheckpoint;
    oldSignerKey = readFileSync(join(dataDir, SIGNING_KEY_FILE), 'utf8');
    await first.app.close();
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the one key of a ledger that never rotated, from tree size 0, to anyone', async () => {
    const t = await startTestApp({ store: 'sqlite' }, { demo: false, dataDir });
    try {
      const res = await request(t.app.getHttpServer()).get('/ledger/verifier-keys').expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        origin: 'kyoyaku-ledger',
        current: oldKey,
        keys: [
          {
            verifierKey: oldKey,
            keyId: oldKey.split('+').slice(0, 2).join('+'),
            from: { treeSize: '0', at: expect.any(String) as unknown },
            to: null,
            rotationStatement: null,
          },
        ],
      });
    } finally {
      await t.app.close();
    }
  });

  it('after rotate-key, lists both keys with their periods, and serves checkpoints a third party verifies across the rotation', async () => {
    const rotation = await rotateSigningKey(first.config, first.clock);
    rotationSize = rotation.size;
    second = await startTestApp({ store: 'sqlite' }, { demo: false, dataDir });
    const server = second.app.getHttpServer();
    const newKey = (await request(server).get('/ledger/verifier-key').expect(200)).text.trim();
    expect(newKey).toBe(rotation.nextKey);
    expect(newKey).not.toBe(oldKey);

    const history = (await request(server).get('/ledger/verifier-keys').expect(200))
      .body as VerifierKeyHistory;
    expect(history.current).toBe(newKey);
    expect(history.keys.map((k) => [k.verifierKey, k.from.treeSize, k.to?.treeSize ?? null])).toEqual([
      [oldKey, '0', rotationSize.toString()],
      [newKey, rotationSize.toString(), null],
    ]);
    expect(history.keys[1]?.rotationStatement).toBe(rotation.statement);

    // The third party pins the key it held before, and follows the chain from it.
    const chain = verifyKeyHistory(asPublished(history), oldKey);
    if (!chain.ok) throw new Error(chain.problem);
    const exported = await request(server).get('/ledger/export').expect(200);
    const report = await verifyExport(exported.text.split('\n'), {
      verifierKey: chain.chain,
      olderCheckpoint: oldCheckpoint.note,
    });
    expect(report).toMatchObject({ ok: true, olderCheckpoint: { size: BigInt(oldCheckpoint.size) } });
    const current = (await request(server).get('/ledger/checkpoint').expect(200)).body as { note: string };
    expect(openCheckpoint(current.note, newKey).size).toBe(rotationSize);
  });

  it('refuses a history whose rotation statement the old key did not sign', async () => {
    if (second === null) throw new Error('the rotation test did not run');
    const history = (await request(second.app.getHttpServer()).get('/ledger/verifier-keys').expect(200))
      .body as VerifierKeyHistory;
    const statement = history.keys[1]?.rotationStatement ?? '';
    // Keep only the new key's signature line: a statement the new key made on its own.
    const [text = '', signatures = ''] = statement.split('\n\n');
    const forged = `${text}\n\n${signatures.split('\n')[1] ?? ''}\n`;
    const keys = asPublished(history).map((k, i) => (i === 1 ? { ...k, rotationStatement: forged } : k));
    const report = verifyKeyHistory(keys, oldKey);
    expect(report).toMatchObject({ ok: false, index: 1 });
    expect(!report.ok && report.problem).toMatch(/^rotation statement 1: not signed by the key it retires/);
  });

  it('answers a proof from a tree size the current key may not sign, and the old one never did, with 422', async () => {
    if (second === null) throw new Error('the rotation test did not run');
    const size = (rotationSize - 1n).toString();
    const res = await request(second.app.getHttpServer())
      .get(`/ledger/proofs/consistency?from=1&to=${size}`)
      .expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'CheckpointBeforeSigningKey' });
    expect(res.body.detail).toContain(`the current key signs only sizes from ${rotationSize.toString()} on`);
  });

  it('documents the route in OpenAPI with the same problem answers as its neighbours', async () => {
    if (second === null) throw new Error('the rotation test did not run');
    const spec = (await request(second.app.getHttpServer()).get('/docs-json').expect(200)).body as {
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    };
    const route = spec.paths['/ledger/verifier-keys']?.get.responses ?? {};
    const neighbour = spec.paths['/ledger/verifier-key']?.get.responses ?? {};
    expect(Object.keys(route).sort()).toEqual(Object.keys(neighbour).sort());
    expect(JSON.stringify(route['200'])).toContain('VerifierKeyHistoryResource');
  });

  it('still refuses to start without the key file (no rotation asked), and with the retired key', async () => {
    if (second === null) throw new Error('the rotation test did not run');
    await second.app.close();
    second = null;
    const keyFile = join(dataDir, SIGNING_KEY_FILE);
    const current = readFileSync(keyFile, 'utf8');
    unlinkSync(keyFile);
    await expect(createApp(first.config, first.clock)).rejects.toThrow(
      /is missing, but this ledger has signed checkpoints/,
    );
    writeFileSync(keyFile, oldSignerKey);
    await expect(createApp(first.config, first.clock)).rejects.toThrow(SigningKeyError);
    await expect(createApp(first.config, first.clock)).rejects.toThrow(
      /not this ledger's current signing key/,
    );
    writeFileSync(keyFile, current);
    expect(verifierKeyOf(current.trim())).not.toBe(oldKey);
  });
});
