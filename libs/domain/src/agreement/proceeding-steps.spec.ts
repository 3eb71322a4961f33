import { concludedAgreementCommands, historyOf, kit } from '@kyoyaku/domain/testing';
import { agreementDecider } from './agreement.decider';
import type { AgreementCommand } from './agreement.commands';
import { isOpened } from './agreement.state';
import { missingSteps } from './proceeding-steps';

function missingAfter(commands: AgreementCommand[]) {
  const state = historyOf(commands).reduce(agreementDecider.evolve, agreementDecider.initialState());
  if (!isOpened(state)) throw new Error('not opened');
  const proceeding = state.proceedings[0];
  if (!proceeding) throw new Error('no proceeding');
  return missingSteps(state, proceeding).map((s) => [s.step, s.party ?? null]);
}

describe('missingSteps', () => {
  it('lists every step of a fresh proceeding in legal order', () => {
    expect(missingAfter([kit.open()])).toEqual([
      ['council-resolution', 'core'],
      ['council-resolution', 'partner'],
      ['conclusion', null],
      ['public-notice', 'core'],
      ['public-notice', 'partner'],
      ['governor-notification', 'core'],
      ['governor-notification', 'partner'],
    ]);
  });

  it('drops an approval of the current draft, keeps a rejection and an approval of a superseded draft', () => {
    expect(missingAfter([kit.open(), kit.resolve('core')])[0]).toEqual(['council-resolution', 'partner']);
    expect(
      missingAfter([kit.open(), kit.resolve('core'), kit.resolve('partner', 'rejected')]).slice(0, 1),
    ).toEqual([['council-resolution', 'partner']]);
    const superseded = missingAfter([
      kit.open(),
      kit.resolve('core', 'approved', { resolvedOn: '2019-11-28' }),
      kit.revise(),
    ]);
    expect(superseded.filter(([step]) => step === 'council-resolution')).toHaveLength(2);
  });

  it('after conclusion, only the notices and the 届出 still missing, each party’s', () => {
    const concluded = [
      kit.open(),
      kit.resolve('core'),
      kit.resolve('partner'),
      kit.conclude(),
      kit.notice('partner'),
    ];
    expect(missingAfter(concluded)).toEqual([
      ['public-notice', 'core'],
      ['governor-notification', 'core'],
      ['governor-notification', 'partner'],
    ]);
    expect(missingAfter([...concluded, kit.notifyBy('partner')])).toEqual([
      ['public-notice', 'core'],
      ['governor-notification', 'core'],
    ]);
  });

  it('nothing is missing once completed or withdrawn', () => {
    expect(missingAfter(concludedAgreementCommands())).toEqual([]);
    expect(missingAfter([kit.open(), kit.withdraw()])).toEqual([]);
  });
});
