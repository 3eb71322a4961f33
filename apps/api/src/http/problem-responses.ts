import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';

class FieldErrorResource {
  @ApiProperty({ example: 'parties.partner.municipalityCode' })
  field!: string;
  @ApiProperty({ example: 'municipalityCode' })
  rule!: string;
  @ApiProperty()
  message!: string;
}

/** RFC 9457 problem details, as every error of this API is answered. */
export class ProblemResource {
  @ApiProperty({ example: '/problems/ValidationFailed' })
  type!: string;
  @ApiProperty({ example: 'Bad Request' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiProperty({ description: '何が誤りで、何なら受け付けるか' })
  detail!: string;
  @ApiProperty({ description: '問題の名前 (ルール名)', example: 'ValidationFailed' })
  code!: string;
  @ApiPropertyOptional({ example: '/agreements/aomori-hiranai/drafts' })
  instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorResource] })
  errors?: FieldErrorResource[];
  @ApiPropertyOptional({ nullable: true, description: '409/412: 現在のリビジョン', example: '12' })
  currentRevision?: string | null;
  @ApiPropertyOptional({ description: '破られたドメインのルール' })
  rule?: string;
  @ApiPropertyOptional({
    description: 'LedgerCorrupted・IntegrityFailing: 最初に不正と分かった台帳の位置',
    example: '12',
  })
  position?: string;
}

export type ProblemStatus =
  400 | 401 | 403 | 404 | 408 | 409 | 412 | 413 | 414 | 415 | 422 | 429 | 431 | 501 | 503;

const DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: '入力が規則に合わない (errors[] に項目と規則)。何も記録されない',
  401: 'ベアラートークンがない・形式が誤り・未知または失効',
  403: 'このロールではできない操作',
  404: '対象が存在しない',
  408: 'リクエストの受信が時間内に終わらなかった (LEDGER_REQUEST_TIMEOUT_MS)',
  409: '同時更新の衝突、またはドメインのルール違反 (code にルール名)',
  412: 'If-Match が現在のリビジョンと一致しない (currentRevision)',
  413: '本文が大きすぎる (バイト数 LEDGER_BODY_LIMIT、または配列要素・メンバーの数 LEDGER_BODY_MAX_ELEMENTS)',
  414: 'パスのパラメータが長すぎる',
  415: '本文は application/json で、Content-Encoding なし (圧縮しない) で送る',
  422: 'ドメインのルール違反、または Idempotency-Key の別の本文での再使用',
  429: 'リクエストが多すぎる (Retry-After 秒後に再試行)',
  431: 'リクエストヘッダーが大きすぎる',
  501: 'Transfer-Encoding に chunked 以外の転送コーディング (gzip など) がある',
  503: '台帳が今は記録できない。何も記録されていない。後で再試行',
};

function problemResponse(status: ProblemStatus): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description: DESCRIPTIONS[status],
    content: {
      [PROBLEM_CONTENT_TYPE.split(';')[0] ?? '']: { schema: { $ref: getSchemaPath(ProblemResource) } },
    },
  });
}

/** Documents the problem+json answers a route (or every route of a controller) gives. */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiExtraModels(ProblemResource), ...statuses.map(problemResponse));
}

/**
 * A read of the events themselves, or of what is signed over them: 503 when a stored event is
 * corrupt (LedgerCorrupted) or the integrity check is failing (IntegrityFailing), naming the position.
 */
export const ApiLedgerIntegrityProblem = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiExtraModels(ProblemResource),
    ApiResponse({
      status: 503,
      description:
        '保存されたイベントが壊れている (LedgerCorrupted)、または完全性の検証が失敗中で署名しない (IntegrityFailing)。position に最初の不正な位置。運用者が backup から復元するまで続く',
      content: {
        [PROBLEM_CONTENT_TYPE.split(';')[0] ?? '']: { schema: { $ref: getSchemaPath(ProblemResource) } },
      },
    }),
  );

/** A read: bad query or path parameters, an unknown record. */
export const ApiReadProblems = (): MethodDecorator & ClassDecorator => ApiProblems(400, 404);

/** A recorded step: the request's rules, the role, the record's state and the store. */
export const ApiWriteProblems = (): MethodDecorator & ClassDecorator =>
  ApiProblems(400, 403, 404, 409, 412, 422, 503);

/**
 * Answers any route can give, whatever its controller: a malformed or unknown bearer token (401), a
 * request not received in time (408), too many requests (429), headers too large (431); for routes
 * with path parameters, a path that is not valid percent-encoded UTF-8 (400), too long (414), or with
 * a parameter left empty, which matches no route (404); for routes that take a body, a body that is
 * not JSON, too deep, too large in bytes or in elements, of another media type or content-coded (400, 413,
 * 415), or sent with a transfer coding besides chunked (501). Added to every operation
 * of the OpenAPI document, since they come from the platform, not from the controllers.
 */
export function documentPlatformProblems(document: OpenAPIObject): OpenAPIObject {
  const problem = (status: ProblemStatus) => ({
    description: DESCRIPTIONS[status],
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemResource) } } },
  });
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = pathItem[method];
      if (operation === undefined) continue;
      // NestJS documents a default success only when a route declares no response at all; a route
      // that declares only its problems keeps that default here.
      if (!Object.keys(operation.responses).some((status) => status.startsWith('2'))) {
        operation.responses[method === 'post' ? '201' : '200'] = { description: '' };
      }
      const statuses: ProblemStatus[] = [401, 408, 429, 431];
      if (operation.parameters?.some((p) => 'in' in p && p.in === 'path') === true)
        statuses.push(400, 404, 414);
      if (operation.requestBody !== undefined) statuses.push(400, 413, 415, 501);
      for (const status of statuses) operation.responses[String(status)] ??= problem(status);
    }
  }
  return document;
}
