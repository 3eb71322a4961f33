import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import type { AbolitionListItem, VersionListItem } from '../api/api-types';
import { I18nProvider } from '../i18n/i18n';
import { VersionTimeline } from './version-timeline.component';

function version(
  number: number,
  kind: VersionListItem['kind'],
  concludedOn: string,
  effectiveFrom: string,
  statusToday: VersionListItem['statusToday'],
): VersionListItem {
  return {
    agreementId: 'aomori-imabetsu',
    number,
    proceedingId: `p${number}`,
    kind,
    concludedOn,
    effectiveFrom,
    neverInForce: false,
    recordedAt: `${concludedOn}T00:00:00Z`,
    eventId: `e${number}`,
    title: '連携中枢都市圏の形成に係る連携協約',
    statusToday,
    label: 'the API’s label (not shown: the page writes its own, 未施行 as a badge)',
    notices: {},
  };
}

function render(versions: VersionListItem[], abolition?: AbolitionListItem): string {
  return renderToStaticMarkup(
    <I18nProvider>
      <VersionTimeline
        agreementId="aomori-imabetsu"
        versions={versions}
        abolition={abolition}
        proceedings={[]}
        shown={undefined}
        onShow={() => undefined}
      />
    </I18nProvider>,
  );
}

function titles(html: string): string[] {
  return [...html.matchAll(/<h3 class="timeline-title">(.*?)<\/h3>/g)].map((m) =>
    (m[1] ?? '').replace(/<[^>]+>/g, ''),
  );
}

describe('the 沿革 beside the text', () => {
  it('names each version as a 例規集 沿革 does: 締結, 一部変更 with its 施行 or 適用, 未施行 marked', () => {
    const html = render([
      version(1, 'conclusion', '2019-12-25', '2019-12-25', 'superseded'),
      version(2, 'amendment', '2021-03-25', '2021-04-01', 'superseded'),
      version(3, 'amendment', '2022-06-30', '2022-04-01', 'in-force'),
      version(4, 'amendment', '2026-10-01', '2027-04-01', 'not-yet-in-force'),
    ]);
    expect(titles(html)).toEqual([
      '第1版令和元年12月25日締結 改正により失効',
      '第2版令和3年3月25日一部変更（令和3年4月1日施行） 改正により失効',
      '第3版令和4年6月30日一部変更（令和4年4月1日から適用） 施行中',
      '第4版令和8年10月1日一部変更（令和9年4月1日施行） 未施行',
    ]);
    expect(html).not.toContain('締結を締結');
  });

  it('ends with the 廃止 once concluded', () => {
    const html = render([version(1, 'conclusion', '2020-03-27', '2020-04-01', 'abolished')], {
      proceedingId: 'abolition',
      concludedOn: '2024-03-22',
      effectiveOn: '2024-04-01',
      reason: '他の連携中枢都市圏に参加するため',
      label: '令和6年3月22日廃止（令和6年4月1日施行）',
    });
    expect(titles(html)).toEqual([
      '第1版令和2年3月27日締結（令和2年4月1日施行） 廃止',
      '令和6年3月22日廃止（令和6年4月1日施行）',
    ]);
  });
});
