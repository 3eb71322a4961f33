/**
 * 届出 (地方自治法 第252条の2第2項) given/when/then: by each party or jointly (連名), its addressee derived
 * from the parties' codes, its 文書番号, who may record it, and completion.
 */
import {
  DeciderSpecification,
  KIT_CONCLUSION_ID,
  KIT_CORE,
  KIT_PARTNER,
  KIT_PREFECTURE,
  historyOf,
  kit,
  kitActors,
} from '@kyoyaku/domain/testing';
import type { AgreementCommand } from './agreement.commands';
import { agreementDecider } from './agreement.decider';
import type { AgreementEvent } from './agreement.events';
import { completedOn, isOpened, type OpenedAgreementState } from './agreement.state';
import { missingSteps } from './proceeding-steps';

const spec = DeciderSpecification.for(agreementDecider);

/** 盛岡市 (岩手県): a partner in another prefecture than 青森市. */
const MORIOKA = { code: '032018', name: '盛岡市' };

const approvedByBoth = () => historyOf([kit.open(), kit.resolve('partner'), kit.resolve('core')]);
const concluded = () => historyOf([kit.conclude()], approvedByBoth());
const noticed = () => historyOf([kit.notice('core'), kit.notice('partner')], concluded());
const concludedWith = (partner: { code: string; name: string }) =>
  historyOf([
    kit.open({ partner }),
    kit.resolve('core'),
    kit.resolve('partner'),
    kit.conclude({
      signatories: {
        core: { title: '青森市長', name: 'a' },
        partner: { title: `${partner.name}長`, name: 'b' },
      },
    }),
  ]);

function stateOf(events: readonly AgreementEvent[]): OpenedAgreementState {
  const state = events.reduce(agreementDecider.evolve, agreementDecider.initialState());
  if (!isOpened(state)) throw new Error('not opened');
  return state;
}

const types = (events: readonly AgreementEvent[]) => events.map((e) => e.type);

describe('届出 by each party or jointly', () => {
  it('a party files for itself: the event names it with its code, the governor of its prefecture and the 文書番号', () => {
    spec
      .given(noticed())
      .when(kit.notifyBy('partner', { documentNumber: '平企第56号' }))
      .then([
        {
          type: 'GovernorNotificationRecorded',
          schemaVersion: 2,
          data: {
            proceedingId: KIT_CONCLUSION_ID,
            filers: [{ party: 'partner', municipalityCode: KIT_PARTNER.code }],
            addressee: { kind: 'prefectural-governor', prefectureCode: '020001' },
            notifiedOn: '2019-12-26',
            documentNumber: '平企第56号',
          },
        },
      ]);
  });

  it('one party’s own 届出 does not complete the proceeding; the other party’s does', () => {
    const corePlusNotices = historyOf([kit.notifyBy('core')], noticed());
    expect(stateOf(corePlusNotices).proceedings[0]?.completed).toBe(false);
    expect(missingSteps(stateOf(corePlusNotices), stateOf(corePlusNotices).proceedings[0] ?? fail())).toEqual(
      [{ step: 'governor-notification', party: 'partner', label: '乙（平内町）の届出（青森県知事）' }],
    );
    spec
      .given(corePlusNotices)
      .when(kit.notifyBy('partner', { notifiedOn: '2019-12-27' }))
      .thenEvents((events) =>
        expect(types(events)).toEqual(['GovernorNotificationRecorded', 'ProceedingCompleted']),
      );
    const done = stateOf(historyOf([kit.notifyBy('partner', { notifiedOn: '2019-12-27' })], corePlusNotices));
    const proceeding = done.proceedings[0] ?? fail();
    expect(proceeding.completed).toBe(true);
    expect(completedOn(proceeding)).toBe('2019-12-27');
    expect(missingSteps(done, proceeding)).toEqual([]);
  });

  it('a joint 届出 (連名) stands for both parties: one event, recorded under each, and it completes', () => {
    spec
      .given(noticed())
      .when(kit.notify())
      .thenEvents((events) => {
        expect(types(events)).toEqual(['GovernorNotificationRecorded', 'ProceedingCompleted']);
        expect(events[0]?.data).toMatchObject({
          filers: [
            { party: 'core', municipalityCode: KIT_CORE.code },
            { party: 'partner', municipalityCode: KIT_PARTNER.code },
          ],
        });
      });
    const proceeding = stateOf(historyOf([kit.notify()], noticed())).proceedings[0] ?? fail();
    expect(proceeding.notifications.core).toEqual(proceeding.notifications.partner);
    expect(proceeding.notifications.core).toMatchObject({ filedBy: ['core', 'partner'], revision: 8 });
  });

  it('filers are listed 甲 then 乙 whatever order the command gives', () => {
    spec
      .given(noticed())
      .when(kit.notify({ filedBy: ['partner', 'core'] }))
      .thenEvents((events) =>
        expect(events[0]?.data).toMatchObject({ filers: [{ party: 'core' }, { party: 'partner' }] }),
      );
  });

  it('a proceeding lists each party’s missing 届出 with its addressee', () => {
    const state = stateOf(concluded());
    expect(
      missingSteps(state, state.proceedings[0] ?? fail()).filter((s) => s.step === 'governor-notification'),
    ).toEqual([
      { step: 'governor-notification', party: 'core', label: '甲（青森市）の届出（青森県知事）' },
      { step: 'governor-notification', party: 'partner', label: '乙（平内町）の届出（青森県知事）' },
    ]);
  });
});

