import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader } from '@nestjs/swagger';
import { ApiWriteProblems } from '../http/problem-responses';
import { CommandResultResource } from './command-result.resource';

export interface WriteDocsOptions {
  /** Documents the Idempotency-Key and If-Match request headers (the default). */
  requestHeaders?: boolean;
}

const REQUEST_HEADERS = [
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      '再送しても二重に記録されないためのキー (8〜128文字)。同じキーと本文の再送には最初の応答 (201、本文、ETag、Location) を返し、Idempotent-Replayed: true を付けます。応答が失われた後や保存期間の経過後も、記録したイベントから同じ応答を返します。別の本文での再使用は 422',
  }),
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: '読み取った ETag (リビジョン)。不一致は 412',
  }),
];

/**
 * OpenAPI of a write: bearer token, Idempotency-Key and If-Match, 201 with the command result, and
 * the problems a recorded step answers (the role, the rules, the record's state, the store).
 */
export const WriteDocs = ({ requestHeaders = true }: WriteDocsOptions = {}): MethodDecorator =>
  applyDecorators(
    ApiBearerAuth(),
    ...(requestHeaders ? REQUEST_HEADERS : []),
    ApiCreatedResponse({ type: CommandResultResource }),
    ApiWriteProblems(),
  );
