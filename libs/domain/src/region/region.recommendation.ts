/**
 * 勧告 (地方自治法 第252条の2第5項): 「公益上必要がある場合においては、都道府県が締結するものについては
 * 総務大臣、その他のものについては都道府県知事は、関係のある普通地方公共団体に対し、連携協約を締結すべき
 * ことを勧告することができる。」 Recorded on the region: who recommended (the 総務大臣 where a prefecture
 * is among the municipalities concerned, otherwise the governor of a prefecture one of them lies in),
 * to whom (at least two of them), when (not after today in Japan), its 文書番号 and its content.
 */
import type { Party } from '../agreement/agreement.types';
import { assertMunicipalityCode, isPrefectureCode, prefectureOf } from '../municipality/municipality-code';
import { governorTitleOf, prefectureCodeOf, prefectureNameOf } from '../municipality/prefecture';
import { assertLegalDate, assertNonBlank } from '../shared/validation';
import type { RecordRecommendation } from './region.commands';
import { regionError } from './region.errors';
import { REGION_EVENT_SCHEMA_VERSION, type RecommendationRecorded, type Recommender } from './region.events';

/** 総務大臣 / 青森県知事. */
export function recommenderName(recommender: Recommender): string {
  return recommender.kind === 'minister-of-internal-affairs'
    ? '総務大臣'
    : governorTitleOf(recommender.prefectureCode);
}

/** A recommendation as the region keeps it. */
export interface RecommendationState {
  recommender: Recommender;
  addressees: Party[];
  recommendedOn: string;
  documentNumber: string;
  content: string;
}

function addresseesOf(command: RecordRecommendation): Party[] {
  if (!Array.isArray(command.addressees)) {
    throw regionError(
      'RecommendationNeedsTwoParties',
      '勧告の相手方（addressees）を配列で指定してください。',
      {
        field: 'addressees',
      },
    );
  }
  const addressees = command.addressees.map((party, index) => {
    assertMunicipalityCode(party.code, `addressees[${index}].code`);
    assertNonBlank(party.name, `addressees[${index}].name`, '勧告の相手方の団体名');
    return { code: party.code, name: party.name };
  });
  const distinct = new Set(addressees.map((p) => p.code));
  if (addressees.length < 2 || distinct.size !== addressees.length) {
    throw regionError(
      'RecommendationNeedsTwoParties',
      `連携協約の締結の勧告は、関係のある普通地方公共団体（二以上）に対して行われます（地方自治法第252条の2第5項）。相手方には異なる団体を二つ以上指定してください（指定: ${addressees.map((p) => `${p.name}・${p.code}`).join('、') || 'なし'}）。`,
      { field: 'addressees' },
    );
  }
  return addressees;
}

