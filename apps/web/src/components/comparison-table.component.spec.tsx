import { describe, expect, it } from '@jest/globals';
import { applyAmendment, comparisonTable } from '@kyoyaku/legal-text';
import { buildSampleDocument } from '@kyoyaku/legal-text/testing';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nProvider } from '../i18n/i18n';
import { ComparisonTable } from './comparison-table.component';

const OLD = buildSampleDocument();
const NEW = applyAmendment(OLD, [
  { op: 'replaceWords', target: { kind: 'title' }, from: '連携協約', to: '連携協約書' },
]);

function render(order: 'new-old' | 'old-new'): string {
  return renderToStaticMarkup(
    <I18nProvider>
      <ComparisonTable
        table={comparisonTable(OLD, NEW, { order })}
        labels={{
          new: { label: '第2版', effectiveFrom: '2021-04-01' },
          old: { label: '第1版', effectiveFrom: '2019-12-25' },
        }}
      />
    </I18nProvider>,
  );
}

describe('the 新旧対照表 on screen', () => {
  it('underlines the changed words on each side', () => {
    const html = render('new-old');
    expect(html).toContain('<u>連携協約書</u>');
    expect(html).toMatch(/<u>連携協約<\/u>/);
    expect(html).toContain('（傍線部分は改正部分）');
  });

  it('heads the columns 改正後・改正前 (or the other way) with each version and its 施行日 in 和暦', () => {
    const newOld = render('new-old');
    expect(newOld.indexOf('改正後')).toBeLessThan(newOld.indexOf('改正前'));
    expect(newOld).toContain('第2版（施行日 2021-04-01（令和3年4月1日））');
    const oldNew = render('old-new');
    expect(oldNew.indexOf('改正前')).toBeLessThan(oldNew.indexOf('改正後'));
  });
});
