import { describe, expect, it } from '@jest/globals';
import { translate } from '../i18n/messages';
import { proceedingName } from './proceeding-name';

describe('proceedingName', () => {
  const ja = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate('ja', key, params);

  it('names a proceeding by its kind, the day it was opened and its latest 案', () => {
    expect(
      proceedingName(ja, {
        kind: 'amendment',
        openedOn: '2026-11-20',
        drafts: [{ draftNumber: 1 }, { draftNumber: 2 }],
      }),
    ).toBe('変更（令和8年11月20日 第2案）');
    expect(proceedingName(ja, { kind: 'conclusion', openedOn: '2019-10-01' })).toBe(
      '締結（令和元年10月1日）',
    );
  });
});
