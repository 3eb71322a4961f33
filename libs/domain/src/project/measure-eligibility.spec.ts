import { agreementHistory, type AgreementHistory } from '../agreement/agreement-versions';
import {
  completeProceeding,
  concludedAgreementCommands,
  historyOf,
  kit,
  KIT_CORE,
  KIT_PARTNER,
} from '@kyoyaku/domain/testing';
import { measureEligibilityOn } from './measure-eligibility';

function historyFrom(events: ReturnType<typeof historyOf>): AgreementHistory {
  const history = agreementHistory(events.map((event, i) => ({ position: BigInt(i + 1), event })));
  if (history === undefined) throw new Error('no history');
  return history;
}

const REGION = { regionId: 'aomori', name: '青森圏域', coreCity: KIT_CORE };
const concluded = historyOf(concludedAgreementCommands());
// Abolished from 2024-04-01.
const abolished = historyOf(
  [
    kit.abolish(),
    ...completeProceeding('p-abolition', {
      resolvedOn: '2024-02-01',
      concludedOn: '2024-03-01',
      effectiveOn: '2024-04-01',
    }),
  ],
  concluded,
);

describe('measureEligibilityOn', () => {
  it('lists the core city first and each partner whose agreement in force has the measure', () => {
    expect(measureEligibilityOn(REGION, [historyFrom(concluded)], 'm02', '2020-04-01')).toEqual({
      regionId: 'aomori',
      measureId: 'm02',
      on: '2020-04-01',
      coreCity: KIT_CORE,
      measure: {
        measureId: 'm02',
        name: expect.stringContaining('産業クラスター') as string,
        category: 'economic-growth',
      },
      eligible: [
        { ...KIT_CORE, agreements: [{ agreementId: 'aomori-hiranai', versionNumber: 1 }] },
        { ...KIT_PARTNER, agreements: [{ agreementId: 'aomori-hiranai', versionNumber: 1 }] },
      ],
    });
  });

  it('has nobody before the 施行日, after the abolition, for a measure no agreement has, or in another region', () => {
    const none = (history: AgreementHistory, measureId: string, on: string, region = REGION) => {
      const result = measureEligibilityOn(region, [history], measureId, on);
      expect(result.eligible).toEqual([]);
      expect(result.measure).toBeUndefined();
    };
    none(historyFrom(concluded), 'm01', '2019-12-24');
    none(historyFrom(abolished), 'm01', '2024-04-01');
    none(historyFrom(concluded), 'm09', '2020-04-01');
    none(historyFrom(concluded), 'm01', '2020-04-01', {
      regionId: 'hachinohe',
      name: '八戸圏域',
      coreCity: KIT_CORE,
    });
    expect(measureEligibilityOn(REGION, [historyFrom(abolished)], 'm01', '2024-03-31').eligible).toHaveLength(
      2,
    );
  });
});
