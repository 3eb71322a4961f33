import type { AgreementHistory } from '@kyoyaku/domain';
import { consolidatedTextOf, toHistoryDoc } from '@kyoyaku/projections';
import { AGREEMENT_IDS } from '@kyoyaku/runtime/demo';
import { foldFixture } from '../../../../../test/fixtures/aomori/fold';
import type { AgreementReadModels } from '../agreement-read-model.service';
import { GetTextHandler, GetTextQuery } from './get-text.query';

/** 今別町 from the demo, its texts written in the kanji (vertical national) style. */
function kanjiHistory(): AgreementHistory {
  const history = foldFixture()
    .histories()
    .find((h) => h.agreementId === AGREEMENT_IDS.imabetsu);
  if (history === undefined) throw new Error('no history');
  return {
    ...history,
    versions: history.versions.map((v) => ({ ...v, document: { ...v.document, style: 'kanji' as const } })),
  };
}

function handler(history: AgreementHistory): GetTextHandler {
  // The read models it asks, answering from the history (the cache is the service's own business).
  const readModels: Pick<AgreementReadModels, 'historyKnownAt' | 'history' | 'renderedText'> = {
    historyKnownAt: () => Promise.resolve(history),
    history: () => ({ doc: toHistoryDoc(history), history }),
    renderedText: (_id, h, v, style) => consolidatedTextOf(h, v, style),
  };
  return new GetTextHandler(readModels as AgreementReadModels, {
    now: () => new Date('2026-11-27T03:00:00Z'),
  });
}

describe('GET …/text: the numerals follow the document unless a style is asked for', () => {
  it('writes a kanji-style document in 漢数字 by default, and in 算用数字 when asked', async () => {
    const history = kanjiHistory();
    const byDefault = await handler(history).execute(
      new GetTextQuery(AGREEMENT_IDS.imabetsu, { asOf: '2022-05-01' }),
    );
    expect(byDefault.style).toBe('kanji');
    expect(byDefault.text).toContain('\n令和元年十二月二十五日\u3000青森市告示第601号\n');
    expect(byDefault.text).toContain('\n第一条\u3000');
    expect(byDefault.text).toContain('この協約は、締結の日から施行し、令和四年四月一日から適用する。');

    const asked = await handler(history).execute(
      new GetTextQuery(AGREEMENT_IDS.imabetsu, { asOf: '2022-05-01', style: 'municipal' }),
    );
    expect(asked.style).toBe('municipal');
    expect(asked.text).toContain('\n第1条\u3000');
  });
});
