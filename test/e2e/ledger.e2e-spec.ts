import { openCheckpoint, verifyConsistency, verifyExport, verifyInclusion } from '@kyoyaku/ledger';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

describe('the verifiable ledger over HTTP (demo history)', () => {
  let t: TestApp;
  let api: AgreementApi;
  let key: string;
  let head: bigint;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new AgreementApi(t);
    key = (await api.get('/ledger/verifier-key').expect(200)).text.trim();
    head = BigInt(await api.head());
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves a checkpoint of the whole ledger that the verifier key opens', async () => {
    expect(key).toMatch(/^kyoyaku-ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    const res = await api.get('/ledger/checkpoint').expect(200);
    const checkpoint = openCheckpoint(res.body.note, key);
    expect(checkpoint.size).toBe(head);
    expect(checkpoint.root.toString('base64')).toBe(res.body.root);
    const plain = await api.get('/ledger/checkpoint').set('accept', 'text/plain').expect(200);
    expect(plain.text).toBe(res.body.note);
  });

  it('serves inclusion proofs that verify against the signed root', async () => {
    for (const position of [1n, 5n, head]) {
      const res = await api.get(`/ledger/proofs/inclusion?position=${position}&treeSize=${head}`).expect(200);
      const root = openCheckpoint(res.body.checkpoint.note, key).root;
      const proof = (res.body.proof as string[]).map(b64);
      expect(verifyInclusion(b64(res.body.leafHash), position - 1n, head, proof, root)).toBe(true);
      expect(verifyInclusion(b64(res.body.leafHash), position % head, head, proof, root)).toBe(false);
    }
  });

  it('serves consistency proofs between two sizes', async () => {
    const res = await api.get(`/ledger/proofs/consistency?from=50&to=${head}`).expect(200);
    const proof = (res.body.proof as string[]).map(b64);
    expect(verifyConsistency(50n, head, proof, b64(res.body.oldRoot), b64(res.body.newRoot))).toBe(true);
    expect(verifyConsistency(51n, head, proof, b64(res.body.oldRoot), b64(res.body.newRoot))).toBe(false);
  });

  it.each([
    ['/ledger/proofs/inclusion?position=0&treeSize=3', 400],
    ['/ledger/proofs/inclusion?position=x&treeSize=3', 400],
    ['/ledger/proofs/inclusion?position=5&treeSize=4', 422],
    ['/ledger/proofs/inclusion?position=1&treeSize=999999', 422],
    ['/ledger/proofs/consistency?from=9&to=8', 422],
    ['/ledger/proofs/consistency?from=1', 400],
  ])('GET %s → %i problem+json', async (path, status) => {
    const res = await api.get(path).expect(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('exports NDJSON that the offline verifier accepts', async () => {
    const res = await api.get('/ledger/export').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.text.split('\n');
    const report = await verifyExport(lines, { verifierKey: key });
    expect(report).toMatchObject({ ok: true, events: head });
  });

  it('issues a checkpoint after each concluded proceeding and reports the background verification', async () => {
    let health = await api.get('/health').expect(200);
    for (let i = 0; i < 50 && health.body.integrity.verification.status === 'not-yet-checked'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      health = await api.get('/health').expect(200);
    }
    expect(health.body.integrity.verification).toMatchObject({ status: 'ok', size: head.toString() });
    const last = health.body.integrity.lastCheckpoint;
    // Named as the screens name them: the agreement and the proceeding, never their ids.
    expect(last.reason).toMatch(/^.+と.+の連携協約 (締結|変更|廃止)手続（.+開始）の締結$/);
    expect(last.reason).not.toMatch(/agreement-|「/);
    const checkpoint = openCheckpoint(last.note, key);
    expect(checkpoint.size.toString()).toBe(last.size);
  });
});
