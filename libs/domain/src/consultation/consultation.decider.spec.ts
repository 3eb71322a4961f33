import type { RegionMembership } from '../region/region-members';
import { kitActors, DeciderSpecification, KIT_TODAY } from '@kyoyaku/domain/testing';
import type {
  CancelConsultation,
  PostponeConsultation,
  RecordConsultation,
  ScheduleConsultation,
} from './consultation.commands';
import { consultationDecider, consultationRecordFacts } from './consultation.decider';
import type { ConsultationEvent } from './consultation.events';

const spec = DeciderSpecification.for(consultationDecider);
const AOMORI = { code: '022012', name: '青森市' };
const HIRANAI = { code: '023019', name: '平内町' };
const IMABETSU = { code: '023035', name: '今別町' };
const CID = 'aomori-2024-periodic';

const membership = (on = '2024-05-20'): RegionMembership => ({
  regionId: 'aomori',
  regionName: '青森圏域',
  on,
  coreCity: AOMORI,
  members: [
    { ...HIRANAI, agreements: [{ agreementId: 'aomori-hiranai', versionNumber: 2 }] },
    { ...IMABETSU, agreements: [{ agreementId: 'aomori-imabetsu', versionNumber: 2 }] },
  ],
});

const schedule = (o: Partial<ScheduleConsultation> = {}): ScheduleConsultation => ({
  type: 'ScheduleConsultation',
  actor: kitActors.secretariat,
  consultationId: CID,
  regionId: 'aomori',
  kind: 'periodic',
  scheduledOn: '2024-05-20',
  participants: ['023035', '022012', '023019'],
  agenda: ['令和6年度の連携事業について', '費用分担について'],
  facts: { membership: membership(o.scheduledOn) },
  ...o,
});
const record = (o: Partial<RecordConsultation> = {}): RecordConsultation => ({
  type: 'RecordConsultation',
  actor: kitActors.secretariat,
  consultationId: CID,
  heldOn: '2024-05-20',
  attendees: [
    { municipalityCode: '022012', title: '青森市企画部長' },
    { municipalityCode: '023019', title: '平内町企画政策課長', name: '平内 一郎' },
    { municipalityCode: '023035', title: '今別町総務課長' },
  ],
  minutes: '各事業の進捗を確認し、費用分担を了承した。',
  outcomes: [{ kind: 'cost-share-decision', summary: '令和6年度の費用分担を了承した。' }],
  facts: { citedEvents: [], today: KIT_TODAY },
  ...o,
});
const postpone = (o: Partial<PostponeConsultation> = {}): PostponeConsultation => ({
  type: 'PostponeConsultation',
  actor: kitActors.secretariat,
  consultationId: CID,
  postponedOn: '2024-05-10',
  rescheduledTo: '2024-06-03',
  reason: '議会日程との調整のため',
  facts: { today: KIT_TODAY },
  ...o,
});
const cancel = (o: Partial<CancelConsultation> = {}): CancelConsultation => ({
  type: 'CancelConsultation',
  actor: kitActors.secretariat,
  consultationId: CID,
  cancelledOn: '2024-05-15',
  reason: '災害対応のため',
  facts: { today: KIT_TODAY },
  ...o,
});

const scheduled: ConsultationEvent = {
  type: 'ConsultationScheduled',
  schemaVersion: 1,
  data: {
    consultationId: CID,
    regionId: 'aomori',
    kind: 'periodic',
    scheduledOn: '2024-05-20',
    participants: [AOMORI, HIRANAI, IMABETSU],
    agenda: ['令和6年度の連携事業について', '費用分担について'],
  },
};
const held = (): ConsultationEvent =>
  spec
    .given([scheduled])
    .when(record())
    .then([
      {
        type: 'ConsultationHeld',
        schemaVersion: 1,
        data: {
          consultationId: CID,
          heldOn: '2024-05-20',
          attendees: [
            { municipalityCode: '022012', municipalityName: '青森市', title: '青森市企画部長' },
            {
              municipalityCode: '023019',
              municipalityName: '平内町',
              title: '平内町企画政策課長',
              name: '平内 一郎',
            },
            { municipalityCode: '023035', municipalityName: '今別町', title: '今別町総務課長' },
          ],
          agenda: ['令和6年度の連携事業について', '費用分担について'],
          minutes: '各事業の進捗を確認し、費用分担を了承した。',
          outcomes: [{ kind: 'cost-share-decision', summary: '令和6年度の費用分担を了承した。' }],
        },
      },
    ])[0] as ConsultationEvent;
