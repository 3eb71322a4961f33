import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import type { VersionListItem } from '../api/api-types';
import { I18nProvider } from '../i18n/i18n';
import { amendmentCompared } from '../lib/compared-amendment';
import { SessionProvider } from '../session';
import { AmendingTextSection } from './amending-text-section.component';

function version(number: number, proceedingId: string, base?: number): VersionListItem {
  return {
    agreementId: 'aomori-hiranai',
    number,
    proceedingId,
    kind: number === 1 ? 'conclusion' : 'amendment',
    concludedOn: '2021-03-25',
    effectiveFrom: `${2019 + number}-04-01`,
    neverInForce: false,
    ...(base === undefined
      ? {}
      : { base: { kind: 'before-effective-date', asOf: '2021-03-31', versionNumber: base } }),
    recordedAt: '2021-03-25T00:00:00Z',
    eventId: `e${number}`,
    title: '連携中枢都市圏の形成に係る連携協約',
    statusToday: 'in-force',
    label: `沿革の表記（${proceedingId}）`,
    notices: {},
  };
}

// The demo's 平内町: 第3版 is the last amendment concluded; a 第4案 may be pending meanwhile.
const VERSIONS = [
  version(1, 'hiranai-conclusion-2019'),
  version(2, 'hiranai-amendment-2021', 1),
  version(3, 'hiranai-amendment-2026', 2),
];

function render(from: number, to: number): string {
  return renderToStaticMarkup(
    <I18nProvider>
      <SessionProvider>
        <AmendingTextSection agreementId="aomori-hiranai" versions={VERSIONS} from={from} to={to} />
      </SessionProvider>
    </I18nProvider>,
  );
}

describe('the 改め文 panel of a comparison', () => {
  it('shows the proceeding that made the later version from the earlier, not the latest one', () => {
    expect(amendmentCompared(VERSIONS, 1, 2)?.proceedingId).toBe('hiranai-amendment-2021');
    expect(amendmentCompared(VERSIONS, 2, 3)?.proceedingId).toBe('hiranai-amendment-2026');
    const html = render(1, 2);
    expect(html).toContain('沿革の表記（hiranai-amendment-2021）');
    expect(html).not.toContain('hiranai-amendment-2026');
    // No choice of another proceeding: the panel belongs to the comparison above it.
    expect(html).not.toContain('<option value="hiranai-amendment');
  });

  it('has no 改め文 for versions that are not one amendment apart, and says so in Japanese', () => {
    expect(amendmentCompared(VERSIONS, 1, 3)).toBeUndefined();
    expect(amendmentCompared(VERSIONS, 3, 2)).toBeUndefined();
    expect(amendmentCompared(VERSIONS, 2, 1)).toBeUndefined();
    const html = render(1, 3);
    expect(html).toContain('変更後の版（第3版）は、変更前の版（第1版）を一つの変更協約で改めたものではない');
    expect(html).not.toMatch(/hiranai-amendment|Bad Request|effectiveOn/);
  });

  it('falls back to the version before in 施行日 order for an amendment recorded without its base', () => {
    const old = [version(1, 'c'), version(2, 'a')];
    expect(amendmentCompared(old, 1, 2)?.proceedingId).toBe('a');
  });
});
