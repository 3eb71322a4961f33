/**
 * 届出 (地方自治法 第252条の2第2項): 「普通地方公共団体は、連携協約を締結したときは、その旨及び当該連携協約
 * を告示するとともに、都道府県が締結したものにあつては総務大臣、その他のものにあつては都道府県知事に届け出
 * なければならない。」 The duty is each party's: a party files for itself, or both file one document
 * together (連名). The addressee follows from the parties' 全国地方公共団体コード: the 総務大臣 when either
 * party is a prefecture; otherwise the governor of the filing party's prefecture (the first two digits
 * of its code). A joint filing has one addressee, so both parties must lie in the same prefecture.
 */
import { isMunicipalityCode, isPrefectureCode } from '../municipality/municipality-code';
import { governorTitleOf, prefectureCodeOf, prefectureNameOf } from '../municipality/prefecture';
import { agreementError } from './agreement.errors';
import { partyLabel, partyOf, type OpenedAgreementState } from './agreement.state';
import {
  NOTIFICATION_RECIPIENT_NAMES,
  PARTY_ROLES,
  type NotificationAddressee,
  type NotificationAddresseeInput,
  type PartyRole,
} from './agreement.types';

/** 青森県知事, 総務大臣; 都道府県知事 for a version 1 届出, which did not name the prefecture. */
export function notificationAddresseeName(addressee: NotificationAddressee): string {
  if (addressee.kind === 'minister-of-internal-affairs') return NOTIFICATION_RECIPIENT_NAMES[addressee.kind];
  return addressee.prefectureCode === undefined
    ? NOTIFICATION_RECIPIENT_NAMES[addressee.kind]
    : governorTitleOf(addressee.prefectureCode);
}

/** Where one party's 届出 goes: the 総務大臣 if a prefecture is a party, else its own prefecture's governor. */
export function notificationAddresseeFor(
  state: Pick<OpenedAgreementState, 'coreCity' | 'partner'>,
  party: PartyRole,
): NotificationAddressee {
  if (isPrefectureCode(state.coreCity.code) || isPrefectureCode(state.partner.code)) {
    return { kind: 'minister-of-internal-affairs' };
  }
  const code = party === 'core' ? state.coreCity.code : state.partner.code;
  return { kind: 'prefectural-governor', prefectureCode: prefectureCodeOf(code) };
}

function sameAddressee(a: NotificationAddressee, b: NotificationAddressee): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind === 'minister-of-internal-affairs' || a.prefectureCode === (b as typeof a).prefectureCode;
}

/**
 * The filing parties as the command lists them, checked and in the order 甲, 乙: one party, or both.
 * RequiredValueMissing when none is named, InvalidValue for anything but core/partner or a repeat.
 */
export function filingParties(value: unknown, field = 'filedBy'): PartyRole[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw agreementError(
      'RequiredValueMissing',
      '届出をした当事者を指定してください。自団体の届出は ["core"]（甲）又は ["partner"]（乙）、連名の届出は ["core", "partner"] です（地方自治法第252条の2第2項）。',
      { field },
    );
  }
  const roles: unknown[] = value;
  const invalid = roles.find((role) => role !== 'core' && role !== 'partner');
  if (invalid !== undefined || new Set(roles).size !== roles.length) {
    throw agreementError(
      'InvalidValue',
      `届出をした当事者「${roles.map(String).join('、')}」は不正です。core（甲）と partner（乙）をそれぞれ一度まで指定してください。`,
      { field },
    );
  }
  return PARTY_ROLES.filter((role) => roles.includes(role));
}

/**
 * The one addressee of a filing by `filers`. A joint filing (連名) by parties in different prefectures
 * would go to two governors: JointNotificationAcrossPrefectures (each party files for itself then).
 */
export function filingAddressee(
  state: OpenedAgreementState,
  filers: readonly PartyRole[],
): NotificationAddressee {
  const addressees = filers.map((party) => notificationAddresseeFor(state, party));
  const [first, ...others] = addressees;
  if (first === undefined) throw new Error('invariant: a filing has a filer');
  if (others.some((other) => !sameAddressee(first, other))) {
    throw agreementError(
      'JointNotificationAcrossPrefectures',
      `${partyLabel(state, 'core')}は${prefectureNameOf(state.coreCity.code)}、${partyLabel(state, 'partner')}は${prefectureNameOf(state.partner.code)}の団体のため、届出先（${addressees.map(notificationAddresseeName).join('・')}）が一つになりません。連名の届出はできないので、甲乙それぞれが自らの都道府県知事への届出を記録してください（地方自治法第252条の2第2項）。`,
      { field: 'filedBy' },
    );
  }
  return first;
}

/**
 * A client may state the addressee; the ledger derives it. WrongNotificationRecipient when the
 * stated one is another (総務大臣 for a municipal agreement, another prefecture's governor …).
 */
export function assertStatedAddressee(
  stated: NotificationAddresseeInput | undefined,
  derived: NotificationAddressee,
  state: OpenedAgreementState,
): void {
  if (stated === undefined) return;
  if (stated.kind !== 'prefectural-governor' && stated.kind !== 'minister-of-internal-affairs') {
    throw agreementError(
      'InvalidValue',
      `届出先「${String(stated.kind)}」は不正です。prefectural-governor（都道府県知事）又は minister-of-internal-affairs（総務大臣）です。届出先は当事者の団体コードから定まるので、省略できます。`,
      { field: 'addressee.kind' },
    );
  }
  const statedCode = stated.prefectureCode;
  const contradicts =
    stated.kind !== derived.kind ||
    (statedCode !== undefined &&
      (derived.kind !== 'prefectural-governor' ||
        !isMunicipalityCode(statedCode) ||
        statedCode !== derived.prefectureCode));
  if (!contradicts) return;
  const name = notificationAddresseeName(derived);
  const why =
    derived.kind === 'minister-of-internal-affairs'
      ? `都道府県が当事者である連携協約（${state.coreCity.name}・${state.partner.name}）の届出先は総務大臣です`
      : `市町村間の連携協約の届出先は、届出をする団体の属する都道府県の知事（${name}）です`;
  throw agreementError(
    'WrongNotificationRecipient',
    `${why}（地方自治法第252条の2第2項）。指定された届出先（${NOTIFICATION_RECIPIENT_NAMES[stated.kind]}${statedCode === undefined ? '' : `、団体コード ${statedCode}`}）は当事者の団体コードから定まる届出先と異なります。addressee を省略するか、${derived.kind === 'prefectural-governor' ? `{ kind: "prefectural-governor", prefectureCode: "${derived.prefectureCode ?? ''}" }` : '{ kind: "minister-of-internal-affairs" }'} を指定してください。`,
    {
      field:
        statedCode !== undefined && stated.kind === derived.kind
          ? 'addressee.prefectureCode'
          : 'addressee.kind',
      details: {
        required: derived.kind,
        ...(derived.kind === 'prefectural-governor' && derived.prefectureCode !== undefined
          ? { requiredPrefectureCode: derived.prefectureCode }
          : {}),
      },
    },
  );
}

/** 「甲（青森市）及び乙（平内町）」 or 「乙（平内町）」. */
export function filersLabel(state: OpenedAgreementState, filers: readonly PartyRole[]): string {
  return filers.map((party) => partyLabel(state, party)).join('及び');
}

/** The filers as the event records them: each party with its code. */
export function filersOf(state: OpenedAgreementState, filers: readonly PartyRole[]) {
  return filers.map((party) => ({ party, municipalityCode: partyOf(state, party).code }));
}
