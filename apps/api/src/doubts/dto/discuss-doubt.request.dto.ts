import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { IsOmittable } from '../../agreements/dto/agreement-document.dto';
import { ID_MESSAGE, ID_PATTERN } from '../../http/validators';

/** 協議への付議: the doubt is taken up at a consultation (linked both ways). */
export class DiscussDoubtRequestDto {
  @ApiProperty({ description: '協議ID (GET /regions/{id}/consultations)', example: 'aomori-2022-extra-1' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  consultationId!: string;

  @ApiPropertyOptional({ description: '備考 (その協議での取扱い)' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note?: string;
}
