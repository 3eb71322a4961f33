import { CONSULTATION_IDS, FICTIONAL_HAMANASUDAI, HIRANAI, IMABETSU, AOMORI_CITY } from '../fixtures/aomori';
import { CooperationApi, parseCsv } from '../support/cooperation-api';
import { startTestApp, type TestApp } from '../support/test-app';

/** Consultations (第5条) over HTTP, on the 青森圏域 demo history. */
describe('consultations', () => {
  let t: TestApp;
  let api: CooperationApi;

  beforeAll(async () => {
    t = await startTestApp({}, { demo: true });
    api = new CooperationApi(t);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const problem = CooperationApi.problem;
  const NEW = 'aomori-fy2026-extra-2';
  const schedule = {
    consultationId: NEW,
    kind: 'extraordinary',
    scheduledOn: '2026-12-10',
    participants: [AOMORI_CITY.code, HIRANAI.code, IMABETSU.code],
    agenda: ['=1+1 の確認', '議題「費用分担」, その他'],
  };
  const record = {
    heldOn: '2026-12-17',
    attendees: [
      { municipalityCode: AOMORI_CITY.code, title: '青森市企画部長' },
      { municipalityCode: HIRANAI.code, title: '平内町企画政策課長', name: '平内 一郎' },
    ],
    minutes: '延期の後に開催し、各議題を了承した。',
    outcomes: [{ kind: 'other', summary: '議題を了承した。' }],
  };

  describe('the register of the demo', () => {
    it('lists the region’s consultations by date, by fiscal year, paginated', async () => {
      const all = await api.get('/regions/aomori/consultations').expect(200);
      const ids = all.body.items.map((c: { consultationId: string }) => c.consultationId);
      expect(ids).toEqual([
        CONSULTATION_IDS.fy2019,
        CONSULTATION_IDS.fy2020,
        CONSULTATION_IDS.fy2021,
        CONSULTATION_IDS.fy2021Extraordinary,
        CONSULTATION_IDS.fy2022,
        CONSULTATION_IDS.fy2023,
        CONSULTATION_IDS.fy2024,
        CONSULTATION_IDS.fy2025,
        CONSULTATION_IDS.fy2026,
        CONSULTATION_IDS.fy2026Extraordinary,
      ]);
      const fy2023 = await api.get('/regions/aomori/consultations?fiscalYear=2023').expect(200);
      expect(fy2023.body.items).toHaveLength(1);
      expect(fy2023.body.items[0]).toMatchObject({
        consultationId: CONSULTATION_IDS.fy2023,
        status: 'cancelled',
        originallyScheduledOn: '2023-05-25',
        scheduledOn: '2023-08-30',
        heldOn: null,
        fiscalYear: 2023,
        cancellation: { cancelledOn: '2023-08-18' },
      });
      expect(fy2023.body.items[0].postponements).toEqual([
        expect.objectContaining({
          from: '2023-05-25',
          to: '2023-08-30',
          event: expect.objectContaining({ type: 'ConsultationPostponed' }),
        }),
      ]);
      const page = await api.get('/regions/aomori/consultations?limit=4').expect(200);
      expect(page.body.nextCursor).toBe(`2021-11-12~${CONSULTATION_IDS.fy2021Extraordinary}`);
      const next = await api
        .get(`/regions/aomori/consultations?limit=4&after=${page.body.nextCursor}`)
        .expect(200);
      expect(next.body.items.map((c: { consultationId: string }) => c.consultationId)).toEqual(
        ids.slice(4, 8),
      );
      problem(await api.get('/regions/aomori/consultations?after=bogus'), 400, 'ValidationFailed');
      problem(await api.get('/regions/aomori/consultations?fiscalYear=1999'), 400, 'ValidationFailed');
      problem(await api.get('/regions/nowhere/consultations'), 404, 'RegionNotFound');
    });

    it('shows a held consultation with its attendees, outcomes, and the decisions that cite it', async () => {
      const res = await api.get(`/consultations/${CONSULTATION_IDS.fy2021Extraordinary}`).expect(200);
      expect(res.headers.etag).toBe(`"${res.body.revision}"`);
      expect(res.body).toMatchObject({
        kind: 'extraordinary',
        status: 'held',
        heldOn: '2021-11-12',
        fiscalYear: 2021,
        participants: ['022012', '023019', '023035', '023043', '023078'],
      });
      expect(res.body.attendees[0]).toEqual({
        municipalityCode: '022012',
        municipalityName: '青森市',
        title: '青森市企画部長',
      });
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
        'ConsultationScheduled',
        'ConsultationHeld',
      ]);
      expect(res.body.citedBy).toEqual([
        expect.objectContaining({
          kind: 'cost-share-revision',
          streamId: 'project-aomori-tourism-route',
          ref: { projectId: 'aomori-tourism-route', decisionId: 'tourism-route-fy2021-r1', fiscalYear: 2021 },
          summary: '令和3年度「広域観光周遊ルート形成事業」の費用分担の変更（総額13,800,000円、2021-11-12）',
        }),
      ]);
      // The citation names a real event: the revision as the project register records it.
      const register = await api
        .get('/projects/aomori-tourism-route/cost-shares?fiscalYear=2021')
        .expect(200);
      const revision = register.body.fiscalYears[0].decisions[1];
      expect(res.body.citedBy[0]).toMatchObject({
        eventId: revision.event.eventId,
        position: revision.event.position,
      });
      problem(await api.get('/consultations/nope'), 404, 'ConsultationNotFound');
    });

    it('keeps an outcome’s citation of an earlier event (the 今別町 amendment it agreed to start)', async () => {
      const res = await api.get(`/consultations/${CONSULTATION_IDS.fy2022}`).expect(200);
      const cites = res.body.outcomes.find((o: { kind: string }) => o.kind === 'amendment').cites;
      const history = await api.get('/agreements/aomori-imabetsu/history?limit=500').expect(200);
      const opened = history.body.items.find(
        (e: { type: string; proceedingId?: string }) =>
          e.type === 'ProceedingOpened' && e.proceedingId === 'imabetsu-amendment-2022',
      );
      expect(cites).toEqual({
        streamId: 'agreement-aomori-imabetsu',
        eventId: opened.eventId,
        type: 'ProceedingOpened',
        position: opened.position,
      });
      expect(res.body.citedBy.map((c: { ref: { projectId: string } }) => c.ref.projectId).sort()).toEqual([
        'aomori-migration-desk',
        'aomori-tourism-route',
      ]);
    });

    it('serves the register as CSV with Japanese, quoting, line breaks in cells', async () => {
      const res = await api
        .get('/regions/aomori/consultations?fiscalYear=2023')
        .set('accept', 'text/csv')
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="consultations-aomori-2023.csv"');
      expect(res.text).toMatch(/\r\n$/);
      const rows = parseCsv(res.text);
      expect(rows[0]?.slice(0, 5)).toEqual(['協議ID', '年度', '年度（和暦）', '区分', '状態']);
      expect(rows).toHaveLength(2);
      const row = rows[1] ?? [];
      expect(row.slice(0, 8)).toEqual([
        CONSULTATION_IDS.fy2023,
        '2023',
        '令和5年度',
        '定期協議',
        '中止',
        '2023-05-25',
        '2023-08-30',
        '',
      ]);
      expect(row[8]?.split('\n')).toHaveLength(6);
      expect(row[12]).toBe(
        '延期（2023-05-15）: 各町村の議会日程と重なったため（例示）\n中止（2023-08-18）: 大雨災害への対応を優先するため（例示）',
      );
      const all = await api.get('/regions/aomori/consultations').set('accept', 'text/csv').expect(200);
      expect(parseCsv(all.text)).toHaveLength(11);
    });
  });

  describe('writes', () => {
    it('schedules (replaying a retried POST), postpones, then records once', async () => {
      const first = await api
        .post('/regions/aomori/consultations', schedule, api.secretariat, {
          'idempotency-key': 'schedule-extra-2',
        })
        .expect(201);
      expect(first.headers.location).toBe(`/consultations/${NEW}`);
      const head = await api.head();
      const replay = await api
        .post('/regions/aomori/consultations', schedule, api.secretariat, {
          'idempotency-key': 'schedule-extra-2',
        })
        .expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(await api.head()).toBe(head);
      await api.refused(
        () => api.post('/regions/aomori/consultations', schedule),
        409,
        'ConsultationAlreadyScheduled',
      );

      // Each step is recorded once it has happened: the clock moves with the story (from here on,
      // the later tests of this file run on 2026-12-17).
      await api.refused(
        () =>
          api.post(`/consultations/${NEW}/postponement`, {
            postponedOn: '2026-12-01',
            rescheduledTo: '2026-12-17',
            reason: '議会日程との調整のため',
          }),
        422,
        'ConsultationDateInFuture',
      );
      t.clock.set('2026-12-01T03:00:00.000Z');
      await api
        .post(`/consultations/${NEW}/postponement`, {
          postponedOn: '2026-12-01',
          rescheduledTo: '2026-12-17',
          reason: '議会日程との調整のため',
        })
        .expect(201);
      const postponed = await api.get(`/consultations/${NEW}`).expect(200);
      expect(postponed.body).toMatchObject({
        status: 'postponed',
        scheduledOn: '2026-12-17',
        originallyScheduledOn: '2026-12-10',
        fiscalYear: 2026,
      });

      const stale = await api.refused(
        () => api.post(`/consultations/${NEW}/record`, record, api.secretariat, { 'if-match': '"0"' }),
        412,
        'RevisionMismatch',
      );
      expect(stale.currentRevision).toBe('1');
      await api.refused(
        () => api.post(`/consultations/${NEW}/record`, record, api.secretariat, { 'if-match': '"1"' }),
        422,
        'ConsultationDateInFuture',
      );
      t.clock.set('2026-12-17T03:00:00.000Z');
      await api
        .post(`/consultations/${NEW}/record`, record, api.secretariat, { 'if-match': '"1"' })
        .expect(201);
      const held = await api.get(`/consultations/${NEW}`).expect(200);
      expect(held.body).toMatchObject({
        status: 'held',
        heldOn: '2026-12-17',
        minutes: record.minutes,
        agenda: schedule.agenda,
      });
      expect(held.body.attendees[1]).toEqual({
        municipalityCode: '023019',
        municipalityName: '平内町',
        title: '平内町企画政策課長',
        name: '平内 一郎',
      });

      const twice = await api.refused(
        () => api.post(`/consultations/${NEW}/record`, record),
        409,
        'ConsultationAlreadyRecorded',
      );
      // Named as the register names it (its kind and the day set for it), the id in a machine field.
      expect(twice.detail).toContain('協議（令和8年12月17日）は2026-12-17に開催済みとして記録されています');
      expect(twice.detail).not.toContain(NEW);
      expect(twice.consultationId).toBe(NEW);
      await api.refused(
        () => api.post(`/consultations/${NEW}/cancellation`, { cancelledOn: '2026-12-18', reason: '重複' }),
        409,
        'ConsultationAlreadyRecorded',
      );
      await api.refused(
        () => api.post(`/consultations/${NEW}/postponement`, { postponedOn: '2026-12-18', reason: '重複' }),
        409,
        'ConsultationAlreadyRecorded',
      );
    });

    it('neutralises a formula in a CSV cell', async () => {
      const res = await api
        .get('/regions/aomori/consultations?fiscalYear=2026')
        .set('accept', 'text/csv')
        .expect(200);
      const row = parseCsv(res.text).find((r) => r[0] === NEW) ?? [];
      expect(row[10]).toBe("'=1+1 の確認\n議題「費用分担」, その他");
      expect(res.text).toContain('"\'=1+1 の確認\n議題「費用分担」, その他"');
    });

    it('cancels with a reason; nothing more is recorded on a cancelled consultation', async () => {
      const id = 'aomori-fy2026-extra-3';
      await api.post('/regions/aomori/consultations', { ...schedule, consultationId: id }).expect(201);
      await api
        .post(`/consultations/${id}/cancellation`, {
          cancelledOn: '2026-12-01',
          reason: '議題がなくなったため',
        })
        .expect(201);
      const res = await api.get(`/consultations/${id}`).expect(200);
      expect(res.body).toMatchObject({
        status: 'cancelled',
        cancellation: { cancelledOn: '2026-12-01', reason: '議題がなくなったため' },
      });
      await api.refused(() => api.post(`/consultations/${id}/record`, record), 409, 'ConsultationCancelled');
      await api.refused(
        () => api.post(`/consultations/${id}/cancellation`, { cancelledOn: '2026-12-02', reason: 'x' }),
        409,
        'ConsultationCancelled',
      );
    });

    it('answers each broken rule with problem+json and writes nothing', async () => {
      const id = 'aomori-fy2026-extra-4';
      const scheduleWith = (body: object) => () =>
        api.post('/regions/aomori/consultations', { ...schedule, consultationId: id, ...body });
      const notMember = await api.refused(
        scheduleWith({ participants: [AOMORI_CITY.code, FICTIONAL_HAMANASUDAI.code] }),
        422,
        'ParticipantNotRegionMember',
      );
      // The region by its name, as the region page titles it; its id stays in the URL.
      for (const words of [notMember.detail, ...(notMember.errors ?? []).map((e) => e.message)]) {
        expect(words).toContain(
          '令和8年12月10日に青森圏域連携中枢都市圏の連携中枢都市（青森市）との連携協約',
        );
        expect(words).not.toMatch(/aomori/);
      }
      await api.refused(
        scheduleWith({ participants: [HIRANAI.code, IMABETSU.code] }),
        422,
        'ConsultationNeedsCoreCityAndPartner',
      );
      await api.refused(
        scheduleWith({ participants: [AOMORI_CITY.code, HIRANAI.code, HIRANAI.code] }),
        422,
        'DuplicateParticipant',
      );
      await api.refused(
        () => api.post('/regions/nowhere/consultations', { ...schedule, consultationId: id }),
        404,
        'RegionNotFound',
      );
      const bad = await api.refused(
        scheduleWith({ kind: 'monthly', scheduledOn: '2026-13-01', agenda: [] }),
        400,
        'ValidationFailed',
      );
      expect(bad.errors?.map((e) => e.field).sort()).toEqual(['agenda', 'kind', 'scheduledOn']);

      await api.post('/regions/aomori/consultations', { ...schedule, consultationId: id }).expect(201);
      const postponeBad = await api.refused(
        () =>
          api.post(`/consultations/${id}/postponement`, { postponedOn: '2026-12-01', rescheduledTo: 'soon' }),
        400,
        'ValidationFailed',
      );
      expect([...new Set(postponeBad.errors?.map((e) => e.field))].sort()).toEqual([
        'reason',
        'rescheduledTo',
      ]);
      await api.refused(
        () =>
          api.post(`/consultations/${id}/postponement`, {
            postponedOn: '2026-12-05',
            rescheduledTo: '2026-12-01',
            reason: '会場の都合',
          }),
        422,
        'StepDateBeforePreviousStep',
      );
      const cancelBad = await api.refused(
        () => api.post(`/consultations/${id}/cancellation`, { cancelledOn: '2026/12/01', reason: '' }),
        400,
        'ValidationFailed',
      );
      expect([...new Set(cancelBad.errors?.map((e) => e.field))].sort()).toEqual(['cancelledOn', 'reason']);
      const recordWith = (body: object) => () =>
        api.post(`/consultations/${id}/record`, { ...record, ...body });
      await api.refused(
        recordWith({ attendees: [{ municipalityCode: '023043', title: '蓬田村企画商工課長' }] }),
        422,
        'AttendeeNotParticipant',
      );
      const unknown = await api.refused(
        recordWith({
          outcomes: [
            {
              kind: 'other',
              summary: 's',
              cites: {
                streamId: 'project-aomori-tourism-route',
                eventId: '00000000-0000-7000-8000-000000000000',
              },
            },
          ],
        }),
        422,
        'OutcomeCitesUnknownEvent',
      );
      expect(unknown.errors?.[0]?.field).toBe('outcomes[0].cites.eventId');
      await api.refused(
        recordWith({
          outcomes: [{ kind: 'other', summary: 's', cites: { streamId: 'doubt-none', eventId: 'x' } }],
        }),
        422,
        'OutcomeCitesUnknownEvent',
      );
      const tourism = await api.get('/projects/aomori-tourism-route').expect(200);
      const mismatch = await api.refused(
        recordWith({
          outcomes: [
            {
              kind: 'amendment',
              summary: 's',
              cites: { streamId: 'project-aomori-tourism-route', eventId: tourism.body.registration.eventId },
            },
          ],
        }),
        422,
        'OutcomeCitationMismatch',
      );
      // Records named as the history names them; the event type and stream stay machine fields.
      expect(mismatch.detail).toBe(
        '区分「協約の変更」の協議結果は「事業の登録」の記録を引用できません。引用できるのは手続の開始、案の記録又は締結の記録です。引用する記録を選び直すか、区分を「その他」にしてください。',
      );
      expect(mismatch).toMatchObject({
        citedType: 'ProjectRegistered',
        citedStreamId: 'project-aomori-tourism-route',
      });
      const badRecord = await api.refused(
        recordWith({ heldOn: 'yesterday', attendees: [], outcomes: [{ kind: 'gossip', summary: '' }] }),
        400,
        'ValidationFailed',
      );
      expect(badRecord.errors?.map((e) => e.field).sort()).toEqual([
        'attendees',
        'heldOn',
        'outcomes.0.kind',
        'outcomes.0.summary',
      ]);
    });

    it('refuses steps on an unknown consultation, and from roles that may not write', async () => {
      await api.refused(() => api.post('/consultations/nope/record', record), 404, 'ConsultationNotFound');
      await api.refused(
        () => api.post('/consultations/nope/postponement', { postponedOn: '2026-12-01', reason: 'r' }),
        404,
        'ConsultationNotFound',
      );
      await api.refused(
        () => api.post(`/consultations/${NEW}/record`, record, t.token('reader')),
        403,
        'RoleNotAllowed',
      );
      const clerk = await api.refused(
        () => api.post('/regions/aomori/consultations', schedule, t.token('clerk', AOMORI_CITY.code)),
        403,
        'RoleNotAllowed',
      );
      // The roles as the web application labels them, never their identifiers.
      expect(clerk.detail).toBe('担当職員はこの操作を行えません（行える役割: 事務局、管理者）。');
    });

    it('answers an unknown id with a 404 whose detail is Japanese, as the web app shows it', async () => {
      const missing = problem(await api.get('/consultations/nope'), 404, 'ConsultationNotFound');
      expect(missing.title).toBe('Not Found');
      expect(missing.detail).toBe(
        '協議「nope」は登録されていません。登録されている協議は圏域のページの「定期的な協議」にあります。',
      );
      const region = problem(await api.get('/regions/nowhere/consultations'), 404, 'RegionNotFound');
      expect(region.detail).toBe(
        '圏域「nowhere」は登録されていません。登録されている圏域は「圏域と協約の一覧」にあります。',
      );
    });
  });
});
