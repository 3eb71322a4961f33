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
    expect(html).toContain('（傍線部分は変更部分）');
  });

  it('heads the columns 変更後・変更前 (or the other way) with each version and its 施行日 in 和暦', () => {
    const newOld = render('new-old');
    expect(newOld.indexOf('変更後')).toBeLessThan(newOld.indexOf('変更前'));
    expect(newOld).toContain('第2版（施行日 2021-04-01（令和3年4月1日））');
    const oldNew = render('old-new');
    expect(oldNew.indexOf('変更前')).toBeLessThan(oldNew.indexOf('変更後'));
  });

  it('prints the headings and the title the API gives (the version by its date of change, the parties)', () => {
    const html = renderToStaticMarkup(
      <I18nProvider>
        <ComparisonTable
          table={comparisonTable(OLD, NEW)}
          title="青森市と平内町との連携中枢都市圏の形成に係る連携協約"
          labels={{
            new: {
              label: '第2版',
              effectiveFrom: '2021-04-01',
              heading: '令和3年3月25日変更（令和3年4月1日施行）',
            },
            old: {
              label: '第1版',
              effectiveFrom: '2019-12-25',
              heading: '令和元年12月25日締結（令和元年12月25日施行）',
            },
          }}
        />
      </I18nProvider>,
    );
    expect(html).toContain('青森市と平内町との連携中枢都市圏の形成に係る連携協約\u3000新旧対照表');
    expect(html).toContain('令和3年3月25日変更（令和3年4月1日施行）');
    expect(html).not.toContain('第2版');
  });
});
