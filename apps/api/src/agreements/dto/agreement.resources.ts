import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PartyDto } from './party.dto';

/** Response shapes for the OpenAPI document (the handlers return plain read-model documents). */

export class MissingStepResource {
  @ApiProperty({ enum: ['council-resolution', 'conclusion', 'public-notice', 'governor-notification'] })
  step!: string;
  @ApiPropertyOptional({ enum: ['core', 'partner'], description: '手順を担う当事者 (甲=core, 乙=partner)' })
  party?: string;
  @ApiProperty({
    description: '不足している手順 (日本語)',
    example: '乙（平内町）の議会の議決（第1案の可決）',
  })
  label!: string;
}

export class OpenProceedingResource {
  @ApiProperty({ description: '手続ID' })
  proceedingId!: string;
  @ApiProperty({ enum: ['conclusion', 'amendment', 'abolition'], description: '締結・変更・廃止' })
  kind!: string;
  @ApiProperty({ description: '手続の開始日' })
  openedOn!: string;
  @ApiProperty({ enum: ['negotiating', 'concluded'], description: '協議中 / 締結済み (告示・届出待ち)' })
  status!: string;
  @ApiProperty({ type: [MissingStepResource], description: '不足している手順 (法の順序)' })
  missingSteps!: MissingStepResource[];
}

export class AgreementSummaryResource {
  @ApiProperty({ description: '協約ID', example: 'aomori-hiranai' })
  agreementId!: string;
  @ApiProperty({ description: '連携中枢都市圏ID', example: 'aomori' })
  regionId!: string;
  @ApiProperty({ description: '題名 (現行版、締結前は案)' })
  title!: string;
  @ApiProperty({ type: PartyDto, description: '甲 (連携中枢都市)' })
  coreCity!: PartyDto;
  @ApiProperty({ type: PartyDto, description: '乙' })
  partner!: PartyDto;
  @ApiProperty({
    enum: ['negotiating', 'withdrawn', 'concluded', 'abolished'],
    description: '協議中・取下げ・締結済み・廃止',
  })
  status!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      '現行版の番号: 施行日順で最後の版 (締結済みの全ての版が施行された後の本文。未施行のこともある)。版の番号は締結順',
  })
  latestVersion!: number | null;
  @ApiProperty({ type: [OpenProceedingResource], description: '完了していない手続' })
  openProceedings!: OpenProceedingResource[];
  @ApiProperty({ description: 'ストリームのリビジョン (ETag)' })
  revision!: number;
  @ApiProperty({ description: '最後に反映したイベントの位置' })
  lastPosition!: string;
  @ApiPropertyOptional({
    type: Boolean,
    description: '例示 (デモ) の事実を含む協約 (同梱の青森圏域デモ)。実データでは省略',
  })
  illustrative?: true;
}

export class AgreementListItemResource extends AgreementSummaryResource {
  @ApiProperty({
    enum: ['negotiating', 'withdrawn', 'not-yet-in-force', 'in-force', 'abolished'],
    description: '本日 (日本時間) 時点の状態',
  })
  statusToday!: string;
  @ApiProperty({ description: '本日 (日本時間)', example: '2026-11-27' })
  today!: string;
}

export class AgreementPageResource {
  @ApiProperty({ type: [AgreementListItemResource] })
  items!: AgreementListItemResource[];
  @ApiProperty({ nullable: true, type: String, description: '次のページの after (最終ページは null)' })
  nextCursor!: string | null;
}

export class TextVersionResource {
  @ApiProperty({ description: '版番号' })
  number!: number;
  @ApiProperty({ description: '版を作った手続' })
  proceedingId!: string;
  @ApiProperty({ description: '締結日' })
  concludedOn!: string;
  @ApiProperty({ description: '施行日' })
  effectiveFrom!: string;
  @ApiPropertyOptional({ description: '失効日 (この日から次の版または廃止)' })
  effectiveTo?: string;
  @ApiPropertyOptional({ description: '遡及適用の理由', type: Object })
  retroactive?: { reason: string };
  @ApiPropertyOptional({ type: Boolean, description: '例示 (デモ) の事実による版。実データでは省略' })
  illustrative?: true;
}

export class PublicNoticeCitationResource {
  @ApiProperty({ description: '告示番号 (記録のまま)', example: '青森市告示第210号' })
  noticeNumber!: string;
  @ApiProperty({ description: '告示日', example: '2021-03-25' })
  publishedOn!: string;
}

