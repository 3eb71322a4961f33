import { verifyExport } from '@kyoyaku/ledger';
import { EVENT_VISIBILITY } from '@kyoyaku/domain';
import request from 'supertest';
import {
  AGREEMENT_IDS,
  AOMORI_REGION_ID,
  CONSULTATION_IDS,
  DOUBT_IDS,
  HIRANAI,
  IMABETSU,
  YOMOGITA,
} from '../fixtures/aomori';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * One visibility rule on every read path: each event type is public,
 * party-only (the parties' clerks, the secretariat, admins) or admin-only, and every read that could
 * quote an event — the feed, the stream, the export, a consultation's citedBy, the summaries and the
 * dossier — shows a withheld event to nobody else. Table-driven: every read endpoint × every
 * identity × every event type, under LEDGER_READ_ACCESS=open and token.
 */

interface FullEvent {
  eventId: string;
  streamId: string;
  position: string;
  type: string;
  data: Record<string, unknown>;
  hash: string;
  [key: string]: unknown;
}

type Identity =
  | { name: string; kind: 'anonymous' }
  | { name: string; kind: 'token'; role: 'reader' | 'secretariat' | 'admin' }
  | { name: string; kind: 'token'; role: 'clerk'; code: string };

const IDENTITIES: readonly Identity[] = [
  { name: 'anonymous', kind: 'anonymous' },
  { name: 'reader', kind: 'token', role: 'reader' },
  { name: 'clerk of 今別町 (party to one doubt)', kind: 'token', role: 'clerk', code: IMABETSU.code },
  { name: 'clerk of 平内町 (party to another doubt)', kind: 'token', role: 'clerk', code: HIRANAI.code },
  { name: 'clerk of 蓬田村 (party to no doubt)', kind: 'token', role: 'clerk', code: YOMOGITA.code },
  { name: 'secretariat', kind: 'token', role: 'secretariat' },
  { name: 'admin', kind: 'token', role: 'admin' },
];

/** The rule, written out here independently of the implementation: doubts are for their parties. */
const EXPECTED_VISIBILITY = (type: string): 'public' | 'party-only' | 'admin-only' =>
  /^(Doubt|Dispute|SettlementProposal)/.test(type) ? 'party-only' : 'public';

function maySee(identity: Identity, event: FullEvent, partiesOf: (streamId: string) => string[]): boolean {
  const visibility = EXPECTED_VISIBILITY(event.type);
  if (visibility === 'public') return true;
  if (identity.kind === 'anonymous') return false;
  if (identity.role === 'admin') return true;
  if (visibility === 'admin-only') return false;
  if (identity.role === 'secretariat') return true;
  if (identity.role === 'clerk') return partiesOf(event.streamId).includes(identity.code);
  return false;
}

/** Every string leaf of a JSON value. */
function strings(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) strings(v, out);
  return out;
}

function ssePositions(body: string): { id: string; data: unknown }[] {
  return body
    .split('\n\n')
    .map((block) => {
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      return id === undefined || data === undefined ? null : { id, data: JSON.parse(data) as unknown };
    })
    .filter((m) => m !== null);
}

