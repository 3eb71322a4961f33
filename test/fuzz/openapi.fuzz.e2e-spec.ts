/**
 * Fuzzing from the OpenAPI document. The app's own document (GET /docs-json) lists the operations;
 * for every one of them — whatever the document lists when the test runs — fast-check generates
 * requests with wrong types, missing and extra fields, huge strings, deep nesting, invalid UTF-8,
 * control characters, SQL and HTML fragments, numbers out of range, impossible dates, bad path
 * parameters and query values and wrong content types, sent anonymously and with a token of each
 * role. Every answer must be a status the operation documents, problem+json when it is an error,
 * never a 5xx, and a refused request must leave the ledger's head position where it was. HTML
 * answers must never carry what a client typed as markup.
 *
 * Deterministic: the seed is printed; FUZZ_SEED=<n> replays a run, FUZZ_RUNS=<n> sets the runs per
 * operation and role (default 6: the whole file takes about a minute on 2 cores).
 */
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AOMORI_CITY, agreementDocument, HIRANAI } from '../fixtures/aomori';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';
import { htmlProblems, type HtmlShape, shapeOf, textOf } from './html-safety';
import { MARKUP_PAYLOADS } from './hostile-values';
import { type OpenApiDocument, type Operation, operationsOf } from './openapi-operations';
import { closeClient, type RawResponse, send } from './raw-client';
import { type Credentials, type FuzzRequest, type KnownValues, requestsFor } from './request-generator';

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
/** FUZZ_ONLY=<part of an operation id> fuzzes only the matching operations; FUZZ_VERBOSE=1 prints each answer. */
const ONLY = process.env.FUZZ_ONLY;
const VERBOSE = process.env.FUZZ_VERBOSE === '1';
const BODY_LIMIT = 64 * 1024;
const REPLAY = `FUZZ_SEED=${SEED} npx jest test/fuzz/openapi.fuzz.e2e-spec.ts`;

/** One seed per operation and credentials, so an operation added later does not change the others. */
function seedFor(...parts: string[]): number {
  return createHash('sha256')
    .update(`${SEED}:${parts.join(':')}`)
    .digest()
    .readInt32BE(0);
}

interface Failure {
  operation: string;
  credentials: string;
  request: string;
  answer: string;
  problems: string[];
}

function describeRequest(r: FuzzRequest): string {
  const body =
    r.body === undefined ? '' : `\n    body (${r.body.length} B): ${r.body.toString('utf8').slice(0, 300)}`;
  const headers = Object.entries(r.headers)
    .filter(([name]) => name !== 'authorization')
    .map(([name, value]) => `${name}: ${value.slice(0, 100)}`)
    .join('; ');
  return `${r.method} ${r.target.slice(0, 300)}  [${r.mutation}]\n    headers: ${headers}${body}`;
}

function describeAnswer(res: RawResponse): string {
  return `${res.status} ${String(res.headers['content-type'] ?? '')} ${res.body.toString('utf8').slice(0, 300)}`;
}

