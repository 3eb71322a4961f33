import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { OptionalActor, ReadAccess } from '../auth/access.decorators';
import { EventVisibilityService } from '../events/event-visibility.service';
import { negotiate } from '../http/content-negotiation';
import { OpenStreams, STREAM_PAGE_EVENTS, takingTurns } from '../http/open-streams';
import { ProblemException } from '../http/problem';
import { ApiLedgerIntegrityProblem, ApiProblems } from '../http/problem-responses';
import { ConsistencyQueryDto, InclusionQueryDto, VerifierKeyHistoryResource } from './ledger.dto';
import {
  type AuthenticatedActor,
  LedgerIntegrity,
  type SignedCheckpoint,
  type VerifierKeyHistory,
} from '@kyoyaku/runtime';

function outOfRange(detail: string, field: string): ProblemException {
  return new ProblemException({
    status: 422,
    title: 'Unprocessable Content',
    code: 'TreeRangeNotAvailable',
    detail,
    errors: [{ field, rule: 'inTree', message: detail }],
  });
}

/**
 * The verifiable ledger (DESIGN.md §9): signed checkpoints, RFC 9162 proofs, the export and the
 * verifier key, so anyone can check the record without trusting this server.
 */
@ApiTags('ledger')
@ApiLedgerIntegrityProblem()
@Controller('ledger')
@ReadAccess()
export class LedgerController {
  constructor(
    private readonly integrity: LedgerIntegrity,
    private readonly visibility: EventVisibilityService,
    private readonly openStreams: OpenStreams,
  ) {}

  @Get('checkpoint')
  @ApiOperation({
    summary: '署名付きチェックポイント (現在の木)',
    description: 'signed note 形式。Accept: text/plain で note のみを返します。',
  })
  @ApiProduces('application/json', 'text/plain')
  async checkpoint(
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignedCheckpoint | string> {
    const checkpoint = await this.integrity.checkpoint();
    if (
      negotiate(reply, accept, ['application/json', 'text/plain'] as const, 'application/json') ===
      'text/plain'
    ) {
      void reply.header('content-type', 'text/plain; charset=utf-8');
      return checkpoint.note;
    }
    return checkpoint;
  }

  @Get('proofs/inclusion')
  @ApiOperation({
    summary: '包含証明 (RFC 9162 §2.1.3)',
    description: 'そのイベントが size の木に含まれることの証明',
  })
  @ApiProblems(400, 422)
  async inclusion(@Query() query: InclusionQueryDto) {
    const position = BigInt(query.position);
    const treeSize = BigInt(query.treeSize);
    const head = await this.integrity.treeSize();
    if (treeSize > head)
      throw outOfRange(`treeSize ${treeSize} is larger than the ledger (${head} events).`, 'treeSize');
    // Leaf i is the event at position i + 1, or (positions with gaps) the one the tree maps there.
    const leafIndex = this.integrity.leafIndexOf(position);
    if (leafIndex === null || leafIndex >= treeSize)
      throw outOfRange(`position ${position} is not in a tree of ${treeSize} events.`, 'position');
    return this.integrity.inclusion(position, treeSize);
  }

  @Get('proofs/consistency')
  @ApiOperation({
    summary: '一貫性証明 (RFC 9162 §2.1.4)',
    description: '古い木が新しい木の先頭部分であることの証明',
  })
  @ApiProblems(400, 422)
  async consistency(@Query() query: ConsistencyQueryDto) {
    const from = BigInt(query.from);
    const to = BigInt(query.to);
    const head = await this.integrity.treeSize();
    if (to > head) throw outOfRange(`to ${to} is larger than the ledger (${head} events).`, 'to');
    if (from > to) throw outOfRange(`from ${from} is larger than to ${to}.`, 'from');
    return this.integrity.consistency(from, to);
  }

  @Get('export')
  @ApiOperation({
    summary: 'エクスポート (NDJSON)',
    description:
      '全イベントを1行1件でグローバル順に、最後の行はその大きさの署名付きチェックポイント。`npm run cli -- verify` でオフライン検証できます。' +
      '閲覧権限のないイベントは位置・ハッシュ・葉ハッシュだけのスタブ (withheld: true) に置き換え、検証はそのまま通ります。' +
      'クライアントが読む速さで送り、読まないまま LEDGER_STREAM_WRITE_TIMEOUT_MS が過ぎると接続を閉じます。同時に開けるのはイベント配信と合わせて送信元アドレスごとに LEDGER_STREAMS_PER_ADDRESS、全体で LEDGER_STREAMS_TOTAL までで、超えると 429 です。' +
      '保存されたイベントが壊れていれば、その直前までを送り、最後の行を {"corrupt": {"position", "problem"}} として署名しません (verify はその位置で失敗を報告)。',
  })
  @ApiProduces('application/x-ndjson')
  export(
    @OptionalActor() actor: AuthenticatedActor | null,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Readable {
    this.openStreams.admit(request, reply);
    void reply.header('content-type', 'application/x-ndjson; charset=utf-8');
    void reply.header('content-disposition', 'attachment; filename="kyoyaku-ledger-export.ndjson"');
    // Pulled line by line as the response drains: a client that does not read stops the reading.
    return Readable.from(
      takingTurns(
        this.integrity.exportLines(
          async (event) => !(await this.visibility.mayRead(actor, event)),
          STREAM_PAGE_EVENTS,
        ),
      ),
    );
  }

  @Get('verifier-key')
  @ApiOperation({ summary: 'チェックポイントの検証鍵 (signed note の verifier key)' })
  @ApiProduces('text/plain')
  verifierKey(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.header('content-type', 'text/plain; charset=utf-8');
    return `${this.integrity.verifierKey}\n`;
  }

  @Get('verifier-keys')
  @ApiOperation({
    summary: '署名鍵の履歴 (鍵交代の連鎖)',
    description:
      'これまでチェックポイントの署名に使ったすべての鍵と、それぞれの有効期間 (木の大きさと時刻)、その鍵を導入した鍵交代の声明。' +
      '声明は退く鍵と新しい鍵の両方が署名した signed note です。最初の鍵を手元に持つ検証者は、声明を順にたどって各チェックポイントをその大きさで有効な鍵で検証できます (`npm run cli -- verify <export> --keys <この応答>`)。',
  })
  @ApiOkResponse({ type: VerifierKeyHistoryResource })
  verifierKeys(): Promise<VerifierKeyHistory> {
    return this.integrity.verifierKeys();
  }
}
