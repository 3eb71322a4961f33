import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '../http/validators';
import { AmendmentStatementDto } from '../agreements/dto/amendment-statement.dto';
import { ComparisonQueryDto } from './comparison.dto';

/**
 * POST /agreements/{id}/drafts/preview: a proposed amendment, stated as POST …/proceedings states it
 * (one of three ways, with the 施行期日 of its 附則); nothing is written.
 */
export class PreviewDraftRequestDto extends AmendmentStatementDto {
  @ApiPropertyOptional({ enum: ['municipal', 'kanji'], description: '数字の表記 (省略時は本文の表記)' })
  @IsOptional()
  @IsIn(['municipal', 'kanji'], { message: 'style must be municipal or kanji' })
  style?: 'municipal' | 'kanji';

  @ApiPropertyOptional({
    description:
      '修正案のプレビュー: 協議中の変更手続のID。POST …/drafts と同じ判定を行います (省略時は POST …/proceedings と同じ判定)',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  proceedingId?: string;
}

/** Which of the draft's documents a print page or a Word file gives (JSON gives them all). */
export const DRAFT_DOCUMENTS = ['amending-text', 'comparison', 'proposed-text'] as const;
export type DraftDocumentName = (typeof DRAFT_DOCUMENTS)[number];

export class PreviewDraftQueryDto extends PickType(ComparisonQueryDto, ['order', 'elide'] as const) {
  @ApiPropertyOptional({
    enum: DRAFT_DOCUMENTS,
    default: 'amending-text',
    description:
      'Accept が text/plain・text/html・DOCX のときに返す文書: 改め文（案）、新旧対照表（案）、変更後の本文（案）。JSON は全部を返します。',
  })
  @IsOptional()
  @IsIn(DRAFT_DOCUMENTS, { message: 'document must be amending-text, comparison or proposed-text' })
  document?: DraftDocumentName;
}
