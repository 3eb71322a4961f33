import type { AgreementEvent, ProceedingKind } from '@kyoyaku/domain';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { summarizeAgreementEvent } from './agreement-timeline.summary';

const PARTIES = {
  core: { code: '022012', name: '青森市' },
  partner: { code: '023019', name: '平内町' },
};
const SIGNATORIES = {
  core: { title: '青森市長', name: '甲野太郎' },
  partner: { title: '平内町長', name: '乙野次郎' },
};

function concluded(
  kind: ProceedingKind,
  concludedOn: string,
  effectiveOn: string,
  retroactive = false,
): AgreementEvent {
  const common = {
    proceedingId: `p-${kind}`,
    concludedOn,
    effectiveOn,
    signatories: SIGNATORIES,
    ...(retroactive ? { retroactive: { reason: '年度当初に遡って適用するため' } } : {}),
  };
  return {
    type: 'ProceedingConcluded',
    data:
      kind === 'abolition'
        ? { ...common, kind }
        : { ...common, kind, versionNumber: 1, document: buildSampleDocument() },
  } as AgreementEvent;
}

describe('the one-line summary of a conclusion reads like a 例規集 沿革', () => {
  it.each([
    [concluded('conclusion', '2019-12-25', '2019-12-25'), '令和元年12月25日締結'],
    [concluded('conclusion', '2020-03-27', '2020-04-01'), '令和2年3月27日締結（令和2年4月1日施行）'],
    [concluded('amendment', '2021-03-25', '2021-04-01'), '令和3年3月25日一部変更（令和3年4月1日施行）'],
    [
      concluded('amendment', '2022-06-30', '2022-04-01', true),
      '令和4年6月30日一部変更（令和4年4月1日から適用）',
    ],
    [concluded('abolition', '2024-03-22', '2024-04-01'), '令和6年3月22日廃止（令和6年4月1日施行）'],
  ])('%#: %s', (event, summary) => {
    expect(summarizeAgreementEvent(event, PARTIES, () => undefined)).toBe(summary);
  });
});
