/**
 * draftDocuments: the 新旧対照表（案） pairs the articles as its 改め文 names them, also where the
 * texts alone cannot tell them apart (two 「削除」 articles).
 */
import { applyAmendment } from '@kyoyaku/legal-text';
import { foldFixture } from '../../../../test/fixtures/aomori';
import { draftDocuments } from './draft-documents';

const history = foldFixture()
  .histories()
  .find((h) => h.agreementId === 'aomori-hiranai');

describe('draftDocuments', () => {
  it('renumbers a 「削除」 article into the place of the one deleted before it, as the 改め文 says', () => {
    const current = history?.versions.at(-1);
    if (history === undefined || current === undefined) throw new Error('the demo has 平内町');
    const numbers = current.document.articles.map((a) => a.number);
    const [before, last] = numbers.slice(-2);
    if (before === undefined || last === undefined) throw new Error('the demo has articles');
    // A base whose last two articles are 「削除」 (the same text).
    const base = {
      ...current,
      document: applyAmendment(current.document, [
        { op: 'deleteProvision', path: { article: before }, leaveDeletedMarker: true },
        { op: 'deleteProvision', path: { article: last }, leaveDeletedMarker: true },
      ]),
    };
    const drafted = draftDocuments(
      history,
      base,
      [
        {
          op: 'deleteProvision',
          path: { article: before },
          leaveDeletedMarker: false,
          renumberFollowing: true,
        },
      ],
      {},
    );
    const sentence = drafted.amendingText.sentences.map((s) => s.text).join('');
    expect(sentence).toMatch(/を削り、第.+条を第.+条とする。$/);
    const rows = drafted.comparison.table.rows.filter(
      (r) => r.kind === 'article' && r.status !== 'unchanged',
    );
    expect(rows.map((r) => [r.key, r.status])).toEqual([
      [`article:${before}>`, 'removed'],
      [`article:${last}>${before}`, 'renumbered'],
    ]);
  });
});