describe('rule: NotificationRequiresConclusion', () => {
  it('no 届出 before conclusion', () => {
    spec.given(approvedByBoth()).when(kit.notify()).thenThrows('NotificationRequiresConclusion', 'conflict');
    spec.given(approvedByBoth()).when(kit.notifyBy('core')).thenThrows('NotificationRequiresConclusion');
  });

  it('after conclusion it is recorded', () => {
    spec
      .given(concluded())
      .when(kit.notifyBy('core'))
      .thenEvents((e) => expect(types(e)).toEqual(['GovernorNotificationRecorded']));
  });
});

describe('rule: DuplicateGovernorNotification (one 届出 per party and proceeding)', () => {
  it('a party that filed may not file again, alone or jointly', () => {
    const coreFiled = historyOf([kit.notifyBy('core')], concluded());
    spec
      .given(coreFiled)
      .when(kit.notifyBy('core', { documentNumber: '青政第9999号' }))
      .thenThrows('DuplicateGovernorNotification', 'conflict');
    spec.given(coreFiled).when(kit.notify()).thenThrows('DuplicateGovernorNotification');
    const jointFiled = historyOf([kit.notify()], concluded());
    spec.given(jointFiled).when(kit.notifyBy('partner')).thenThrows('DuplicateGovernorNotification');
    spec
      .given(jointFiled)
      .when(kit.notify({ notifiedOn: '2019-12-27' }))
      .thenThrows('DuplicateGovernorNotification');
  });

  it('the other party still files its own', () => {
    spec
      .given(historyOf([kit.notifyBy('core')], concluded()))
      .when(kit.notifyBy('partner'))
      .thenEvents((e) => expect(e[0]?.data).toMatchObject({ filers: [{ party: 'partner' }] }));
  });
});

describe('rule: who records a 届出 (ClerkMayRecordOnlyOwnMunicipality)', () => {
  it('a clerk records its own municipality’s 届出 filed alone', () => {
    spec
      .given(concluded())
      .when(kit.notifyBy('partner', { actor: kitActors.partnerClerk }))
      .thenEvents((e) => expect(types(e)).toEqual(['GovernorNotificationRecorded']));
    spec
      .given(concluded())
      .when(kit.notifyBy('core', { actor: kitActors.coreClerk }))
      .thenEvents((e) => expect(types(e)).toEqual(['GovernorNotificationRecorded']));
  });

  it('a clerk may not record the other party’s 届出, nor a joint one, nor one of an agreement it is not party to', () => {
    spec
      .given(concluded())
      .when(kit.notifyBy('core', { actor: kitActors.partnerClerk }))
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality', 'forbidden');
    spec
      .given(concluded())
      .when(kit.notify({ actor: kitActors.coreClerk }))
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality', 'forbidden');
    spec
      .given(concluded())
      .when(kit.notifyBy('partner', { actor: kitActors.otherClerk }))
      .thenThrows('ClerkMayRecordOnlyOwnMunicipality');
  });

  it('the secretariat and admins record a joint 届出', () => {
    for (const actor of [kitActors.secretariat, kitActors.admin]) {
      spec
        .given(concluded())
        .when(kit.notify({ actor }))
        .thenEvents((e) =>
          expect(e[0]?.data).toMatchObject({ filers: [{ party: 'core' }, { party: 'partner' }] }),
        );
    }
  });

  it('a reader records nothing', () => {
    spec
      .given(concluded())
      .when(kit.notifyBy('core', { actor: kitActors.reader }))
      .thenThrows('ActorNotPermitted');
  });
});

