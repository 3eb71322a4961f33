import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nProvider } from '../i18n/i18n';
import { en, ja } from '../i18n/messages';
import { anyIllustrative, IllustrativeNotice } from './illustrative-notice.component';

const render = (show: boolean): string =>
  renderToStaticMarkup(
    <I18nProvider>
      <IllustrativeNotice show={show} />
    </I18nProvider>,
  );

describe('IllustrativeNotice', () => {
  it('says the data is illustrative when the API says so, and nothing otherwise', () => {
    expect(render(true)).toContain(ja['illustrative.notice']);
    expect(render(true)).toContain('role="note"');
    expect(render(false)).toBe('');
  });

  it('is shown for a page with any illustrative row', () => {
    expect(anyIllustrative([{}, { illustrative: true }])).toBe(true);
    expect(anyIllustrative([{}, { illustrative: false }])).toBe(false);
    expect(anyIllustrative([])).toBe(false);
  });

  it('has its text in both languages', () => {
    expect(ja['illustrative.notice']).toContain('例示');
    expect(en['illustrative.notice']).toMatch(/illustrative/i);
  });
});