const postponed: ConsultationEvent = {
  type: 'ConsultationPostponed',
  schemaVersion: 1,
  data: {
    consultationId: CID,
    postponedOn: '2024-05-10',
    from: '2024-05-20',
    to: '2024-06-03',
    reason: '議会日程との調整のため',
  },
};
const cancelled: ConsultationEvent = {
  type: 'ConsultationCancelled',
  schemaVersion: 1,
  data: { consultationId: CID, cancelledOn: '2024-05-15', reason: '災害対応のため' },
};

describe('consultation decider', () => {
  it('schedules with participants named from the membership, core city first', () => {
    spec.given([]).when(schedule()).then([scheduled]);
    expect(consultationRecordFacts(spec.given([scheduled]).state(), () => '青森圏域')).toEqual({
      consultationId: CID,
      kind: 'periodic',
      scheduledOn: '2024-05-20',
      regionId: 'aomori',
      regionName: '青森圏域',
      status: 'scheduled',
      heldOn: null,
      attendingMunicipalities: [],
    });
  });

  it('records a held consultation once, with attendees named from the participants', () => {
    const event = held();
    expect(consultationRecordFacts(spec.given([scheduled, event]).state(), () => '青森圏域')).toMatchObject({
      status: 'held',
      heldOn: '2024-05-20',
      attendingMunicipalities: ['022012', '023019', '023035'],
    });
    spec.given([scheduled, event]).when(record()).thenThrows('ConsultationAlreadyRecorded', 'conflict');
    spec.given([scheduled, event]).when(postpone()).thenThrows('ConsultationAlreadyRecorded');
    spec.given([scheduled, event]).when(cancel()).thenThrows('ConsultationAlreadyRecorded');
  });

  it('postpones to a new date (or to none), then holds', () => {
    spec.given([scheduled]).when(postpone()).then([postponed]);
    const state = spec.given([scheduled, postponed]).state();
    expect(state).toMatchObject({
      status: 'postponed',
      scheduledOn: '2024-06-03',
      originallyScheduledOn: '2024-05-20',
    });
    spec
      .given([scheduled])
      .when(postpone({ rescheduledTo: undefined }))
      .thenEvents((events) => expect(events[0]?.data).not.toHaveProperty('to'));
    spec
      .given([scheduled, postponed])
      .when(record({ heldOn: '2024-06-03' }))
      .thenEvents((events) => expect(events[0]?.type).toBe('ConsultationHeld'));
    spec
      .given([scheduled, postponed])
      .when(postpone({ postponedOn: '2024-05-30', rescheduledTo: '2024-07-01' }))
      .thenEvents((events) =>
        expect(events[0]?.data).toMatchObject({ from: '2024-06-03', to: '2024-07-01' }),
      );
  });

  it('cancels with a reason; a cancelled consultation takes nothing more (ConsultationCancelled)', () => {
    spec.given([scheduled]).when(cancel()).then([cancelled]);
    spec.given([scheduled, cancelled]).when(record()).thenThrows('ConsultationCancelled', 'conflict');
    spec.given([scheduled, cancelled]).when(postpone()).thenThrows('ConsultationCancelled');
    spec.given([scheduled, cancelled]).when(cancel()).thenThrows('ConsultationCancelled');
  });

  it('only secretariat and admin record consultations (ActorNotPermitted)', () => {
    spec
      .given([])
      .when(schedule({ actor: kitActors.partnerClerk }))
      .thenThrows('ActorNotPermitted', 'forbidden');
    spec
      .given([scheduled])
      .when(record({ actor: kitActors.reader }))
      .thenThrows('ActorNotPermitted');
    spec
      .given([])
      .when(schedule({ actor: kitActors.admin }))
      .thenEvents((e) => expect(e).toHaveLength(1));
  });

  it('ConsultationAlreadyScheduled / ConsultationNotFound / RegionNotFound', () => {
    spec.given([scheduled]).when(schedule()).thenThrows('ConsultationAlreadyScheduled', 'conflict');
    spec.given([]).when(record()).thenThrows('ConsultationNotFound', 'not-found');
    spec.given([]).when(postpone()).thenThrows('ConsultationNotFound');
    spec.given([]).when(cancel()).thenThrows('ConsultationNotFound');
    spec
      .given([])
      .when(schedule({ facts: { membership: null } }))
      .thenThrows('RegionNotFound', 'not-found');
  });

  it('participants: valid codes, each once, members on the date, the core city and a partner', () => {
    spec
      .given([])
      .when(schedule({ participants: ['022012', '023011'] }))
      .thenThrows('InvalidMunicipalityCode', 'invalid');
    spec
      .given([])
      .when(schedule({ participants: ['022012', '023019', '023019'] }))
      .thenThrows('DuplicateParticipant', 'invalid');
    const notMember = spec
      .given([])
      .when(schedule({ participants: ['022012', '023043'] }))
      .thenThrows('ParticipantNotRegionMember', 'invalid');
    expect(notMember.field).toBe('participants[1]');
    // The region by its name (the membership facts carry it), not by its id.
    expect(notMember.message).toContain(
      '令和6年5月20日に青森圏域の連携中枢都市（青森市）との連携協約が施行されている団体ではありません',
    );
    expect(notMember.message).not.toContain('aomori');
    spec
      .given([])
      .when(schedule({ participants: ['023019', '023035'] }))
      .thenThrows('ConsultationNeedsCoreCityAndPartner', 'invalid');
    spec
      .given([])
      .when(schedule({ participants: ['022012'] }))
      .thenThrows('ConsultationNeedsCoreCityAndPartner');
  });

  it('validates kind, dates, agenda, minutes and attendees', () => {
    spec
      .given([])
      .when(schedule({ kind: 'monthly' as unknown as ScheduleConsultation['kind'] }))
      .thenThrows('InvalidValue');
    spec
      .given([])
      .when(schedule({ scheduledOn: '2024-02-30' }))
      .thenThrows('InvalidDate');
    spec
      .given([])
      .when(schedule({ agenda: [] }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([])
      .when(schedule({ agenda: ['  '] }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([scheduled])
      .when(record({ minutes: '' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([scheduled])
      .when(record({ attendees: [] }))
      .thenThrows('AttendeesRequired', 'invalid');
    spec
      .given([scheduled])
      .when(record({ attendees: [{ municipalityCode: '023043', title: '蓬田村長' }] }))
      .thenThrows('AttendeeNotParticipant', 'invalid');
    spec
      .given([scheduled])
      .when(record({ attendees: [{ municipalityCode: '022012', title: ' ' }] }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([scheduled])
      .when(postpone({ reason: '' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given([scheduled])
      .when(cancel({ reason: '' }))
      .thenThrows('RequiredValueMissing');
  });

  it('steps are not dated before the last postponement (StepDateBeforePreviousStep)', () => {
    spec
      .given([scheduled, postponed])
      .when(record({ heldOn: '2024-05-09' }))
      .thenThrows('StepDateBeforePreviousStep', 'invalid');
    spec
      .given([scheduled])
      .when(postpone({ postponedOn: '2024-05-10', rescheduledTo: '2024-05-09' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given([scheduled, postponed])
      .when(cancel({ cancelledOn: '2024-05-01' }))
      .thenThrows('StepDateBeforePreviousStep');
  });

  describe('outcomes citing events', () => {
    const amendmentOpened = {
      streamId: 'agreement-aomori-imabetsu',
      eventId: '0190f3a0-0000-7000-8000-000000000001',
      type: 'ProceedingOpened',
      position: '120',
    };

    it('cite an event the ledger holds, recording its type and position', () => {
      spec
        .given([scheduled])
        .when(
          record({
            outcomes: [
              {
                kind: 'amendment',
                summary: '移住促進に係る変更案を議会に提案することを了承した。',
                cites: { streamId: amendmentOpened.streamId, eventId: amendmentOpened.eventId },
              },
            ],
            facts: { citedEvents: [amendmentOpened], today: KIT_TODAY },
          }),
        )
        .thenEvents((events) => {
          const data = events[0]?.data as { outcomes: unknown[] };
          expect(data.outcomes).toEqual([
            {
              kind: 'amendment',
              summary: '移住促進に係る変更案を議会に提案することを了承した。',
              cites: amendmentOpened,
            },
          ]);
        });
    });

    it('OutcomeCitesUnknownEvent: the cited event is not in the ledger', () => {
      const error = spec
        .given([scheduled])
        .when(
          record({
            outcomes: [{ kind: 'other', summary: 'x', cites: { streamId: 'project-p1', eventId: 'nope' } }],
          }),
        )
        .thenThrows('OutcomeCitesUnknownEvent', 'invalid');
      expect(error.field).toBe('outcomes[0].cites.eventId');
    });

    it('OutcomeCitationMismatch: a cost-share outcome citing an agreement event', () => {
      const mismatch = spec
        .given([scheduled])
        .when(
          record({
            outcomes: [
              {
                kind: 'cost-share-decision',
                summary: 'x',
                cites: { streamId: amendmentOpened.streamId, eventId: amendmentOpened.eventId },
              },
            ],
            facts: { citedEvents: [amendmentOpened], today: KIT_TODAY },
          }),
        )
        .thenThrows('OutcomeCitationMismatch', 'invalid');
      // Named as the history names records, not by event type or stream id (those stay in details).
      expect(mismatch.message).toBe(
        '区分「費用分担」の協議結果は「手続の開始」の記録を引用できません。引用できるのは費用分担の決定又は費用分担の改定の記録です。引用する記録を選び直すか、区分を「その他」にしてください。',
      );
      expect(mismatch.details).toEqual({
        citedType: 'ProceedingOpened',
        citedStreamId: amendmentOpened.streamId,
      });
      spec
        .given([scheduled])
        .when(
          record({
            outcomes: [{ kind: 'bribe' as 'other', summary: 'x' }],
          }),
        )
        .thenThrows('InvalidValue');
    });
  });

  it('evolve ignores events that do not fit', () => {
    expect(consultationDecider.evolve(consultationDecider.initialState(), cancelled)).toEqual({
      status: 'initial',
    });
    const state = consultationDecider.evolve(consultationDecider.initialState(), scheduled);
    expect(consultationDecider.evolve(state, scheduled)).toBe(state);
    expect(consultationRecordFacts(consultationDecider.initialState(), () => '青森圏域')).toBeNull();
  });
});

describe('consultation decider — recorded dates on or before today in Japan (ConsultationDateInFuture)', () => {
  const today = (date: string) => ({ today: date });

  it('records a consultation held today, and refuses it held tomorrow (its scheduled date ahead was a plan)', () => {
    spec
      .given([scheduled])
      .when(record({ facts: { citedEvents: [], ...today('2024-05-20') } }))
      .thenEvents(([e]) => expect(e?.type).toBe('ConsultationHeld'));
    const error = spec
      .given([scheduled])
      .when(record({ facts: { citedEvents: [], ...today('2024-05-19') } }))
      .thenThrows('ConsultationDateInFuture', 'invalid');
    expect(error.field).toBe('heldOn');
    expect(error.details).toEqual({ today: '2024-05-19' });
    expect(error.message).toContain('2024-05-20');
    // Scheduling a date still ahead is a plan: no today is asked for.
    spec
      .given([])
      .when(schedule({ scheduledOn: '2099-05-20', facts: { membership: membership('2099-05-20') } }))
      .thenEvents(([e]) => expect(e?.type).toBe('ConsultationScheduled'));
  });

  it('records a postponement decided today to a new date ahead, and refuses one decided tomorrow', () => {
    spec
      .given([scheduled])
      .when(postpone({ rescheduledTo: '2099-06-03', facts: today('2024-05-10') }))
      .thenEvents(([e]) => expect(e?.type).toBe('ConsultationPostponed'));
    const error = spec
      .given([scheduled])
      .when(postpone({ facts: today('2024-05-09') }))
      .thenThrows('ConsultationDateInFuture', 'invalid');
    expect(error.field).toBe('postponedOn');
  });

  it('records a cancellation decided today, and refuses one decided tomorrow', () => {
    spec
      .given([scheduled])
      .when(cancel({ facts: today('2024-05-15') }))
      .thenEvents(([e]) => expect(e?.type).toBe('ConsultationCancelled'));
    const error = spec
      .given([scheduled])
      .when(cancel({ facts: today('2024-05-14') }))
      .thenThrows('ConsultationDateInFuture', 'invalid');
    expect(error.field).toBe('cancelledOn');
  });
});