function recommenderOf(command: RecordRecommendation, addressees: readonly Party[]): Recommender {
  const stated = command.recommender;
  const kind: unknown = stated?.kind;
  if (kind !== 'minister-of-internal-affairs' && kind !== 'prefectural-governor') {
    throw regionError(
      'InvalidValue',
      `勧告をした者「${String(kind)}」は不正です。minister-of-internal-affairs（総務大臣）又は prefectural-governor（都道府県知事、prefectureCode とともに）を指定してください。`,
      { field: 'recommender.kind' },
    );
  }
  const prefectureAmong = addressees.find((p) => isPrefectureCode(p.code));
  if (kind === 'minister-of-internal-affairs') {
    if (prefectureAmong !== undefined) return { kind };
    throw regionError(
      'WrongRecommender',
      `相手方（${addressees.map((p) => p.name).join('・')}）に都道府県が含まれないため、この連携協約の締結を勧告するのは都道府県知事です（地方自治法第252条の2第5項：「その他のものについては都道府県知事」）。総務大臣が勧告するのは都道府県が締結するものです。`,
      { field: 'recommender.kind' },
    );
  }
  const concerned = [...new Set(addressees.map((p) => prefectureOf(p.code)))];
  // Where every addressee lies in one prefecture, only its governor may recommend: the code may be
  // left out and is derived, as a 届出's addressee is.
  const only = stated.prefectureCode === undefined && concerned.length === 1 ? concerned[0] : undefined;
  const prefectureCode =
    only === undefined
      ? assertMunicipalityCode(stated.prefectureCode, 'recommender.prefectureCode')
      : prefectureCodeOf(`${only}0000`);
  if (prefectureAmong !== undefined) {
    throw regionError(
      'WrongRecommender',
      `相手方に都道府県（${prefectureAmong.name}）が含まれるため、この連携協約の締結を勧告するのは総務大臣です（地方自治法第252条の2第5項：「都道府県が締結するものについては総務大臣」）。`,
      { field: 'recommender.kind' },
    );
  }
  const governor = prefectureCodeOf(prefectureCode);
  if (prefectureCode !== governor || !concerned.includes(prefectureOf(prefectureCode))) {
    const expected = concerned.map(
      (pp) => `${prefectureNameOf(`${pp}0000`)}知事（${prefectureCodeOf(`${pp}0000`)}）`,
    );
    throw regionError(
      'WrongRecommender',
      `団体コード ${prefectureCode} は相手方（${addressees.map((p) => p.name).join('・')}）の属する都道府県のコードではありません。勧告をした都道府県知事は、相手方の属する都道府県の団体コードで指定してください: ${expected.join('又は')}。`,
      {
        field: 'recommender.prefectureCode',
        details: { expected: concerned.map((pp) => prefectureCodeOf(`${pp}0000`)).join(',') },
      },
    );
  }
  return { kind, prefectureCode };
}

/** Checks a RecordRecommendation against the region's recommendations; the event it records. */
export function decideRecommendation(
  command: RecordRecommendation,
  regionId: string,
  recorded: readonly RecommendationState[],
): RecommendationRecorded {
  const addressees = addresseesOf(command);
  const recommender = recommenderOf(command, addressees);
  assertLegalDate(command.recommendedOn, 'recommendedOn', '勧告の日');
  assertLegalDate(command.today, 'today', '本日');
  if (command.recommendedOn > command.today) {
    throw regionError(
      'RecommendationDateInFuture',
      `勧告の日 ${command.recommendedOn} は本日（日本時間 ${command.today}）より後です。記録できるのは既に行われた勧告だけです。${command.today} 以前の日付を指定してください。`,
      { field: 'recommendedOn', details: { latest: command.today } },
    );
  }
  assertNonBlank(command.documentNumber, 'documentNumber', '勧告の文書番号');
  assertNonBlank(command.content, 'content', '勧告の内容');
  const same = recorded.find(
    (r) =>
      r.documentNumber === command.documentNumber &&
      recommenderName(r.recommender) === recommenderName(recommender),
  );
  if (same !== undefined) {
    throw regionError(
      'RecommendationAlreadyRecorded',
      `${recommenderName(recommender)}の勧告（${command.documentNumber}、${same.recommendedOn}）は既に記録されています。同じ勧告を重ねて記録することはできません。`,
      { field: 'documentNumber' },
    );
  }
  return {
    type: 'RecommendationRecorded',
    schemaVersion: REGION_EVENT_SCHEMA_VERSION,
    data: {
      regionId,
      recommender,
      addressees,
      recommendedOn: command.recommendedOn,
      documentNumber: command.documentNumber,
      content: command.content,
    },
  };
}

/** Whether a recommendation concerns both parties of an agreement (both among its addressees). */
export function recommendationConcerns(
  recommendation: Pick<RecommendationState, 'addressees'>,
  parties: { core: Party; partner: Party },
): boolean {
  const codes = recommendation.addressees.map((p) => p.code);
  return codes.includes(parties.core.code) && codes.includes(parties.partner.code);
}
