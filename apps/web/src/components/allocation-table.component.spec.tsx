import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import type { CostShareDecision } from '../api/api-types';
import { I18nProvider } from '../i18n/i18n';
import { AllocationTable } from './allocation-table.component';

/** 1,000,001円 shared equally by two: the yen left over goes to the core city (the API's rule). */
const decision: CostShareDecision = {
  decisionId: 'school-fy2026',
  fiscalYear: 2026,
  kind: 'decision',
  status: 'in-force',
  decidedOn: '2026-06-10',
  total: '1000001',
  allocations: [
    {
      municipalityCode: '022012',
      name: '青森市',
      amount: '500001',
      share: { numerator: '1', denominator: '2' },
      roundedUp: true,
    },
    {
      municipalityCode: '023019',
      name: '平内町',
      amount: '500000',
      share: { numerator: '1', denominator: '2' },
      roundedUp: false,
    },
  ],
  consultationId: 'aomori-2026-periodic',
  reasonWithoutConsultation: null,
  event: { streamId: 'project-school', eventId: 'e1', position: '900' },
};

function render(d: CostShareDecision): string {
  return renderToStaticMarkup(
    <I18nProvider>
      <AllocationTable decision={d} caption="按分" />
    </I18nProvider>,
  );
}

describe('the allocation the ledger computed', () => {
  it('lists each amount with its exact share and the yen added by rounding, and the total', () => {
    const html = render(decision);
    expect(html).toContain('<caption>按分</caption>');
    expect(html).toMatch(
      /<tr data-municipality="022012"><th scope="row">青森市（022012）<\/th><td class="num">500,001円<\/td><td>1\/2（50\.00%）<\/td><td>1円加算<\/td><\/tr>/,
    );
    expect(html).toMatch(
      /<tr data-municipality="023019">.*<td class="num">500,000円<\/td>.*<td>—<\/td><\/tr>/,
    );
    expect(html).toMatch(/<tfoot><tr><th scope="row">合計<\/th><td class="num">1,000,001円<\/td>/);
  });

  it('marks fixed amounts, which have no share', () => {
    const fixed = {
      ...decision,
      allocations: decision.allocations.map(({ share: _share, roundedUp: _rounded, ...a }) => a),
    };
    expect(render(fixed).match(/<td>定額<\/td>/g)).toHaveLength(2);
  });
});