/** What is wrong with one answer, by the rules of the file's header comment. */
function judge(
  operation: Operation,
  sent: FuzzRequest,
  res: RawResponse,
  headBefore: bigint,
  headAfter: bigint,
  html?: HtmlShape,
): string[] {
  const problems: string[] = [];
  if (sent.mustRefuse && res.status < 400)
    problems.push(`accepted (${res.status}) what must be refused: ${sent.mutation}`);
  if (res.status >= 500) problems.push(`answered ${res.status}: never a 5xx for bad input`);
  if (!operation.statuses.has(String(res.status)) && !operation.statuses.has('default')) {
    problems.push(
      `status ${res.status} is not documented (documented: ${[...operation.statuses].join(', ')})`,
    );
  }
  if (res.status >= 400) {
    if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) {
      problems.push(`error answered as ${String(res.headers['content-type'])}, not application/problem+json`);
    } else {
      try {
        const doc = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
        for (const field of ['type', 'title', 'detail', 'code']) {
          if (typeof doc[field] !== 'string') problems.push(`problem document lacks ${field}`);
        }
        if (doc.status !== res.status) problems.push(`problem status ${String(doc.status)} ≠ ${res.status}`);
      } catch {
        problems.push('problem document is not JSON');
      }
    }
    if (headAfter !== headBefore) problems.push(`refused, yet the head moved ${headBefore} → ${headAfter}`);
  }
  if (String(res.headers['content-type']).startsWith('text/html')) {
    problems.push(...htmlProblems(res.body.toString('utf8'), html));
  }
  return problems;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let api: AgreementApi;
  let port: number;
  let store: EventStore;
  let document: OpenApiDocument;
  let operations: Operation[];
  let credentials: Credentials[];
  let known: KnownValues;
  /** The shape of the 新旧対照表 HTML as the template writes it (demo agreement, versions 1 and 2). */
  let comparisonShape: HtmlShape;

  beforeAll(async () => {
    t = await startTestApp(
      { bodyLimit: BODY_LIMIT, rateLimit: { windowSeconds: 60, perAddress: 0, perToken: 0 } },
      { demo: true },
    );
    api = new AgreementApi(t);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    store = t.app.get<EventStore>(EVENT_STORE);
    document = (await request(t.app.getHttpServer()).get('/docs-json').expect(200)).body as OpenApiDocument;
    operations = operationsOf(document).filter((o) => ONLY === undefined || o.id.includes(ONLY));
    credentials = [
      { label: 'anonymous', role: true },
      { label: 'reader', role: true, authorization: `Bearer ${t.token('reader')}` },
      { label: 'clerk 023019', role: true, authorization: `Bearer ${t.token('clerk', HIRANAI.code)}` },
      { label: 'secretariat', role: true, authorization: `Bearer ${t.token('secretariat')}` },
      { label: 'admin', role: true, authorization: `Bearer ${t.token('admin')}` },
      // Refused at the door whatever else the request holds: one run each is enough.
      { label: 'unknown token', role: false, authorization: 'Bearer kl_unknown-token-of-nobody' },
      { label: 'malformed Authorization', role: false, authorization: 'Basic YWRtaW46YWRtaW4=' },
    ];
    const agreements = (await api.get('/agreements').expect(200)).body as {
      items: { agreementId: string }[];
    };
    const agreementIds = agreements.items.map((a) => a.agreementId);
    const proceedingIds = new Set<string>();
    for (const id of agreementIds) {
      const proceedings = (await api.get(`/agreements/${id}/proceedings`).expect(200)).body as {
        proceedingId: string;
      }[];
      for (const p of proceedings) proceedingIds.add(p.proceedingId);
    }
    known = {
      agreementId: agreementIds,
      proceedingId: [...proceedingIds],
      regionId: ['aomori'],
      n: ['1', '2'],
      measureId: ['m01', 'm04', 'm16'],
    };
    const html = await api
      .get('/agreements/aomori-hiranai/comparison?from=1&to=2')
      .set('accept', 'text/html')
      .expect(200);
    comparisonShape = shapeOf(html.text);
    console.log(
      `OpenAPI fuzzing: ${operations.length} operations; ${RUNS} runs each anonymously and per role, 1 with a bad token; seed ${SEED} (replay: ${REPLAY})`,
    );
  }, 60_000);

  afterAll(async () => {
    closeClient();
    await t.close();
  });

  it('its checks catch what they look for (so a quiet run means something)', () => {
    const operation = operationsOf(document).find((o) => o.id === 'POST /regions');
    if (operation === undefined) throw new Error('POST /regions is documented');
    const sent: FuzzRequest = {
      method: 'POST',
      target: '/regions',
      headers: {},
      mutation: 'x',
      mustRefuse: false,
    };
    const answer = (status: number, contentType: string, body: unknown): RawResponse => ({
      status,
      headers: { 'content-type': contentType },
      body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    });
    const problem = { type: '/problems/X', title: 'Bad Request', status: 400, detail: 'd', code: 'X' };
    expect(judge(operation, sent, answer(400, 'application/problem+json', problem), 1n, 1n)).toEqual([]);
    expect(
      judge(operation, sent, answer(500, 'application/problem+json', { ...problem, status: 500 }), 1n, 1n),
    ).toEqual(expect.arrayContaining([expect.stringContaining('never a 5xx')]));
    expect(
      judge(operation, sent, answer(418, 'application/problem+json', { ...problem, status: 418 }), 1n, 1n),
    ).toEqual([expect.stringContaining('418 is not documented')]);
    expect(judge(operation, sent, answer(400, 'application/json', problem), 1n, 1n)).toEqual([
      expect.stringContaining('not application/problem+json'),
    ]);
    expect(judge(operation, sent, answer(400, 'application/problem+json', problem), 1n, 2n)).toEqual([
      expect.stringContaining('the head moved'),
    ]);
    expect(
      judge(operation, { ...sent, mustRefuse: true }, answer(201, 'application/json', {}), 1n, 2n),
    ).toEqual([expect.stringContaining('accepted (201) what must be refused')]);
    const page = (cell: string) =>
      `<html><body><table><tr><td class="a">${cell}</td></tr></table></body></html>`;
    expect(htmlProblems(page('&lt;img src=x onerror=klCanary()&gt;'), shapeOf(page('x')))).toEqual([]);
    expect(htmlProblems(page('<img src=x onerror=klCanary()>'), shapeOf(page('x')))).toEqual(
      expect.arrayContaining([expect.stringContaining('onerror'), expect.stringContaining('<img>')]),
    );
    expect(htmlProblems(page('<script>klCanary()</script>'))).toEqual([
      expect.stringContaining('inline <script>'),
    ]);
    expect(htmlProblems('<td class="a" onmouseover="klCanary()" x="">')).toEqual([
      expect.stringContaining('event handler attribute onmouseover'),
    ]);
    expect(textOf(page('a &lt;b&gt; &amp;lt; &quot;'))).toBe('a <b> &lt; "');
  });

  it('the document lists the operations it is fuzzed from', () => {
    expect(operations.length).toBeGreaterThan(ONLY === undefined ? 20 : 0);
    for (const operation of operations) {
      const documented = [...operation.statuses];
      expect({ operation: operation.id, success: documented.some((s) => s.startsWith('2')) }).toEqual({
        operation: operation.id,
        success: true,
      });
    }
  });

  it('every operation answers hostile requests with a documented status, as problem+json, and a refusal writes nothing', async () => {
    const failures: Failure[] = [];
    const seen = new Map<string, number>();
    const started = Date.now();
    for (const operation of operations) {
      const html = operation.produces.includes('text/html') ? comparisonShape : undefined;
      for (const who of credentials) {
        let failure: Failure | null = null;
        await fc.assert(
          fc.asyncProperty(requestsFor(document, operation, known, who, BODY_LIMIT), async (generated) => {
            const before = await store.headPosition();
            let res: RawResponse;
            try {
              res = await send(port, generated);
            } catch (error) {
              failure = {
                operation: operation.id,
                credentials: who.label,
                request: describeRequest(generated),
                answer: 'no answer',
                problems: [`the request failed: ${error instanceof Error ? error.message : String(error)}`],
              };
              return;
            }
            const after = await store.headPosition();
            if (VERBOSE)
              console.log(`${who.label} ${res.status} ${describeRequest(generated).slice(0, 400)}`);
            seen.set(`${res.status}`, (seen.get(`${res.status}`) ?? 0) + 1);
            const problems = judge(operation, generated, res, before, after, html);
            if (problems.length > 0 && failure === null) {
              failure = {
                operation: operation.id,
                credentials: who.label,
                request: describeRequest(generated),
                answer: describeAnswer(res),
                problems,
              };
            }
          }),
          { seed: seedFor(operation.id, who.label), numRuns: who.role ? RUNS : 1, endOnFailure: true },
        );
        if (failure !== null) failures.push(failure);
      }
    }
    const summary = [...seen.entries()]
      .sort()
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    console.log(`OpenAPI fuzzing took ${((Date.now() - started) / 1000).toFixed(1)} s; answers: ${summary}`);
    const report = failures
      .map(
        (f) =>
          `${f.operation} as ${f.credentials}\n  ${f.problems.join('\n  ')}\n  request: ${f.request}\n  answer:  ${f.answer}`,
      )
      .join('\n\n');
    if (failures.length > 0)
      console.error(`${failures.length} defect(s); replay with ${REPLAY}\n\n${report}`);
    expect(failures.map((f) => `${f.operation} as ${f.credentials}: ${f.problems.join('; ')}`)).toEqual([]);
  }, 600_000);

  it('the 新旧対照表 HTML shows injected text as text: escaped, never markup, whatever the field', async () => {
    const payload = fc.constantFrom(...MARKUP_PAYLOADS);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(payload, payload, payload, async (before, after, caption) => {
        fc.pre(before !== after);
        const agreementId = `fuzz-html-${n++}`;
        const document = agreementDocument(HIRANAI.name);
        document.title = `${document.title}${before}`;
        const second = document.articles[1];
        if (second === undefined) throw new Error('the fixture has a 第2条');
        second.caption = `${second.caption}${caption}`;
        const paragraph = second.paragraphs[0];
        if (paragraph === undefined) throw new Error('第2条 has a paragraph');
        paragraph.text = `${paragraph.text}${before}`;
        await api
          .post('/agreements', {
            agreementId,
            regionId: 'aomori',
            coreCity: AOMORI_CITY,
            partner: HIRANAI,
            proceedingId: 'conclusion',
            draftedOn: '2019-11-20',
            document,
          })
          .expect(201);
        await api.carryThrough(agreementId, 'conclusion', {
          resolvedOn: '2019-12-10',
          concludedOn: '2019-12-25',
          effectiveOn: '2019-12-25',
        });
        await api.proposeAmendment(agreementId, 'amendment', '2020-01-15', [
          { op: 'replaceWords', target: { kind: 'title' }, from: before, to: after },
          {
            op: 'replaceWords',
            target: { kind: 'provision', path: { article: '2', paragraph: 1 } },
            from: before,
            to: after,
          },
          { op: 'reviseMeasure', id: 'm04', changes: { content: `${after}圏域への誘客拡大を図る。` } },
        ]);
        await api.carryThrough(agreementId, 'amendment', {
          resolvedOn: '2020-03-10',
          concludedOn: '2020-03-25',
          effectiveOn: '2020-04-01',
        });
        for (const order of ['new-old', 'old-new']) {
          const res = await api
            .get(`/agreements/${agreementId}/comparison?from=1&to=2&order=${order}`)
            .set('accept', 'text/html')
            .expect(200);
          expect(htmlProblems(res.text, comparisonShape)).toEqual([]);
          // The payloads did reach the page — as text a reader sees, not as markup. (The old
          // column shows the replaced words blanked out, so `before` is not whole there.)
          const text = textOf(res.text);
          expect(text).toContain(after);
          expect(text).toContain(caption);
        }
      }),
      { seed: seedFor('comparison-html'), numRuns: 5, endOnFailure: true },
    );
  }, 300_000);
});
