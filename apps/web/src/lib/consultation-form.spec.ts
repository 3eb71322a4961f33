import { describe, expect, it } from '@jest/globals';
import {
  attendeeFieldNames,
  checkCancel,
  checkPostpone,
  checkRecord,
  checkSchedule,
  emptyOutcome,
  type RecordValues,
  recordFields,
} from './consultation-form';
import { type CitableRecord, citeKey } from './citable-records';
import type { Issue } from './form-validation';
import { placeProblemErrors, toProblem } from './problem';

const AOMORI = '022012';
const HIRANAI = '023019';
const IMABETSU = '023035';

function issues<T>(
  checked: { ok: true; body: T } | { ok: false; issues: Issue[] },
): Record<string, string[]> {
  if (checked.ok) return {};
  const byField: Record<string, string[]> = {};
  for (const issue of checked.issues) (byField[issue.field] ??= []).push(issue.key);
  return byField;
}

describe('協議の予定', () => {
  const schedule = {
    consultationId: '',
    kind: 'periodic',
    scheduledOn: '2026-11-20',
    participants: [HIRANAI, AOMORI],
    agenda: '令和9年度の連携事業について\n\n  費用分担について  \n',
  };

  it('sends the agenda one item a line (blank lines dropped), the core city first', () => {
    expect(checkSchedule(schedule, AOMORI)).toEqual({
      ok: true,
      body: {
        kind: 'periodic',
        scheduledOn: '2026-11-20',
        participants: [AOMORI, HIRANAI],
        agenda: ['令和9年度の連携事業について', '費用分担について'],
      },
    });
  });

  it('needs the core city and a partner, an agenda, a kind and a date', () => {
    expect(
      issues(
        checkSchedule(
          {
            consultationId: 'Extra 1',
            kind: 'monthly',
            scheduledOn: '',
            participants: [HIRANAI, IMABETSU],
            agenda: ' \n ',
          },
          AOMORI,
        ),
      ),
    ).toEqual({
      consultationId: ['validation.id'],
      kind: ['validation.choose'],
      scheduledOn: ['validation.required'],
      participants: ['validation.coreCityAndPartner'],
      agenda: ['validation.required'],
    });
    expect(issues(checkSchedule({ ...schedule, participants: [AOMORI] }, AOMORI))).toEqual({
      participants: ['validation.coreCityAndPartner'],
    });
    expect(issues(checkSchedule({ ...schedule, agenda: 'x'.repeat(1001) }, AOMORI))).toEqual({
      agenda: ['validation.lineTooLong'],
    });
  });
});

