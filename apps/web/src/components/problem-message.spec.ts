import { describe, expect, it } from '@jest/globals';
import { translate } from '../i18n/messages';
import { problemMessage } from './common.component';

describe('a step recorded twice', () => {
  const ja = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
    translate('ja', key, params);

  it('points to the 誤記訂正 of the proceeding, in Japanese, never to an API command name', () => {
    for (const code of ['CouncilAlreadyApproved', 'DuplicatePublicNotice', 'DuplicateGovernorNotification']) {
      const message = problemMessage(ja, {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: '…記録済みです。',
        code,
      });
      expect(message).toContain('「誤記訂正」');
      expect(message).not.toMatch(/RecordCorrection|[A-Za-z]{4,}/);
    }
  });
});
