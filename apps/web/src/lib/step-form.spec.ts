import { describe, expect, it } from '@jest/globals';
import { checkStepForm, initialValues, type StepFieldSpec } from './step-form';

const APPOINTMENT: StepFieldSpec[] = [
  { kind: 'date', name: 'appointedOn', label: '任命の日', required: true },
  { kind: 'text', name: 'commissioners.0.name', label: '委員1の氏名', required: true },
  { kind: 'text', name: 'evidence.documentNumber', label: '文書番号', required: true },
  { kind: 'date', name: 'evidence.documentDate', label: '日付', required: true },
  { kind: 'text', name: 'note', label: '備考', multiline: true, max: 10 },
  { kind: 'yen', name: 'total', label: '総額' },
  { kind: 'select', name: 'stance', label: '回答', options: [{ value: 'accepts', label: '尊重' }] },
];

describe('a form described by its inputs', () => {
  it('builds the nested body from the request paths, reading 和暦 dates and written yen', () => {
    const checked = checkStepForm(
      APPOINTMENT,
      {
        appointedOn: '令和8年11月16日',
        'commissioners.0.name': '委員一',
        'evidence.documentNumber': '青森県指令市第200号',
        'evidence.documentDate': 'R8.11.16',
        note: '',
        total: '１，２００，０００',
        stance: 'accepts',
      },
      { step: 'appointment' },
    );
    expect(checked).toEqual({
      ok: true,
      body: {
        step: 'appointment',
        appointedOn: '2026-11-16',
        commissioners: [{ name: '委員一' }],
        evidence: { documentNumber: '青森県指令市第200号', documentDate: '2026-11-16' },
        total: '1200000',
        stance: 'accepts',
      },
    });
  });

  it('names each input that is missing or wrong, by its request path', () => {
    const checked = checkStepForm(APPOINTMENT, {
      appointedOn: '2026-02-30',
      'commissioners.0.name': ' ',
      'evidence.documentNumber': 'x',
      'evidence.documentDate': '',
      note: '12345678901',
      total: '-5',
      stance: 'maybe',
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues.map((i) => [i.field, i.key])).toEqual([
      ['appointedOn', 'validation.date'],
      ['commissioners.0.name', 'validation.required'],
      ['evidence.documentDate', 'validation.required'],
      ['note', 'validation.tooLong'],
      ['total', 'validation.yen'],
      ['stance', 'validation.choose'],
    ]);
  });

  it('starts empty, with a preset value or the only choice there is', () => {
    expect(initialValues(APPOINTMENT, { appointedOn: '2026-12-07' })).toMatchObject({
      appointedOn: '2026-12-07',
      note: '',
      stance: 'accepts',
    });
  });
});
