import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import type { DoubtListItem } from '../api/api-types';
import { I18nProvider } from '../i18n/i18n';
import { DoubtsTable } from './doubts-table.component';

const doubt: DoubtListItem = {
  doubtId: 'hiranai-2020-cost',
  agreementId: 'aomori-hiranai',
  raisedBy: { role: 'partner', code: '023019', name: '平内町' },
  raisedOn: '2020-05-20',
  citation: { kind: 'provision', label: '第4条第2項' },
  question: '費用の負担はいつからか。',
  status: 'open',
  statusLabel: '協議中',
  pinnedVersion: 1,
};

const render = (items: readonly DoubtListItem[]): string =>
  renderToStaticMarkup(
    <I18nProvider>
      <DoubtsTable items={items} />
    </I18nProvider>,
  );

describe('DoubtsTable', () => {
  it('heads each row by who raised the doubt and when, linking to its dossier, not by its id', () => {
    const html = render([doubt]);
    const header = /<th scope="row">(.*?)<\/th>/.exec(html)?.[1] ?? '';
    expect(header).toBe('<a href="/app/doubts/hiranai-2020-cost">平内町が提起した疑義（令和2年5月20日）</a>');
    // The id the raiser chose is in the link's address only, never in the text of the page.
    expect(html.replace(/href="[^"]*"/g, '')).not.toContain(doubt.doubtId);
    expect(html).toContain('<td lang="ja">第4条第2項</td>');
  });
});