export class EffectiveDateClauseResource {
  @ApiProperty({
    enum: ['on-conclusion', 'on-date', 'retroactive'],
    description:
      '附則の施行期日: on-conclusion = 締結の日から施行 / on-date = effectiveOn から施行 / retroactive = 締結の日から施行し、appliesFrom から適用 (遡及)',
  })
  kind!: string;
  @ApiPropertyOptional({ description: 'on-date の施行日', example: '2021-04-01' })
  effectiveOn?: string;
  @ApiPropertyOptional({ description: 'retroactive の適用日', example: '2022-04-01' })
  appliesFrom?: string;
}

export class AmendmentEnactmentResource {
  @ApiProperty({ description: '変更の締結日' })
  concludedOn!: string;
  @ApiPropertyOptional({ type: PublicNoticeCitationResource, description: '甲の告示 (記録済みのとき)' })
  notice?: PublicNoticeCitationResource;
  @ApiProperty({ type: EffectiveDateClauseResource, description: 'その変更の附則 (施行期日)' })
  clause!: EffectiveDateClauseResource;
}

export class EnactmentsResource {
  @ApiProperty({ description: '原協約の締結日', example: '2019-12-25' })
  enactedOn!: string;
  @ApiPropertyOptional({
    type: PublicNoticeCitationResource,
    description:
      '原協約の甲の告示 (記録済みのとき)。例規集では題名の下に「令和元年12月25日　青森市告示第600号」',
  })
  notice?: PublicNoticeCitationResource;
  @ApiProperty({
    type: [AmendmentEnactmentResource],
    description:
      'この本文に溶け込んだ変更 (締結順)。例規集では原附則の後に「附　則（令和3年3月25日青森市告示第210号）」とその施行期日の文',
  })
  amendments!: AmendmentEnactmentResource[];
}

export class TextAsOfResource {
  @ApiProperty()
  agreementId!: string;
  @ApiProperty({ description: '時点指定の日' })
  asOf!: string;
  @ApiProperty({ description: '時点指定の日 (和暦)', example: '令和2年4月1日' })
  asOfWareki!: string;
  @ApiPropertyOptional({ description: 'この時刻に台帳が記録していた事実による回答' })
  knownAt?: string;
  @ApiPropertyOptional({ description: 'この位置までの記録による回答' })
  atPosition?: string;
  @ApiProperty({ type: TextVersionResource })
  version!: TextVersionResource;
  @ApiProperty({ enum: ['municipal', 'kanji'], description: '本文の表記 (指定がなければ本文自身の表記)' })
  style!: string;
  @ApiProperty({
    description:
      '例規集の形の本文 (プレーンテキスト): 題名の下に告示の日付と番号、別表（第3条関係）、原附則の後に各変更の附則',
  })
  text!: string;
  @ApiProperty({
    type: Object,
    description: '協約の本文の構造 (前文・条・項・号・別表・附則)。各変更の附則は含まない (enactments)',
  })
  document!: object;
  @ApiProperty({
    type: EnactmentsResource,
    description: '例規集の形で本文とともに印字する告示と各変更の附則',
  })
  enactments!: EnactmentsResource;
}

export class AmendmentBaseResource {
  @ApiProperty({
    enum: ['end-of-timeline', 'before-effective-date'],
    description:
      '起案の基礎: end-of-timeline = 締結前の案。締結済みの全ての版を施行日順に適用した本文に対して検査する / ' +
      'before-effective-date = 締結済みの変更。施行日の前日に施行されている本文に適用される',
  })
  kind!: string;
  @ApiProperty({
    description:
      'その本文が施行されている日: end-of-timeline では最後の施行日、before-effective-date では施行日の前日',
    example: '2027-01-05',
  })
  asOf!: string;
  @ApiProperty({
    type: [Number],
    description:
      'その本文を成す版の番号 (施行日順。同じ施行日の版は締結順で、先に締結された版を含む)。最後の版の本文が基礎',
    example: [1, 2],
  })
  versionNumbers!: number[];
}

export class VersionListBaseResource {
  @ApiProperty({
    enum: ['before-effective-date'],
    description: '起案の基礎: 締結済みの変更は施行日の前日に施行されている本文に適用される',
  })
  kind!: string;
  @ApiProperty({ description: '施行日の前日 (その本文が施行されている日)', example: '2027-01-05' })
  asOf!: string;
  @ApiProperty({
    description:
      'この版が改める版の番号 (一覧で直前の版。一覧は施行日順)。基礎を成す版の全体は GET …/versions/{n} と手続の base.versionNumbers',
    example: 2,
  })
  versionNumber!: number;
}

