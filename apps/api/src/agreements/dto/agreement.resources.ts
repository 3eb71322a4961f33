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
  @ApiProperty({ nullable: true, type: Number, description: '現行版 (締結順で最新の版) の番号' })
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
  @ApiProperty({ enum: ['municipal', 'kanji'] })
  style!: string;
  @ApiProperty({ description: '本文 (プレーンテキスト)' })
  text!: string;
  @ApiProperty({ type: Object, description: '本文の構造 (前文・条・項・号・別表・附則)' })
  document!: object;
}
