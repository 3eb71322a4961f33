import { addDays, type LegalDate } from '@kyoyaku/legal-text';
import {
  DeciderSpecification,
  concludedAgreementCommands,
  historyOf,
  kit,
  sampleOperations,
} from '@kyoyaku/domain/testing';
import type { AgreementCommand } from './agreement.commands';
import { agreementDecider } from './agreement.decider';
import { AGREEMENT_ERROR_KINDS, type AgreementErrorCode } from './agreement.errors';
import type { AgreementEvent } from './agreement.events';

/**
 * Every date an agreement command records as a fact — 案の作成, 議決, 締結, 告示, 届出, 取下げ and a
 * corrected date — is on or before today in Japan (the command's `today`): a date equal to today is
 * recorded, the day after is refused with the rule's name. A 施行日 is a plan and may be ahead.
 */
const spec = DeciderSpecification.for(agreementDecider);

const opened = () => historyOf([kit.open()]);
const approvedByBoth = () => historyOf([kit.open(), kit.resolve('partner'), kit.resolve('core')]);
const completed = () => historyOf(concludedAgreementCommands());
const amendmentPending = () => historyOf([kit.amend(sampleOperations())], completed());

/** The command with `today` set to `today`. */
const on = <C extends AgreementCommand>(command: C, today: LegalDate): C => ({ ...command, today });

/**
 * Given `given`, the command dated `date` is recorded when today is `date`, and refused with `code`
 * (422, on `field`, naming the date and today) when today is the day before.
 */
function recordedOnlyOnceItHappened(
  given: readonly AgreementEvent[],
  command: AgreementCommand,
  date: LegalDate,
  code: AgreementErrorCode,
  field: string,
): void {
  const events = spec
    .given(given)
    .when(on(command, date))
    .thenEvents(() => undefined);
  expect(events.length).toBeGreaterThan(0);
  const yesterday = addDays(date, -1);
  const error = spec.given(given).when(on(command, yesterday)).thenThrows(code, 'invalid');
  expect(AGREEMENT_ERROR_KINDS[code]).toBe('invalid');
  expect(error.field).toBe(field);
  expect(error.details).toEqual({ today: yesterday });
  expect(error.message).toContain(date);
  expect(error.message).toContain(yesterday);
}

describe('agreement — recorded facts are dated on or before today in Japan', () => {
  it('a draft (協約案, 修正案, 変更案, 廃止案) is recorded once it is made: DraftDateInFuture', () => {
    recordedOnlyOnceItHappened([], kit.open(), '2019-11-22', 'DraftDateInFuture', 'draftedOn');
    recordedOnlyOnceItHappened(opened(), kit.revise(), '2019-12-01', 'DraftDateInFuture', 'draftedOn');
    recordedOnlyOnceItHappened(
      completed(),
      kit.amend(sampleOperations()),
      '2021-01-15',
      'DraftDateInFuture',
      'draftedOn',
    );
    recordedOnlyOnceItHappened(completed(), kit.abolish(), '2024-01-10', 'DraftDateInFuture', 'draftedOn');
  });

  it('a 議決 dated after today is refused: CouncilResolutionDateInFuture', () => {
    recordedOnlyOnceItHappened(
      opened(),
      kit.resolve('partner'),
      '2019-12-13',
      'CouncilResolutionDateInFuture',
      'resolvedOn',
    );
    // The message names the date and today in 和暦 too.
    const error = spec
      .given(opened())
      .when(on(kit.resolve('partner', 'approved', { resolvedOn: '2026-12-17' }), '2026-11-27'))
      .thenThrows('CouncilResolutionDateInFuture', 'invalid');
    expect(error.message).toContain('2026-12-17（令和8年12月17日）');
    expect(error.message).toContain('2026-11-27（令和8年11月27日');
  });

  it('a 締結 dated after today is refused (ConclusionDateInFuture); its 施行日 may be ahead', () => {
    recordedOnlyOnceItHappened(
      approvedByBoth(),
      kit.conclude(),
      '2019-12-25',
      'ConclusionDateInFuture',
      'concludedOn',
    );
    spec
      .given(approvedByBoth())
      .when(on(kit.conclude({ effectiveOn: '2020-04-01' }), '2019-12-25'))
      .thenEvents(([e]) =>
        expect(e?.type === 'ProceedingConcluded' && e.data.effectiveOn).toBe('2020-04-01'),
      );
  });

  it('a 告示 and a 届出 dated after today are refused: PublicNoticeDateInFuture, GovernorNotificationDateInFuture', () => {
    const concluded = historyOf([kit.open(), kit.resolve('partner'), kit.resolve('core'), kit.conclude()]);
    recordedOnlyOnceItHappened(
      concluded,
      kit.notice('core'),
      '2019-12-25',
      'PublicNoticeDateInFuture',
      'publishedOn',
    );
    recordedOnlyOnceItHappened(
      concluded,
      kit.notify(),
      '2019-12-26',
      'GovernorNotificationDateInFuture',
      'notifiedOn',
    );
  });

  it('the withdrawal of a proceeding dated after today is refused: ProceedingWithdrawalDateInFuture', () => {
    recordedOnlyOnceItHappened(
      amendmentPending(),
      kit.withdraw({ proceedingId: 'p-amendment-1', withdrawnOn: '2021-02-01' }),
      '2021-02-01',
      'ProceedingWithdrawalDateInFuture',
      'withdrawnOn',
    );
  });

  it('a correction cannot move a 議決日, 告示日 or 届出日 after today: CorrectedDateInFuture', () => {
    // Revisions of the completed kit history: 3 partner resolution, 6 core notice, 8 notification.
    recordedOnlyOnceItHappened(
      completed(),
      kit.correct(3, { field: 'resolvedOn', value: '2019-12-14' }),
      '2019-12-14',
      'CorrectedDateInFuture',
      'correction.value',
    );
    recordedOnlyOnceItHappened(
      completed(),
      kit.correct(6, { field: 'publishedOn', value: '2020-01-24' }),
      '2020-01-24',
      'CorrectedDateInFuture',
      'correction.value',
    );
    recordedOnlyOnceItHappened(
      completed(),
      kit.correct(8, { field: 'notifiedOn', value: '2019-12-27' }),
      '2019-12-27',
      'CorrectedDateInFuture',
      'correction.value',
    );
  });

  it('a command without a real today is refused, not decided against an empty date', () => {
    spec
      .given(opened())
      .when(on(kit.resolve('partner'), ''))
      .thenThrows('InvalidDate', 'invalid');
  });
});