describe('協議の開催の記録', () => {
  const aomori = { municipalityCode: AOMORI, attended: true, title: '青森市企画部長', name: '' };
  const held: RecordValues = {
    heldOn: '2026-11-20',
    attendees: [
      aomori,
      { municipalityCode: HIRANAI, attended: false, title: '', name: '' },
      { municipalityCode: IMABETSU, attended: true, title: '今別町企画課長', name: '今別 花子' },
    ],
    minutes: '各議題を了承した。',
    agenda: '費用分担について',
    outcomes: [
      { ...emptyOutcome(), kind: 'cost-share-decision', summary: '令和9年度の費用分担を了承した。' },
    ],
  };

  it('sends only the municipalities that attended, numbered as the API numbers them', () => {
    expect(checkRecord(held, [])).toEqual({
      ok: true,
      body: {
        heldOn: '2026-11-20',
        attendees: [
          { municipalityCode: AOMORI, title: '青森市企画部長' },
          { municipalityCode: IMABETSU, title: '今別町企画課長', name: '今別 花子' },
        ],
        minutes: '各議題を了承した。',
        agenda: ['費用分担について'],
        outcomes: [{ kind: 'cost-share-decision', summary: '令和9年度の費用分担を了承した。' }],
      },
    });
    const names = attendeeFieldNames(held.attendees);
    expect(names[`title:${IMABETSU}`]).toBe('attendees.1.title');
    expect(names[`title:${HIRANAI}`]).toBe(`absent.${HIRANAI}.title`);
    // The API's answer about the second attendee lands at 今別町's input.
    const problem = toProblem(400, 'Bad Request', {
      type: '/problems/ValidationFailed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request does not meet the rules listed in errors[]; nothing was recorded.',
      errors: [{ field: 'attendees[1].title', rule: 'isNotEmpty', message: 'title should not be empty' }],
    });
    expect(placeProblemErrors(problem, recordFields(held)).byField).toEqual({
      'attendees.1.title': ['title should not be empty'],
    });
  });

  /** Records as the picker offers them (citable-records.ts names them; only the ids matter here). */
  const conclusion: CitableRecord = {
    streamId: 'agreement-aomori-hiranai',
    eventId: 'e-concluded',
    type: 'ProceedingConcluded',
    group: '青森市・平内町 連携中枢都市圏の形成に係る連携協約',
    label: '締結：変更（令和8年6月1日） 第3版（令和8年10月1日）',
  };
  const decision: CitableRecord = {
    streamId: 'project-aomori-digital-platform',
    eventId: 'e-decided',
    type: 'CostShareDecided',
    group: '事業「行政手続オンライン化共同システム事業」',
    label: '費用分担の決定：令和3年度（令和3年5月21日）',
  };

  it('needs an attendee with a title, the minutes, and a cited record that the outcome’s kind may cite', () => {
    const none = held.attendees.map((a) => ({ ...a, attended: false }));
    expect(
      issues(
        checkRecord(
          {
            ...held,
            attendees: none,
            minutes: ' ',
            // A cost share chosen, then the kind changed to 協約の変更: no longer citable.
            outcomes: [{ kind: 'amendment', summary: '', cites: citeKey(decision) }],
          },
          [conclusion, decision],
        ),
      ),
    ).toEqual({
      attendees: ['validation.attendeesRequired'],
      minutes: ['validation.required'],
      'outcomes.0.summary': ['validation.required'],
      'outcomes.0.cites': ['validation.citesKind'],
    });
    expect(issues(checkRecord({ ...held, attendees: [{ ...aomori, title: '' }] }, []))).toEqual({
      'attendees.0.title': ['validation.required'],
    });
    const cited = checkRecord(
      {
        ...held,
        outcomes: [
          { kind: 'amendment', summary: '変更に着手する。', cites: citeKey(conclusion) },
          { kind: 'other', summary: '費用分担の決算を確認した。', cites: citeKey(decision) },
          { kind: 'other', summary: 'その他', cites: '' },
        ],
      },
      [conclusion, decision],
    );
    // The API takes the ids, as before.
    expect(cited.ok && cited.body.outcomes).toEqual([
      {
        kind: 'amendment',
        summary: '変更に着手する。',
        cites: { streamId: 'agreement-aomori-hiranai', eventId: 'e-concluded' },
      },
      {
        kind: 'other',
        summary: '費用分担の決算を確認した。',
        cites: { streamId: 'project-aomori-digital-platform', eventId: 'e-decided' },
      },
      { kind: 'other', summary: 'その他' },
    ]);
  });

  it('places the API’s refusal of a citation (at cites.eventId or cites) at the one choice', () => {
    const values = { ...held, outcomes: [{ kind: 'amendment', summary: 'x', cites: citeKey(conclusion) }] };
    const problem = toProblem(409, 'Conflict', {
      type: '/problems/OutcomeCitesUnknownEvent',
      title: 'Conflict',
      status: 409,
      detail: '協議結果が引用するイベントは台帳にありません。',
      errors: [{ field: 'outcomes[0].cites.eventId', rule: 'OutcomeCitesUnknownEvent', message: 'なし' }],
    });
    expect(placeProblemErrors(problem, recordFields(values)).byField).toEqual({
      'outcomes.0.cites': ['なし'],
    });
  });
});

describe('延期・中止', () => {
  it('takes a new date only on or after the day the postponement was decided', () => {
    expect(checkPostpone({ postponedOn: '2026-11-01', rescheduledTo: '', reason: '議会日程のため' })).toEqual(
      {
        ok: true,
        body: { postponedOn: '2026-11-01', reason: '議会日程のため' },
      },
    );
    expect(
      issues(
        checkPostpone({ postponedOn: '2026-11-01', rescheduledTo: '2026-10-31', reason: '議会日程のため' }),
      ),
    ).toEqual({ rescheduledTo: ['validation.notBefore'] });
    expect(issues(checkPostpone({ postponedOn: '2026-11-31', rescheduledTo: 'soon', reason: '' }))).toEqual({
      postponedOn: ['validation.date'],
      rescheduledTo: ['validation.date'],
      reason: ['validation.required'],
    });
  });

  it('cancels with the day and the reason', () => {
    expect(checkCancel({ cancelledOn: '2026-11-02', reason: '災害対応のため' }).ok).toBe(true);
    expect(issues(checkCancel({ cancelledOn: '', reason: 'x'.repeat(4001) }))).toEqual({
      cancelledOn: ['validation.required'],
      reason: ['validation.tooLong'],
    });
  });
});
