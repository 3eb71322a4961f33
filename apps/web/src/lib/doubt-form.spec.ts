import { describe, expect, it } from '@jest/globals';
import { checkDoubt, type DoubtValues } from './doubt-form';
import type { Issue } from './form-validation';

const PARTIES = ['022012', '023019'];
const TODAY = '2026-11-27';

function issues<T>(
  checked: { ok: true; body: T } | { ok: false; issues: Issue[] },
): Record<string, string[]> {
  if (checked.ok) return {};
  const byField: Record<string, string[]> = {};
  for (const issue of checked.issues) (byField[issue.field] ??= []).push(issue.key);
  return byField;
}

const doubt: DoubtValues = {
  doubtId: '',
  raisedBy: '023019',
  raisedOn: '2026-11-20',
  citationKind: 'provision',
  label: ' 第4条第2項 ',
  measureId: '',
  question: '事業ごとの費用分担を定めるまでの間、乙は既に実施した事業の費用を負担するか。',
};

describe('疑義の提起', () => {
  it('cites a provision by its label, a measure, or nothing (定めのない事項)', () => {
    expect(checkDoubt(doubt, PARTIES, TODAY)).toEqual({
      ok: true,
      body: {
        raisedBy: '023019',
        raisedOn: '2026-11-20',
        citation: { kind: 'provision', label: '第4条第2項' },
        question: doubt.question,
      },
    });
    const measure = checkDoubt({ ...doubt, citationKind: 'measure', measureId: 'm13' }, PARTIES, TODAY);
    expect(measure.ok && measure.body.citation).toEqual({ kind: 'measure', measureId: 'm13' });
    const none = checkDoubt(
      { ...doubt, citationKind: 'unspecified', doubtId: 'hiranai-2026-1' },
      PARTIES,
      TODAY,
    );
    expect(none.ok && none.body).toMatchObject({
      doubtId: 'hiranai-2026-1',
      citation: { kind: 'unspecified' },
    });
  });

  it('reads the labels the API reads (第3条の2第1項第2号, kanji numerals) and refuses others', () => {
    for (const label of ['第3条の2第1項第2号', '第四条第二項', '第5条'])
      expect({ label, ok: checkDoubt({ ...doubt, label }, PARTIES, TODAY).ok }).toEqual({ label, ok: true });
    for (const label of ['4条2項', '第4条第0項', 'Article 4'])
      expect({ label, issues: issues(checkDoubt({ ...doubt, label }, PARTIES, TODAY)) }).toEqual({
        label,
        issues: { 'citation.label': ['validation.provisionLabel'] },
      });
  });

  it('is raised by one of the parties, on a day that has come, with the question', () => {
    expect(
      issues(
        checkDoubt(
          { ...doubt, raisedBy: '023035', raisedOn: '2026-11-28', citationKind: 'measure', question: '' },
          PARTIES,
          TODAY,
        ),
      ),
    ).toEqual({
      raisedBy: ['validation.choose'],
      raisedOn: ['validation.notAfter'],
      'citation.measureId': ['validation.choose'],
      question: ['validation.required'],
    });
    expect(issues(checkDoubt({ ...doubt, raisedOn: TODAY }, PARTIES, TODAY))).toEqual({});
    expect(issues(checkDoubt({ ...doubt, citationKind: 'other' }, PARTIES, TODAY))).toEqual({
      'citation.kind': ['validation.choose'],
    });
  });
});
