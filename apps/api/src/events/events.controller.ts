import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import type { WithheldEvent } from '@kyoyaku/ledger';
import type { AuthenticatedActor } from '@kyoyaku/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OptionalActor, ReadAccess } from '../auth/access.decorators';
import { OpenStreams } from '../http/open-streams';
import { ProblemException } from '../http/problem';
import { isPositionDigits } from '../http/validators';
import { ApiLedgerIntegrityProblem, ApiProblems } from '../http/problem-responses';
import { DEFAULT_PAGE_SIZE, type Page, PageQuery } from '../http/pagination.dto';
import { EventResource, WithheldEventResource } from './event.resource';
import { EventStreamBody } from './event-stream-body';
import { EventVisibilityService } from './event-visibility.service';
import { TokenWatchService } from './token-watch.service';

@ApiTags('events')
@ApiExtraModels(EventResource, WithheldEventResource)
@Controller('events')
@ReadAccess()
@ApiProblems(400)
@ApiLedgerIntegrityProblem()
export class EventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly visibility: EventVisibilityService,
    private readonly tokenWatch: TokenWatchService,
    private readonly openStreams: OpenStreams,
  ) {}

  @Get()
  @ApiOperation({
    summary: '全イベントのフィード (グローバル順)',
    description:
      'カーソル = position。閲覧権限のないイベント (疑義・紛争処理は当事者の clerk・事務局・管理者のみ) は、位置とハッシュだけのスタブ (withheld: true) に置き換えます。',
  })
  @ApiOkResponse({
    schema: {
      properties: {
        items: {
          type: 'array',
          items: {
            oneOf: [{ $ref: getSchemaPath(EventResource) }, { $ref: getSchemaPath(WithheldEventResource) }],
          },
        },
        nextCursor: { type: 'string', nullable: true },
      },
    },
  })
  async list(
    @Query() query: PageQuery,
    @OptionalActor() actor: AuthenticatedActor | null,
  ): Promise<Page<EventResource | WithheldEvent>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const events = await this.store.readAll({ after: BigInt(query.after ?? '0'), limit });
    const last = events.at(-1);
    const items: (EventResource | WithheldEvent)[] = [];
    for (const event of events) items.push(await this.visibility.resourceFor(actor, event));
    return {
      items,
      nextCursor: events.length === limit && last !== undefined ? last.position.toString() : null,
    };
  }

  @Get('stream')
  @ApiOperation({
    summary: 'イベントのライブ配信 (Server-Sent Events)',
    description:
      'Last-Event-ID (または ?after=) の位置から再開します。各メッセージの id は position です。閲覧権限のないイベントはスタブ (withheld: true) で送ります。' +
      'トークンが失効すると 1 秒以内に event: token-revoked を送って終了します。' +
      'クライアントが読む速さで送ります。読まないまま LEDGER_STREAM_WRITE_TIMEOUT_MS が過ぎると接続を閉じます。' +
      '同時に開けるストリーム (エクスポートを含む) は送信元アドレスごとに LEDGER_STREAMS_PER_ADDRESS、全体で LEDGER_STREAMS_TOTAL までで、超えると 429 です。' +
      '保存されたイベントが壊れていれば event: ledger-corrupted (problem+json と同じ内容、position に位置) を送って終了します。',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  stream(
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() query: PageQuery,
    @OptionalActor() actor: AuthenticatedActor | null,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): EventStreamBody {
    const resumeFrom = lastEventId ?? query.after ?? '0';
    if (!isPositionDigits(resumeFrom)) {
      throw new ProblemException({
        status: 400,
        title: 'Bad Request',
        code: 'ValidationFailed',
        detail: 'Last-Event-ID must be the position (digits) of the last event received.',
        errors: [{ field: 'Last-Event-ID', rule: 'isNumberString', message: 'digits only' }],
      });
    }
    let body: EventStreamBody | null = null;
    this.openStreams.admit(request, reply, () => body?.finish());
    body = new EventStreamBody(this.store, BigInt(resumeFrom), (event) =>
      this.visibility.resourceFor(actor, event),
    );
    const stream = body;
    // What the stream shows depends on the token: it ends when the token is revoked.
    if (actor !== null) {
      const stopWatching = this.tokenWatch.watch(actor.id, () =>
        stream.finish({
          type: 'token-revoked',
          data: { detail: 'The bearer token of this stream was revoked; the stream ends.' },
        }),
      );
      stream.once('close', stopWatching);
    }
    // A stream is quiet while no event comes: the connection's idle limit does not apply to it.
    const socket = request.raw.socket;
    socket.setTimeout(0);
    socket.setKeepAlive(true);
    socket.setNoDelay(true);
    void reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'private, no-cache, no-store, must-revalidate, max-age=0, no-transform')
      .header('x-accel-buffering', 'no');
    return stream;
  }
}