describe('rule: WrongNotificationRecipient (the addressee is derived, a stated one must agree)', () => {
  it('between municipalities: the governor of their prefecture, stated or not', () => {
    spec
      .given(concluded())
      .when(kit.notify({ addressee: { kind: 'prefectural-governor', prefectureCode: '020001' } }))
      .thenEvents((e) =>
        expect(e[0]?.data).toMatchObject({
          addressee: { kind: 'prefectural-governor', prefectureCode: '020001' },
        }),
      );
    spec
      .given(concluded())
      .when(kit.notify({ addressee: { kind: 'prefectural-governor' } }))
      .thenEvents((e) => expect(e[0]?.data).toMatchObject({ addressee: { prefectureCode: '020001' } }));
  });

  it('refuses the 総務大臣, or another prefecture’s governor, for an agreement between municipalities', () => {
    const minister = spec
      .given(concluded())
      .when(kit.notify({ addressee: { kind: 'minister-of-internal-affairs' } }))
      .thenThrows('WrongNotificationRecipient', 'invalid');
    expect(minister.message).toContain('指定された届出先（総務大臣）は');
    const error = spec
      .given(concluded())
      .when(kit.notify({ addressee: { kind: 'prefectural-governor', prefectureCode: '030007' } }))
      .thenThrows('WrongNotificationRecipient', 'invalid');
    expect(error.field).toBe('addressee.prefectureCode');
    expect(error.message).toContain('指定された届出先（都道府県知事、団体コード 030007）は');
    expect(error.details).toMatchObject({
      required: 'prefectural-governor',
      requiredPrefectureCode: '020001',
    });
  });

  it('where a prefecture is a party: the 総務大臣, for either party’s filing', () => {
    const withPrefecture = concludedWith(KIT_PREFECTURE);
    spec
      .given(withPrefecture)
      .when(kit.notifyBy('core'))
      .thenEvents((e) =>
        expect(e[0]?.data).toMatchObject({ addressee: { kind: 'minister-of-internal-affairs' } }),
      );
    spec
      .given(withPrefecture)
      .when(kit.notify({ addressee: { kind: 'minister-of-internal-affairs' } }))
      .thenEvents((e) =>
        expect(e[0]?.data).toMatchObject({ addressee: { kind: 'minister-of-internal-affairs' } }),
      );
    spec
      .given(withPrefecture)
      .when(kit.notify({ addressee: { kind: 'prefectural-governor', prefectureCode: '020001' } }))
      .thenThrows('WrongNotificationRecipient');
    spec
      .given(withPrefecture)
      .when(
        kit.notifyBy('partner', {
          addressee: { kind: 'minister-of-internal-affairs', prefectureCode: '020001' },
        }),
      )
      .thenThrows('WrongNotificationRecipient');
  });
});

describe('rule: JointNotificationAcrossPrefectures', () => {
  it('parties in two prefectures cannot file one joint 届出', () => {
    spec
      .given(concludedWith(MORIOKA))
      .when(kit.notify())
      .thenThrows('JointNotificationAcrossPrefectures', 'invalid');
  });

  it('each files with its own prefecture’s governor', () => {
    const given = concludedWith(MORIOKA);
    spec
      .given(given)
      .when(kit.notifyBy('core'))
      .thenEvents((e) => expect(e[0]?.data).toMatchObject({ addressee: { prefectureCode: '020001' } }));
    spec
      .given(given)
      .when(kit.notifyBy('partner'))
      .thenEvents((e) =>
        expect(e[0]?.data).toMatchObject({
          filers: [{ party: 'partner', municipalityCode: MORIOKA.code }],
          addressee: { kind: 'prefectural-governor', prefectureCode: '030007' },
        }),
      );
  });
});

describe('the 届出 command’s own fields', () => {
  it('names one or both parties, each once', () => {
    spec
      .given(concluded())
      .when(kit.notify({ filedBy: [] }))
      .thenThrows('RequiredValueMissing', 'invalid');
    spec
      .given(concluded())
      .when(kit.notify({ filedBy: ['core', 'core'] }))
      .thenThrows('InvalidValue', 'invalid');
    const mayor = { ...kit.notify(), filedBy: ['mayor'] } as unknown as AgreementCommand;
    spec.given(concluded()).when(mayor).thenThrows('InvalidValue');
  });

  it('carries a 文書番号 and a real date not before the conclusion', () => {
    spec
      .given(concluded())
      .when(kit.notify({ documentNumber: ' ' }))
      .thenThrows('RequiredValueMissing');
    spec
      .given(concluded())
      .when(kit.notify({ notifiedOn: '2019-13-01' }))
      .thenThrows('InvalidDate');
    spec
      .given(concluded())
      .when(kit.notify({ notifiedOn: '2019-12-24' }))
      .thenThrows('StepDateBeforePreviousStep');
    spec
      .given(concluded())
      .when(kit.notify({ notifiedOn: '2019-12-25' }))
      .thenEvents((e) => expect(e[0]?.data).toMatchObject({ notifiedOn: '2019-12-25' }));
  });
});

function fail(): never {
  throw new Error('missing proceeding');
}
