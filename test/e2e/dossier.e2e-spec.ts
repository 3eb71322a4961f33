import { ACTOR_ROLES, RECORDED_EVENT_TYPES } from '@kyoyaku/domain';
import { parseExportedEvent, verifyInclusionOfEvent } from '@kyoyaku/ledger';
import {
  CONSULTATION_IDS,
  DOUBT_IDS,
  HIRANAI,
  IMABETSU,
  IMABETSU_2022_RETROACTIVE_REASON,
  PROCEEDING_IDS,
  SOTOGAHAMA,
} from '../fixtures/aomori';
import { AgreementApi } from '../support/agreement-api';
import { apiStateSql } from '../support/api-state-sql';
import { startTestApp, type TestApp } from '../support/test-app';

const MIGRATION = DOUBT_IDS.imabetsuMigration;
const dossierPath = (doubtId: string) => `/doubts/${doubtId}/dossier`;

describe('the dispute dossier (demo history)', () => {
  let t: TestApp;
  let api: AgreementApi;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new AgreementApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (path: string, token: string, accept = 'application/json') =>
    api.get(path).set('authorization', `Bearer ${token}`).set('accept', accept);

  it('shows m13 on the raised date as the ledger stood then (第1版) and as it stands now (第2版), and why they differ', async () => {
    const res = await as(dossierPath(MIGRATION), api.clerk(IMABETSU.code)).expect(200);
    const d = res.body;
    expect(d.kind).toBe('kyoyaku-dispute-dossier');
    expect(d.doubt).toMatchObject({
      raisedOn: '2022-04-12',
      raisedBy: { code: IMABETSU.code },
      status: 'resolved',
    });
    const c = d.citedProvision;
    expect(c.asOf).toBe('2022-04-12');
    expect(c.then).toMatchObject({
      versionNumber: 1,
      effectiveFrom: '2019-12-25',
      ledgerPosition: d.doubt.pinned.ledgerPosition,
    });
    expect(c.now).toMatchObject({
      versionNumber: 2,
      effectiveFrom: '2022-04-01',
      retroactive: { reason: IMABETSU_2022_RETROACTIVE_REASON },
    });
    expect(c.then.text).toContain('圏域の情報発信や移住相談体制の充実等');
    expect(c.then.text).not.toContain('移住相談窓口の共同設置');
    expect(c.now.text).toContain('移住相談窓口の共同設置');
    expect(c.differs).toBe(true);
    expect(c.pinnedTextConfirmed).toBe(true);
    // The changed words are marked on the "now" side.
    const changedNow = c.difference.now
      .filter((s: { changed: boolean }) => s.changed)
      .map((s: { text: string }) => s.text)
      .join('');
    expect(changedNow).toContain('共同設置');
    // Explained by the retroactive conclusion, recorded after the doubt was raised.
    expect(c.explainedBy).toEqual([
      expect.objectContaining({ type: 'ProceedingConcluded', detail: IMABETSU_2022_RETROACTIVE_REASON }),
    ]);
    expect(BigInt(c.explainedBy[0].position)).toBeGreaterThan(BigInt(d.doubt.pinned.ledgerPosition));
    expect(c.now.concludedBy.position).toBe(c.explainedBy[0].position);
  });

  it('lists the later events that touched m13, the consultation, its cost shares and the resolution with its amendment', async () => {
    const d = (await as(dossierPath(MIGRATION), api.secretariat).expect(200)).body;
    expect(d.laterEvents.map((e: { effect: string; type: string }) => [e.effect, e.type])).toEqual([
      ['amendment-proposed', 'DraftRecorded'],
      ['text-changed', 'ProceedingConcluded'],
    ]);
    expect(d.laterEvents[1].citedTextAfter).toContain('移住相談窓口の共同設置');
    const [consultation] = d.consultations;
    expect(consultation).toMatchObject({
      consultationId: CONSULTATION_IDS.fy2022,
      roles: ['discussion', 'resolution'],
      register: { status: 'held', heldOn: '2022-05-20' },
    });
    expect(consultation.events.map((e: { type: string }) => e.type)).toEqual([
      'ConsultationScheduled',
      'ConsultationHeld',
    ]);
    const kinds = consultation.citedBy.map((x: { kind: string }) => x.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['doubt-discussion', 'doubt-resolution', 'cost-share-decision']),
    );
    expect(d.costShareDecisions.length).toBeGreaterThanOrEqual(2);
    expect(d.costShareDecisions.every((x: { kind: string }) => x.kind.startsWith('cost-share'))).toBe(true);
    expect(d.resolution).toMatchObject({
      resolvedOn: '2022-05-20',
      consultationId: CONSULTATION_IDS.fy2022,
      agreedBy: ['022012', IMABETSU.code],
      followUpProceeding: {
        proceedingId: PROCEEDING_IDS.imabetsuAmendment2022,
        kind: 'amendment',
        openedOn: '2022-05-10',
      },
    });
    expect(d.resolution.followUpProceeding.events.map((e: { type: string }) => e.type)).toContain(
      'ProceedingConcluded',
    );
    expect(d.timeline.map((e: { type: string }) => e.type)).toEqual([
      'DoubtRaised',
      'DoubtDiscussedAtConsultation',
      'DoubtResolved',
    ]);
  });

  it('carries an inclusion proof of every cited event that the ledger library verifies offline', async () => {
    const d = (await as(dossierPath(MIGRATION), api.secretariat).expect(200)).body;
    // The key is fetched independently, as a third party would.
    const key = (await api.get('/ledger/verifier-key').expect(200)).text.trim();
    expect(d.integrity.verifierKey).toBe(key);
    expect(key.startsWith(`${d.integrity.keyId}+`)).toBe(true);
    const cited = new Set<string>([
      ...d.timeline.map((e: { position: string }) => e.position),
      ...d.citedProvision.explainedBy.map((e: { position: string }) => e.position),
      ...d.laterEvents.map((e: { position: string }) => e.position),
      d.citedProvision.then.concludedBy.position,
      ...d.consultations.flatMap((c: { events: { position: string }[] }) => c.events.map((e) => e.position)),
      ...d.costShareDecisions.map((e: { position: string }) => e.position),
    ]);
    const proved = new Set(d.integrity.proofs.map((p: { position: string }) => p.position));
    for (const position of cited) expect(proved).toContain(position);
    for (const proof of d.integrity.proofs) {
      const report = verifyInclusionOfEvent(proof.event, proof.proof, d.integrity.checkpoint.note, key);
      expect(report).toMatchObject({ ok: true });
      expect(proof.event.position).toBe(proof.position);
    }
    // A changed word in a cited event breaks its proof.
    const concluded = d.integrity.proofs.find(
      (p: { position: string }) => p.position === d.citedProvision.explainedBy[0].position,
    );
    const tampered = JSON.parse(JSON.stringify(concluded.event));
    tampered.data.effectiveOn = '2022-07-01';
    expect(parseExportedEvent(tampered).ok).toBe(true);
    expect(verifyInclusionOfEvent(tampered, concluded.proof, d.integrity.checkpoint.note, key)).toMatchObject(
      {
        ok: false,
        kind: 'hash-mismatch',
      },
    );
    expect(d.integrity.checkpoint.size).toBe(d.ledgerSize);
  });

  it('prints as A4 HTML with Japanese typography and 和暦 beside ISO dates', async () => {
    const res = await as(dossierPath(MIGRATION), api.clerk(IMABETSU.code), 'text/html').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    const html = res.text;
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="ja">/);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('"Noto Serif CJK JP"');
    expect(html).toContain('2022-04-12（令和4年4月12日）');
    expect(html).toContain('提起時の記録（当時）');
    expect(html).toContain('<u>');
    expect(html).toContain(IMABETSU_2022_RETROACTIVE_REASON);
    expect(html).toContain('自治紛争処理委員による処理の申請はありません');
    expect(html).toContain('— ');
  });

  it('shows a 定めのない事項 resolved without amendment, and a dispute settled by a 処理方策', async () => {
    const publicity = (await as(dossierPath(DOUBT_IDS.hiranaiPublicity), api.clerk(HIRANAI.code)).expect(200))
      .body;
    expect(publicity.doubt.citation).toEqual({ kind: 'unspecified', label: '定めのない事項' });
    expect(publicity.citedProvision).toMatchObject({ differs: false, then: { text: '' }, now: { text: '' } });
    expect(publicity.resolution).toMatchObject({
      consultationId: CONSULTATION_IDS.fy2024,
      followUpProceeding: null,
    });
    const dispute = (
      await as(dossierPath(DOUBT_IDS.sotogahamaCostShare), api.clerk(SOTOGAHAMA.code)).expect(200)
    ).body;
    expect(dispute.doubt).toMatchObject({ status: 'settled', citation: { label: '第4条第2項' } });
    expect(dispute.citedProvision.differs).toBe(false);
    expect(dispute.resolution).toBeNull();
    const [application] = dispute.escalation;
    expect(application).toMatchObject({
      applicant: { code: SOTOGAHAMA.code },
      recipient: 'prefectural-governor',
      appointment: { appointedOn: '2024-07-01' },
      proposal: { presentedOn: '2024-10-15', notifiedOn: '2024-10-15', publishedOn: '2024-10-22' },
      conclusion: { outcome: 'settled' },
    });
    expect(application.appointment.commissioners).toHaveLength(3);
    expect(Object.keys(application.proposal.responses).sort()).toEqual(['core', 'partner']);
    const html = (
      await as(dossierPath(DOUBT_IDS.sotogahamaCostShare), api.secretariat, 'text/html').expect(200)
    ).text;
    expect(html).toContain('第1次申請');
    expect(html).toContain('双方が処理方策を受け入れ解決');
  });

  it('names every record, role, status and kind on the printed page and in its summaries, never by its code', async () => {
    const codes = [
      ...RECORDED_EVENT_TYPES,
      ...ACTOR_ROLES,
      'negotiating',
      'concluded',
      'withdrawn',
      'cost-share-decision',
      'cost-share-revision',
      'doubt-discussion',
      'doubt-resolution',
    ];
    const shown = (text: string) =>
      codes.filter((code) => new RegExp(`(?<![\\w-])${code}(?![\\w-])`).test(text));
    for (const doubtId of Object.values(DOUBT_IDS)) {
      const html = (await as(dossierPath(doubtId), api.secretariat, 'text/html').expect(200)).text;
      // What a reader sees: the text of the page, not its markup or style sheet.
      const text = html
        .replace(/<style>[\s\S]*?<\/style>/, '')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&quot;/g, '"');
      expect({ doubtId, codes: shown(text) }).toEqual({ doubtId, codes: [] });
      const d = (await as(dossierPath(doubtId), api.secretariat).expect(200)).body;
      const summaries = JSON.stringify(
        [
          d.timeline,
          d.laterEvents,
          d.citedProvision.explainedBy,
          d.consultations.map((c: { events: unknown; citedBy: unknown }) => [c.events, c.citedBy]),
          d.escalation.map((a: { stepsOutsideTheParties: { event: unknown }[] }) =>
            a.stepsOutsideTheParties.map((s) => s.event),
          ),
        ]
          .flat(3)
          .map((e: { summary: string }) => e.summary),
      );
      expect({ doubtId, codes: shown(summaries) }).toEqual({ doubtId, codes: [] });
    }
    const dispute = (
      await as(dossierPath(DOUBT_IDS.sotogahamaCostShare), api.secretariat, 'text/html').expect(200)
    ).text;
    expect(dispute).toContain('・自治紛争処理委員による処理の申請・');
    expect(dispute).toContain('・処理方策の公表・');
    // Who recorded each step outside the parties: the secretariat, by the name the screens use.
    expect(dispute).toMatch(/記録者 事務局（/);
    const migration = (await as(dossierPath(MIGRATION), api.secretariat, 'text/html').expect(200)).text;
    expect(migration).toContain('・疑義の解決・');
    expect(migration).toMatch(/（費用分担の決定、位置 \d+）/);
    // The consultation that resolved it and the amendment it started, by kind and date, not by id.
    expect(migration).toMatch(/<th>協議<\/th><td>定期協議（令和4年\d+月\d+日）（開催 /);
    expect(migration).toContain('<th>開始した変更手続</th><td>変更手続（締結済み、開始 ');
    expect(migration).not.toContain(`<td>${CONSULTATION_IDS.fy2022}`);
    expect(migration).not.toContain(`<td>${PROCEEDING_IDS.imabetsuAmendment2022}`);
  });

  it('is read only by the parties’ clerks, the secretariat and admins — even with public reads — and reading writes nothing to the ledger', async () => {
    const before = await api.head();
    await as(dossierPath(MIGRATION), api.secretariat).expect(200);
    await as(dossierPath(MIGRATION), t.token('admin'), 'text/html').expect(200);
    for (const token of [t.token('reader'), api.clerk(HIRANAI.code)]) {
      const res = await as(dossierPath(MIGRATION), token).expect(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('DoubtAccessRestricted');
    }
    const anonymous = await api.get(dossierPath(MIGRATION)).expect(401);
    expect(anonymous.body.code).toBe('Unauthorized');
    await api.get(`/doubts/${MIGRATION}`).expect(401);
    await as(`/doubts/${MIGRATION}`, api.clerk(HIRANAI.code)).expect(403);
    expect(await api.head()).toBe(before);
  });

  it('appends every access to an append-only log that admins read', async () => {
    const doubt = DOUBT_IDS.hiranaiPublicity;
    await as(dossierPath(doubt), api.clerk(HIRANAI.code)).expect(200);
    await as(dossierPath(doubt), api.clerk(HIRANAI.code), 'text/html').expect(200);
    await as(dossierPath(doubt), api.clerk(IMABETSU.code)).expect(403);
    const log = (await as(`${dossierPath(doubt)}/access-log`, t.token('admin')).expect(200)).body;
    const mine = log.items.slice(-3);
    expect(
      mine.map(
        (e: { format: string; outcome: string; actor: { role: string; municipalityCode?: string } }) => [
          e.actor.municipalityCode,
          e.format,
          e.outcome,
        ],
      ),
    ).toEqual([
      [HIRANAI.code, 'json', 'granted'],
      [HIRANAI.code, 'html', 'granted'],
      [IMABETSU.code, 'json', 'refused'],
    ]);
    expect(mine[0].accessedAt).toBe('2026-11-27T03:00:00.000Z');
    expect(mine[0].treeSize).toBe(await api.head());
    expect(log.items.every((e: { doubtId: string }) => e.doubtId === doubt)).toBe(true);
    expect(log.chain).toMatchObject({ ok: true });
    for (const token of [api.secretariat, api.clerk(HIRANAI.code)]) {
      expect((await as(`${dossierPath(doubt)}/access-log`, token).expect(403)).body.code).toBe(
        'RoleNotAllowed',
      );
    }
    // Append-only in the database itself (api.sqlite, or PostgreSQL).
    expect(() => apiStateSql(t.config, `UPDATE dossier_access_log SET outcome = 'refused'`)).toThrow(
      /append-only/,
    );
    expect(() => apiStateSql(t.config, 'DELETE FROM dossier_access_log')).toThrow(/append-only/);
    const again = (await as(`${dossierPath(doubt)}/access-log`, t.token('admin')).expect(200)).body;
    expect(again.items.length).toBe(log.items.length);
  });

  it('logs refused reads of authenticated callers only; anonymous refusals are counted in a metric', async () => {
    const doubt = DOUBT_IDS.sotogahamaCostShare;
    const admin = t.token('admin');
    const logged = async () => {
      const items: unknown[] = [];
      let after: string | null = null;
      do {
        const query: string = after === null ? '?limit=500' : `?limit=500&after=${after}`;
        const page = (await as(`${dossierPath(doubt)}/access-log${query}`, admin).expect(200)).body;
        items.push(...(page.items as unknown[]));
        after = page.nextCursor as string | null;
      } while (after !== null);
      return items.length;
    };
    const refusals = async () => {
      const text = (await as('/metrics', admin, 'text/plain').expect(200)).text;
      return Number(/^kyoyaku_dossier_anonymous_refusals_total (\d+)$/m.exec(text)?.[1] ?? 'NaN');
    };
    const before = await logged();
    const counted = await refusals();
    for (let i = 0; i < 25; i++) await api.get(dossierPath(doubt)).expect(401);
    expect(await logged()).toBe(before);
    expect(await refusals()).toBe(counted + 25);
    // An authenticated refusal is still logged, with who was refused.
    await as(dossierPath(doubt), t.token('reader')).expect(403);
    expect(await logged()).toBe(before + 1);
  });

  it('verifies the access log’s chain incrementally: each admin read checks only what was appended since', async () => {
    const doubt = DOUBT_IDS.hiranaiPublicity;
    const admin = t.token('admin');
    const first = (await as(`${dossierPath(doubt)}/access-log`, admin).expect(200)).body.chain;
    expect(first).toMatchObject({ ok: true });
    await as(dossierPath(doubt), api.clerk(HIRANAI.code)).expect(200);
    await as(dossierPath(doubt), api.clerk(HIRANAI.code)).expect(200);
    const second = (await as(`${dossierPath(doubt)}/access-log`, admin).expect(200)).body.chain;
    expect(second).toEqual({ ok: true, entries: first.entries + 2, checked: 2 });
    const third = (await as(`${dossierPath(doubt)}/access-log`, admin).expect(200)).body.chain;
    expect(third).toEqual({ ok: true, entries: first.entries + 2, checked: 0 });
  });

  it('escapes every recorded string in the printable page', async () => {
    const res = await api
      .post(
        '/agreements/aomori-hiranai/doubts',
        {
          doubtId: 'hiranai-escaping',
          raisedBy: HIRANAI.code,
          raisedOn: '2026-11-01',
          citation: { kind: 'provision', label: '第5条' },
          question: '<script>alert("x")</script> & <img src=x onerror=alert(1)>',
        },
        api.clerk(HIRANAI.code),
      )
      .expect(201);
    expect(res.body.streamId).toBe('doubt-hiranai-escaping');
    const html = (await as(dossierPath('hiranai-escaping'), api.clerk(HIRANAI.code), 'text/html').expect(200))
      .text;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
    );
  });
});
