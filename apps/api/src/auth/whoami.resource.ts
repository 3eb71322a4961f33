import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@kyoyaku/runtime';

/** The actor a bearer token stands for — what every event it records carries — never the token. */
export class WhoamiResource {
  @ApiProperty({
    description: 'トークンのID (tokens list に表示されるもの)',
    example: '0b4d6f5e-3c2a-4f1e-9d8c-7b6a5e4d3c2b',
  })
  id!: string;

  @ApiProperty({ enum: ROLES, description: 'ロール', example: 'clerk' })
  role!: Role;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'clerk: 担当する団体の全国地方公共団体コード。他のロールは null',
    example: '023019',
  })
  municipalityCode!: string | null;
}
