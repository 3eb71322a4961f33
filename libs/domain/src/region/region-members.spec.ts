import { completeProceeding, concludedAgreementCommands, historyOf, kit } from '@kyoyaku/domain/testing';
import { agreementHistory, type AgreementHistory } from '../agreement/agreement-versions';
import type { AgreementEvent } from '../agreement/agreement.events';
import type { Party } from '../agreement/agreement.types';
import type { AmendmentOperation } from '@kyoyaku/legal-text';
import {
  measuresMatrix,
  measuresMatrixOn,
  regionMembersOn,
  takesPart,
  type RegionRef,
} from './region-members';

const AOMORI: Party = { code: '022012', name: '青森市' };
const HIRANAI: Party = { code: '023019', name: '平内町' };
const IMABETSU: Party = { code: '023035', name: '今別町' };
const YOMOGITA: Party = { code: '023043', name: '蓬田村' };
const REGION: RegionRef = { regionId: 'aomori', name: '青森圏域', coreCity: AOMORI };

function historyFor(agreementId: string, partner: Party, events: AgreementEvent[]): AgreementHistory {
  const retagged = events.map((event, i) => ({ position: BigInt(i + 1), event }));
  const h = agreementHistory(retagged);
  if (!h) throw new Error('no history');
  return { ...h, agreementId, partner };
}

const ADD_M04: AmendmentOperation[] = [
  {
    op: 'addMeasure',
    measure: {
      id: 'm04',
      category: 'economic-growth',
      name: '戦略的な観光施策の展開',
      content: '観光',
      roles: { core: '発信', partner: '参加' },
    },
  },
];

/** 平内町: in force from 2019-12-25, m04 added from 2021-04-01. */
const hiranai = historyFor(
  'a-hiranai',
  HIRANAI,
  historyOf(
    [
      kit.amend(ADD_M04),
      ...completeProceeding('p-amendment-1', {
        resolvedOn: '2021-03-10',
        concludedOn: '2021-03-25',
        effectiveOn: '2021-04-01',
      }),
    ],
    historyOf(concludedAgreementCommands()),
  ),
);
/** 今別町: concluded 2019-12-25, in force only from 2020-04-01. */
const imabetsu = historyFor(
  'a-imabetsu',
  IMABETSU,
  historyOf([
    kit.open(),
    kit.resolve('core'),
    kit.resolve('partner'),
    kit.conclude({ effectiveOn: '2020-04-01' }),
  ]),
);
/** 蓬田村: abolished from 2024-04-01. */
const yomogita = historyFor(
  'a-yomogita',
  YOMOGITA,
  historyOf(
    [
      kit.abolish(),
      ...completeProceeding('p-abolition', {
        resolvedOn: '2024-03-15',
        concludedOn: '2024-03-22',
        effectiveOn: '2024-04-01',
      }),
    ],
    historyOf(concludedAgreementCommands()),
  ),
);
/** Still negotiating. */
const negotiating = historyFor('a-neg', { code: '023078', name: '外ヶ浜町' }, historyOf([kit.open()]));
/** Another region's agreement with the same partner. */
const otherRegion: AgreementHistory = {
  ...historyFor('a-other', HIRANAI, historyOf(concludedAgreementCommands())),
  regionId: 'hachinohe',
};

const all = [hiranai, imabetsu, yomogita, negotiating, otherRegion];

describe('region members', () => {
  it.each([
    ['2019-12-24', []],
    ['2019-12-25', ['023019', '023043']],
    ['2020-04-01', ['023019', '023035', '023043']],
    ['2024-04-01', ['023019', '023035']],
  ])('on %s the members are %j', (date, codes) => {
    const membership = regionMembersOn(REGION, all, date);
    expect(membership.members.map((m) => m.code)).toEqual(codes);
    expect(membership.coreCity).toEqual(AOMORI);
  });

  it('lists the agreement and version that make the membership', () => {
    const members = regionMembersOn(REGION, all, '2021-04-01').members;
    expect(members.find((m) => m.code === HIRANAI.code)?.agreements).toEqual([
      { agreementId: 'a-hiranai', versionNumber: 2 },
    ]);
  });

  it('an agreement whose 甲 is not the core city does not make a member', () => {
    const foreignCore: AgreementHistory = { ...imabetsu, coreCity: { code: '022039', name: '八戸市' } };
    expect(regionMembersOn(REGION, [foreignCore], '2021-01-01').members).toEqual([]);
  });
});

describe('measures matrix', () => {
  it('shows which member takes part in which measure on a date', () => {
    const matrix = measuresMatrixOn(REGION, all, '2021-04-01');
    expect(matrix.members.map((m) => m.code)).toEqual(['023019', '023035', '023043']);
    expect(matrix.rows.map((r) => r.measureId)).toEqual(['m01', 'm02', 'm03', 'm04']);
    const m04 = matrix.rows.find((r) => r.measureId === 'm04');
    expect(
      m04?.participants.map((p) => [p.partner.code, p.partnerRole, p.coreRole, p.versionNumber]),
    ).toEqual([['023019', '参加', '発信', 2]]);
    expect(takesPart(matrix, 'm04', HIRANAI.code)).toBe(true);
    expect(takesPart(matrix, 'm04', IMABETSU.code)).toBe(false);
    expect(takesPart(matrix, 'm04', AOMORI.code)).toBe(true);
    expect(takesPart(matrix, 'm99', AOMORI.code)).toBe(false);
  });

  it('before the amendment takes effect, m04 is nobody’s', () => {
    const matrix = measuresMatrixOn(REGION, all, '2021-03-31');
    expect(matrix.rows.some((r) => r.measureId === 'm04')).toBe(false);
    expect(matrix.rows.find((r) => r.measureId === 'm01')?.participants.map((p) => p.partner.code)).toEqual([
      '023019',
      '023035',
      '023043',
    ]);
  });

  it('leaves out entries with no version in force, and orders rows by category', () => {
    const matrix = measuresMatrix(REGION, [
      { agreementId: 'x', partner: IMABETSU, version: undefined },
      {
        agreementId: 'a-hiranai',
        partner: HIRANAI,
        version: hiranai.versions[1],
      },
    ]);
    expect(matrix.members).toEqual([HIRANAI]);
    expect(matrix.rows.map((r) => r.measureId)).toEqual(['m01', 'm02', 'm03', 'm04']);
  });

  it('orders rows ①②③ by category, then by first appearance', () => {
    const v = hiranai.versions[0];
    if (!v) throw new Error('v1');
    const [m01, m02, m03] = v.document.measures;
    if (!m01 || !m02 || !m03) throw new Error('measures');
    const shuffled = {
      ...v,
      document: {
        ...v.document,
        measures: [
          { ...m01, category: 'living-services' as const },
          { ...m02, category: 'urban-functions' as const },
          m03,
        ],
      },
    };
    const matrix = measuresMatrix(REGION, [{ agreementId: 'a', partner: HIRANAI, version: shuffled }]);
    expect(matrix.rows.map((r) => r.measureId)).toEqual(['m03', 'm02', 'm01']);
  });
});