export class VersionListItemResource {
  @ApiProperty({ description: '協約ID' })
  agreementId!: string;
  @ApiProperty({ description: '版番号 (締結順)' })
  number!: number;
  @ApiProperty({ description: '版を作った手続' })
  proceedingId!: string;
  @ApiProperty({ enum: ['conclusion', 'amendment'], description: '締結・変更' })
  kind!: string;
  @ApiProperty({ description: '題名' })
  title!: string;
  @ApiProperty({ description: '締結日' })
  concludedOn!: string;
  @ApiProperty({ description: '施行日' })
  effectiveFrom!: string;
  @ApiPropertyOptional({
    description:
      '失効日 (この日から施行日順で次の版または廃止)。同じ施行日に後から締結された版がある版では施行日と同じ',
  })
  effectiveTo?: string;
  @ApiPropertyOptional({ enum: ['version', 'abolition'], description: '次の版によるか廃止によるか' })
  endedBy?: string;
  @ApiProperty({ description: '施行日までに廃止が効力を生じ、施行されなかった版' })
  neverInForce!: boolean;
  @ApiPropertyOptional({
    type: VersionListBaseResource,
    description: '変更の版: 改める版 (起案の基礎)。一覧の各項目の大きさは版の数によらない',
  })
  base?: VersionListBaseResource;
  @ApiPropertyOptional({ description: '遡及適用の理由', type: Object })
  retroactive?: { reason: string };
  @ApiProperty({
    enum: ['not-yet-in-force', 'in-force', 'superseded', 'abolished', 'never-in-force'],
    description: '本日 (日本時間) 時点の状態 (未施行・施行中・次の版が施行済み・廃止・施行されず)',
  })
  statusToday!: string;
  @ApiProperty({
    description:
      '例規集の沿革の表記。施行日が締結日と異なるときは施行日 (遡及は「から適用」)、未施行はその旨',
    example: '令和3年3月25日一部変更（令和3年4月1日施行）',
  })
  label!: string;
  @ApiProperty({
    type: Object,
    description: '双方の告示 (記録済みのもの): { core?, partner? } の noticeNumber と publishedOn',
  })
  notices!: object;
  @ApiProperty({ description: '締結を記録したイベントのストリーム内リビジョン' })
  recordedAtRevision!: number;
  @ApiPropertyOptional({ description: '締結を記録したイベントの位置' })
  recordedAtPosition?: string;
  @ApiPropertyOptional({ description: '締結を記録した時刻 (RFC 3339)' })
  recordedAt?: string;
  @ApiPropertyOptional({ description: '締結を記録したイベントのID' })
  eventId?: string;
}

export class AbolitionListItemResource {
  @ApiProperty({ description: '廃止の手続' })
  proceedingId!: string;
  @ApiProperty({ description: '廃止の締結日' })
  concludedOn!: string;
  @ApiProperty({ description: '廃止の効力が生じる日 (この日から施行されていない)' })
  effectiveOn!: string;
  @ApiPropertyOptional({ description: '遡及の理由', type: Object })
  retroactive?: { reason: string };
  @ApiProperty({ description: '廃止の理由' })
  reason!: string;
  @ApiProperty({ description: '例規集の沿革の表記', example: '令和6年3月22日廃止（令和6年4月1日施行）' })
  label!: string;
}

export class VersionListResource {
  @ApiProperty({ description: '本日 (日本時間)', example: '2026-11-27' })
  today!: string;
  @ApiProperty({
    type: [VersionListItemResource],
    description: '沿革のこのページ: 施行日順 (同じ施行日は締結順)、古いものから。版の番号は締結順のまま',
  })
  items!: VersionListItemResource[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: '次のページの after (このページ最後の版の番号。最終ページは null)',
  })
  nextCursor!: string | null;
  @ApiPropertyOptional({ type: AbolitionListItemResource, description: '廃止 (締結済みのとき。各ページに)' })
  abolition?: AbolitionListItemResource;
}

export class ProceedingResource {
  @ApiProperty({ description: '協約ID' })
  agreementId!: string;
  @ApiProperty({ description: '手続ID' })
  proceedingId!: string;
  @ApiProperty({ enum: ['conclusion', 'amendment', 'abolition'], description: '締結・変更・廃止' })
  kind!: string;
  @ApiProperty({ description: '手続の開始日' })
  openedOn!: string;
  @ApiProperty({ enum: ['negotiating', 'concluded', 'withdrawn'], description: '協議中・締結済み・取下げ' })
  status!: string;
  @ApiProperty({ description: '締結・告示 (双方)・届出がすべて記録された' })
  completed!: boolean;
  @ApiProperty({ type: [MissingStepResource], description: '不足している手順 (法の順序)' })
  missingSteps!: MissingStepResource[];
  @ApiPropertyOptional({
    type: AmendmentBaseResource,
    description:
      '変更の手続: 案が対象とする本文 (起案の基礎)。締結前は施行日順の最後の本文、締結後は施行日の前日の本文',
  })
  base?: AmendmentBaseResource;
}