for (const readAccess of ['open', 'token'] as const) {
  describe(`who sees which event, on every read path (LEDGER_READ_ACCESS=${readAccess})`, () => {
    let t: TestApp;
    let all: FullEvent[];
    const parties = new Map<string, string[]>();
    const partiesOf = (streamId: string) => parties.get(streamId) ?? [];

    const tokenOf = (identity: Identity): string | null => {
      if (identity.kind === 'anonymous') return null;
      return identity.role === 'clerk' ? t.token('clerk', identity.code) : t.token(identity.role);
    };
    const get = (path: string, identity: Identity) => {
      const req = request(t.app.getHttpServer()).get(path);
      const token = tokenOf(identity);
      return token === null ? req : req.set('authorization', `Bearer ${token}`);
    };
    const refusedAnonymously = (identity: Identity) =>
      readAccess === 'token' && identity.kind === 'anonymous';

    /** Strings only withheld events hold: none may appear in what this identity reads. */
    const secretsFor = (identity: Identity): string[] => {
      const visible = new Set<string>();
      const hidden = new Set<string>();
      for (const e of all) strings(e.data, maySee(identity, e, partiesOf) ? visible : hidden);
      // Enumerated values (`scheduled`, `not-accepted`) are not content; everything else of 8+ characters is.
      return [...hidden].filter((s) => s.length >= 8 && !/^[a-z]+(?:-[a-z]+)*$/.test(s) && !visible.has(s));
    };
    const expectNoSecret = (body: string, identity: Identity) => {
      for (const secret of secretsFor(identity)) {
        if (body.includes(secret)) throw new Error(`${identity.name} reads withheld text: ${secret}`);
      }
    };

    /** A withheld event's stub: its position and hashes, nothing of its content. */
    const expectEventOrStub = (identity: Identity, item: unknown, full: FullEvent) => {
      if (maySee(identity, full, partiesOf)) {
        expect(item).toEqual(full);
      } else {
        expect(item).toEqual({
          position: full.position,
          withheld: true,
          hash: full.hash,
          leafHash: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
        });
      }
    };

    beforeAll(async () => {
      t = await startTestApp({ readAccess }, { demo: true });
      const admin = IDENTITIES.find((i) => i.kind === 'token' && i.role === 'admin');
      if (admin === undefined) throw new Error('no admin identity');
      all = [];
      let after = '0';
      for (;;) {
        const page = await get(`/events?after=${after}&limit=500`, admin).expect(200);
        all.push(...(page.body.items as FullEvent[]));
        if (page.body.nextCursor === null) break;
        after = page.body.nextCursor as string;
      }
      for (const e of all) {
        if (e.type === 'DoubtRaised') {
          const p = e.data.parties as { core: { code: string }; partner: { code: string } };
          parties.set(e.streamId, [p.core.code, p.partner.code]);
        }
      }
    }, 120_000);
    afterAll(async () => {
      await t.close();
    });

    it('the demo holds doubts, and every event type in it is in the visibility table', () => {
      const types = new Set(all.map((e) => e.type));
      expect([...types].filter((type) => !(type in EVENT_VISIBILITY))).toEqual([]);
      for (const type of types) {
        expect([type, EVENT_VISIBILITY[type as keyof typeof EVENT_VISIBILITY]]).toEqual([
          type,
          EXPECTED_VISIBILITY(type),
        ]);
      }
      expect(all.filter((e) => EXPECTED_VISIBILITY(e.type) === 'party-only').length).toBeGreaterThan(10);
    });

    if (readAccess === 'open') {
      it('GET /events?after=80&limit=1 anonymously shows no doubt question (the reproduction)', async () => {
        const question = all.find((e) => e.type === 'DoubtRaised')?.data.question;
        expect(typeof question).toBe('string');
        let after = 0;
        for (const e of all) {
          if (EXPECTED_VISIBILITY(e.type) !== 'public') {
            after = Number(e.position) - 1;
            break;
          }
        }
        const res = await request(t.app.getHttpServer()).get(`/events?after=${after}&limit=1`).expect(200);
        expect(res.text).not.toContain(question as string);
      });
    }

    describe.each(IDENTITIES.map((i) => [i.name, i] as const))('%s', (_name, identity) => {
      it('GET /events: each event whole if the rule lets this caller see it, else a stub', async () => {
        if (refusedAnonymously(identity)) {
          await get('/events', identity).expect(401);
          return;
        }
        const items: unknown[] = [];
        let after = '0';
        for (;;) {
          const page = await get(`/events?after=${after}&limit=200`, identity).expect(200);
          expectNoSecret(page.text, identity);
          items.push(...(page.body.items as unknown[]));
          if (page.body.nextCursor === null) break;
          after = page.body.nextCursor as string;
        }
        expect(items).toHaveLength(all.length);
        all.forEach((full, i) => expectEventOrStub(identity, items[i], full));
      });

      it('GET /events/stream: the same events and stubs, as server-sent events', async () => {
        if (refusedAnonymously(identity)) {
          await get('/events/stream', identity).expect(401);
          return;
        }
        const last = all.at(-1)?.position ?? '0';
        const body = await new Promise<string>((resolve, reject) => {
          let text = '';
          const req = get('/events/stream', identity)
            .buffer(false)
            .parse((res, callback) => {
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                text += chunk;
                if (text.includes(`id: ${last}\n`) && text.endsWith('\n\n')) {
                  resolve(text);
                  (res as unknown as { destroy(): void }).destroy();
                }
              });
              res.on('error', () => undefined);
              res.on('end', () => callback(null, null));
            });
          req.end((error) => {
            if (error !== null && !text.includes(`id: ${last}\n`))
              reject(error instanceof Error ? error : new Error(String(error)));
          });
        });
        expectNoSecret(body, identity);
        const messages = ssePositions(body);
        expect(messages.map((m) => m.id)).toEqual(all.map((e) => e.position));
        all.forEach((full, i) => expectEventOrStub(identity, messages[i]?.data, full));
      });

      it('GET /ledger/export: stubs in place of withheld events, and the export still verifies', async () => {
        if (refusedAnonymously(identity)) {
          await get('/ledger/export', identity).expect(401);
          return;
        }
        const res = await get('/ledger/export', identity).expect(200);
        const text = res.text;
        expectNoSecret(text, identity);
        const lines = text.split('\n').filter((l) => l !== '');
        expect(lines).toHaveLength(all.length + 1);
        all.forEach((full, i) => {
          const item = JSON.parse(lines[i] ?? 'null') as Record<string, unknown>;
          if (maySee(identity, full, partiesOf)) {
            expect(item.position).toBe(full.position);
            expect(item.hash).toBe(full.hash);
            expect(item.data).toEqual(full.data);
          } else {
            expectEventOrStub(identity, item, full);
          }
        });
        const key = (await get('/ledger/verifier-key', identity).expect(200)).text.trim();
        const report = await verifyExport(lines, { verifierKey: key });
        expect(report).toMatchObject({ ok: true, events: BigInt(all.length) });
      });

      it('GET /consultations/{id}: citedBy lists only the citing events this caller may see', async () => {
        for (const consultationId of Object.values(CONSULTATION_IDS)) {
          if (refusedAnonymously(identity)) {
            await get(`/consultations/${consultationId}`, identity).expect(401);
            continue;
          }
          const res = await get(`/consultations/${consultationId}`, identity).expect(200);
          expectNoSecret(res.text, identity);
          for (const citation of res.body.citedBy as { position: string }[]) {
            const full = all.find((e) => e.position === citation.position);
            if (full === undefined) throw new Error(`no event at ${citation.position}`);
            expect([full.type, maySee(identity, full, partiesOf)]).toEqual([full.type, true]);
          }
          const expected = all.filter(
            (e) =>
              maySee(identity, e, partiesOf) &&
              e.streamId !== `consultation-${consultationId}` &&
              e.data.consultationId === consultationId,
          );
          expect((res.body.citedBy as unknown[]).length).toBeGreaterThanOrEqual(
            expected.filter((e) => e.type.startsWith('Doubt')).length,
          );
        }
      });

      it('every summary and timeline: no withheld text', async () => {
        const paths = [
          ...Object.values(AGREEMENT_IDS).flatMap((id) => [
            `/agreements/${id}/history?limit=500`,
            ...[2022, 2023, 2024].map((fy) => `/agreements/${id}/compliance?fiscalYear=${fy}`),
          ]),
          `/regions/${AOMORI_REGION_ID}/history?limit=500`,
          `/regions/${AOMORI_REGION_ID}/consultations`,
          `/regions/${AOMORI_REGION_ID}/consultations?fiscalYear=2024`,
        ];
        for (const path of paths) {
          const res = await get(path, identity);
          if (refusedAnonymously(identity)) {
            expect(res.status).toBe(401);
            continue;
          }
          expect([path, res.status]).toEqual([path, 200]);
          expectNoSecret(res.text, identity);
        }
      });

      it('a dossier the caller may read shows nothing of another doubt it may not', async () => {
        for (const doubtId of Object.values(DOUBT_IDS)) {
          const res = await get(`/doubts/${doubtId}/dossier`, identity);
          if (res.status !== 200) {
            expect([401, 403]).toContain(res.status);
            continue;
          }
          expectNoSecret(res.text, identity);
          const html = await get(`/doubts/${doubtId}/dossier`, identity)
            .set('accept', 'text/html')
            .expect(200);
          expectNoSecret(html.text, identity);
        }
      });
    });
  });
}
