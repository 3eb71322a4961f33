import { agreementName, consultationName, doubtName, proceedingName, warekiOrIso } from './names';

describe('records named as a clerk names them, not by their ids', () => {
  it('names a consultation by its kind and the day set for it', () => {
    expect(consultationName({ kind: 'periodic', scheduledOn: '2026-12-10' })).toBe(
      '定期的な協議（令和8年12月10日）',
    );
    expect(consultationName({ kind: 'extraordinary', scheduledOn: '2027-02-05' })).toBe(
      '協議（令和9年2月5日）',
    );
  });

  it('names a doubt by who raised it and when, as its dossier is titled', () => {
    expect(doubtName({ raisedBy: { name: '平内町' }, raisedOn: '2019-05-01' })).toBe(
      '平内町が提起した疑義（令和元年5月1日）',
    );
  });

  it('names a proceeding by its kind and the day it was opened, with its id only when asked', () => {
    const p = { kind: 'amendment', openedOn: '2026-11-20', proceedingId: 'p-2026' } as const;
    expect(proceedingName(p)).toBe('変更手続（令和8年11月20日開始）');
    expect(proceedingName(p, true)).toBe('変更手続（令和8年11月20日開始、手続ID p-2026）');
    expect(proceedingName({ kind: 'conclusion', openedOn: '2019-11-20' }, true)).toBe(
      '締結手続（令和元年11月20日開始）',
    );
  });

  it('names an agreement by its parties', () => {
    expect(agreementName({ coreCity: { name: '青森市' }, partner: { name: '平内町' } })).toBe(
      '青森市と平内町の連携協約',
    );
  });

  it('keeps the ISO date where the 和暦 does not reach', () => {
    expect(warekiOrIso('1900-01-01')).toBe('1900-01-01');
  });
});
