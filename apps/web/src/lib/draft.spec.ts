import { describe, expect, it } from '@jest/globals';
import { translate } from '../i18n/messages';
import {
  checkDraft,
  checkOpening,
  type DraftMessage,
  draftProblemMessages,
  effectiveDateSentence,
  japaneseDetail,
  readPlannedDate,
} from './draft';

const BASE = '題名\n\n第1条　本文\n';

function say(message: DraftMessage): string {
  return 'text' in message ? message.text : translate('ja', message.key, message.params);
}

describe('the planned 施行日', () => {
  it('reads 和暦 and ISO dates, and an empty field as no date planned', () => {
    expect(readPlannedDate('令和9年4月1日')).toEqual({ ok: true, value: '2027-04-01' });
    expect(readPlannedDate('R9.4.1')).toEqual({ ok: true, value: '2027-04-01' });
    expect(readPlannedDate('2027-04-01')).toEqual({ ok: true, value: '2027-04-01' });
    expect(readPlannedDate('  ')).toEqual({ ok: true, value: undefined });
  });

  it('refuses a 和暦 date that never was, saying why in Japanese', () => {
    const read = readPlannedDate('令和元年4月30日');
    expect(read.ok).toBe(false);
    expect(read.ok ? '' : read.reason).toContain('令和は令和元年5月1日から');
  });
});

describe('what the editor sends', () => {
  const values = { mode: 'text' as const, text: `${BASE}改`, amendingText: '', effectiveOn: '' };

  it('sends the text, with the planned 施行日 in ISO form', () => {
    expect(checkDraft({ ...values, effectiveOn: '令和9年4月1日' }, BASE)).toEqual({
      ok: true,
      body: { text: `${BASE}改`, effectiveOn: '2027-04-01' },
    });
  });

  it('sends a 改め文 in its mode, and nothing of the other', () => {
    expect(
      checkDraft(
        { ...values, mode: 'amendingText', amendingText: '　第1条中「本文」を「本則」に改める。' },
        BASE,
      ),
    ).toEqual({ ok: true, body: { amendingText: '　第1条中「本文」を「本則」に改める。' } });
  });

  it('says the text is unchanged instead of asking the API (line ends and trailing blanks aside)', () => {
    const checked = checkDraft({ ...values, text: '題名\r\n\r\n第1条　本文  \r\n' }, BASE);
    expect(checked).toEqual({ ok: false, issues: [{ field: 'text', key: 'draft.unchanged' }] });
  });

  it('refuses an empty statement and an unreadable date at their fields', () => {
    const checked = checkDraft({ ...values, text: ' ', effectiveOn: '平成31年5月1日' }, BASE);
    expect(checked.ok ? [] : checked.issues.map((i) => i.field)).toEqual(['text', 'effectiveOn']);
  });

  it('opens the proceeding with the statement previewed, the draft date and an optional id', () => {
    expect(
      checkOpening({ text: 'x', effectiveOn: '2027-04-01' }, { draftedOn: '2026-11-27', proceedingId: '' }),
    ).toEqual({
      ok: true,
      body: { kind: 'amendment', draftedOn: '2026-11-27', text: 'x', effectiveOn: '2027-04-01' },
    });
    const bad = checkOpening({ text: 'x' }, { draftedOn: '', proceedingId: 'Bad Id' });
    expect(bad.ok ? [] : bad.issues.map((i) => i.field)).toEqual(['proceedingId', 'draftedOn']);
  });
});

describe('the 附則 sentence of a drafted 改め文', () => {
  it('is the line after 「附　則」', () => {
    const lines = [
      '題名',
      '　第5条中「A」を「B」に改める。',
      '',
      '附　則',
      '　この協約は、令和9年4月1日から施行する。',
      '',
    ];
    expect(effectiveDateSentence(lines)).toBe('この協約は、令和9年4月1日から施行する。');
    expect(effectiveDateSentence(['題名'])).toBeUndefined();
  });
});

describe('the refusals, in Japanese', () => {
  it('names a known code in Japanese and quotes the line and its Japanese reason', () => {
    const detail =
      'The 改め文 does not read: line 1 「第9条中「定期的に」を「毎年度1回以上」に改める。」: 第9条が見つかりません';
    const messages = draftProblemMessages({
      type: '/problems/AmendingTextUnreadable',
      title: 'Unprocessable Content',
      status: 422,
      code: 'AmendingTextUnreadable',
      detail,
      errors: [{ field: 'amendingText', rule: 'AmendingTextUnreadable', message: detail }],
    }).map(say);
    expect(messages).toEqual([
      '改め文を読めません。',
      '1行目「第9条中「定期的に」を「毎年度1回以上」に改める。」：第9条が見つかりません',
    ]);
    expect(messages.join('')).not.toMatch(/Unprocessable|does not read|422/);
  });

  it('drops the English lead of a Japanese reason and leaves English-only messages out', () => {
    expect(
      draftProblemMessages({
        type: '/problems/AmendmentNotDerivable',
        title: 'Unprocessable Content',
        status: 422,
        code: 'AmendmentNotDerivable',
        detail:
          'The changes cannot be read off the text: 本文: 提案の本文は現在の本文と同じです（変更がありません）',
      }).map(say),
    ).toEqual([
      '本文の変更から改正の操作を導けません。その部分は「詳細（操作を指定）」で指定してください。',
      '本文: 提案の本文は現在の本文と同じです（変更がありません）',
    ]);
    expect(
      draftProblemMessages({
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        code: 'ProceedingAlreadyOpen',
        detail: 'Another proceeding is open.',
      }).map(say),
    ).toEqual(['変更案を受け付けられませんでした（409）。何も記録されていません。']);
  });

  it('keeps a message that is Japanese throughout', () => {
    expect(japaneseDetail('第9条が見つかりません')).toEqual({ text: '第9条が見つかりません' });
    expect(japaneseDetail('The request does not meet the rules listed in errors[]')).toBeUndefined();
  });
});
