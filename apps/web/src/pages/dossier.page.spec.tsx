import { describe, expect, it } from '@jest/globals';
import {
  AGREEMENT_EVENT_TYPES,
  CONSULTATION_EVENT_TYPES,
  DOUBT_EVENT_TYPES,
  PROJECT_EVENT_TYPES,
} from '@kyoyaku/domain';
import { EVENT_TYPE_NAMES } from '@kyoyaku/legal-text';
import { renderToStaticMarkup } from 'react-dom/server';
import type { DossierEventRef } from '../api/api-types';
import { I18nProvider } from '../i18n/i18n';
import { DossierEvents } from './dossier.page';

/**
 * What a dossier cites: the doubt's own events and its dispute (the timeline), the agreement's
 * (explaining the cited text, later events, the amendment a resolution started), the consultations'
 * and the cost shares decided at them.
 */
const DOSSIER_EVENT_TYPES = [
  ...DOUBT_EVENT_TYPES,
  ...AGREEMENT_EVENT_TYPES,
  ...CONSULTATION_EVENT_TYPES,
  ...PROJECT_EVENT_TYPES,
];

const ref = (type: string, summary: string): DossierEventRef => ({
  position: '42',
  eventId: '0190a0b0-0000-7000-8000-000000000042',
  streamId: 'doubt-sotogahama-2023-cost-share',
  type,
  recordedAt: '2024-07-01T01:00:00.000Z',
  summary,
});

const render = (events: readonly DossierEventRef[]): string =>
  renderToStaticMarkup(
    <I18nProvider>
      <DossierEvents events={events} />
    </I18nProvider>,
  );

const kindOf = (html: string): string => /<span class="history-type">(.*?)<\/span>/.exec(html)?.[1] ?? '';

describe('the events of a dossier', () => {
  it('names the kind of every event a dossier can cite, never by its code', () => {
    for (const type of DOSSIER_EVENT_TYPES) {
      const html = render([ref(type, '青森県知事に処理を申請（青総第100号）')]);
      expect({ type, kind: kindOf(html) }).toEqual({ type, kind: EVENT_TYPE_NAMES[type] });
      expect({ type, codeShown: html.includes(type) }).toEqual({ type, codeShown: false });
    }
  });

  it('names an event the web does not know as another record, not by its code', () => {
    const html = render([ref('SomethingNewer', '新しい記録')]);
    expect(kindOf(html)).toBe('その他の記録');
    expect(html).not.toContain('SomethingNewer');
  });
});
