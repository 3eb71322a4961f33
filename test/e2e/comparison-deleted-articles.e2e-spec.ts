/**
 * A 新旧対照表 between an amendment's version and its base pairs the articles as the 改め文 names
 * them. Two 「削除」 articles have the same text, so their texts cannot say which became which: after
 * 「第5条を削り、第6条を第5条とする。」 the table shows 第5条 removed and 第6条 renumbered 第5条,
 * not 第5条 unchanged and 第6条 removed.
 */
import type { AmendmentOperation } from '@kyoyaku/legal-text';
import { AgreementApi } from '../support/agreement-api';
import { startTestApp, type TestApp } from '../support/test-app';

const ID = 'aomori-hiranai';

describe('新旧対照表 of a renumbering among 「削除」 articles', () => {
  let t: TestApp;
  let api: AgreementApi;

  beforeAll(async () => {
    t = await startTestApp();
    api = new AgreementApi(t);
    t.clock.set('2019-11-18T01:00:00Z');
    await api.declareRegion();
    t.clock.set('2019-11-20T01:00:00Z');
    await api.openAgreement(ID, 'conclusion');
    t.clock.set('2019-12-25T03:00:00Z');
    await api.carryThrough(ID, 'conclusion', {
      resolvedOn: '2019-12-12',
      concludedOn: '2019-12-25',
      effectiveOn: '2019-12-25',
    });
    // Each amendment drafted on 1 February, concluded on 20 March, in force from 1 April.
    const amend = async (proceedingId: string, year: number, operations: AmendmentOperation[]) => {
      t.clock.set(`${year}-02-01T03:00:00Z`);
      await api.proposeAmendment(ID, proceedingId, `${year}-02-01`, operations);
      t.clock.set(`${year}-03-20T03:00:00Z`);
      const dates = {
        resolvedOn: `${year}-03-10`,
        concludedOn: `${year}-03-20`,
        effectiveOn: `${year}-04-01`,
      };
      await api.carryThrough(ID, proceedingId, dates);
    };
    await amend('markers', 2021, [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: true },
      { op: 'deleteProvision', path: { article: '6' }, leaveDeletedMarker: true },
    ]);
    await amend('renumbering', 2022, [
      { op: 'deleteProvision', path: { article: '5' }, leaveDeletedMarker: false, renumberFollowing: true },
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows 第5条 removed and 第6条 renumbered, as the 改め文 says', async () => {
    const amending = await api.get(`/agreements/${ID}/proceedings/renumbering/amending-text`).expect(200);
    expect(amending.text).toContain('第5条を削り、第6条を第5条とする。');
    const res = await api.get(`/agreements/${ID}/comparison?from=2&to=3`).expect(200);
    const articles = (res.body.comparison.articles as { key: string; status: string; moved: boolean }[])
      .filter((a) => a.status !== 'unchanged')
      .map((a) => [a.key, a.status, a.moved]);
    expect(articles).toEqual([
      ['article:5>', 'removed', false],
      ['article:6>5', 'renumbered', false],
    ]);
  });
});
