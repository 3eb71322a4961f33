import { Controller, Get, Headers, Inject, type MessageEvent, Query, Sse } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { CorruptEventError, EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import type { WithheldEvent } from '@kyoyaku/ledger';
import type { AuthenticatedActor } from '@kyoyaku/runtime';
import { Observable } from 'rxjs';
import { OptionalActor, ReadAccess } from '../auth/access.decorators';
import { ProblemException } from '../http/problem';
import { isPositionDigits } from '../http/validators';
import { ApiLedgerIntegrityProblem, ApiProblems } from '../http/problem-responses';
import { corruptEventProblem } from '../http/error-mapping';
import { DEFAULT_PAGE_SIZE, type Page, PageQuery } from '../http/pagination.dto';
import { EventResource, WithheldEventResource } from './event.resource';
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

  @Sse('stream')
  @ApiOperation({
    summary: 'イベントのライブ配信 (Server-Sent Events)',
    description:
      'Last-Event-ID (または ?after=) の位置から再開します。各メッセージの id は position です。閲覧権限のないイベントはスタブ (withheld: true) で送ります。' +
      'トークンが失効すると 1 秒以内に event: token-revoked を送って終了します。' +
      '保存されたイベントが壊れていれば event: ledger-corrupted (problem+json と同じ内容、position に位置) を送って終了します。',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  stream(
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() query: PageQuery,
    @OptionalActor() actor: AuthenticatedActor | null,
  ): Observable<MessageEvent> {
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
    return new Observable<MessageEvent>((subscriber) => {
      const subscription = this.store.subscribe({ after: BigInt(resumeFrom) }, async (event) => {
        const data = await this.visibility.resourceFor(actor, event);
        subscriber.next({ id: event.position.toString(), data });
      });
      subscription.done.catch((error: unknown) => {
        if (!(error instanceof CorruptEventError)) {
          subscriber.error(error);
          return;
        }
        // The stream is open (200): its last message says which event could not be read.
        subscriber.next({ type: 'ledger-corrupted', data: corruptEventProblem(error) });
        subscriber.complete();
      });
      // What the stream shows depends on the token: it ends when the token is revoked.
      const stopWatching =
        actor === null
          ? () => undefined
          : this.tokenWatch.watch(actor.id, () => {
              subscriber.next({
                type: 'token-revoked',
                data: { detail: 'The bearer token of this stream was revoked; the stream ends.' },
              });
              subscriber.complete();
            });
      return () => {
        stopWatching();
        void subscription.stop();
      };
    });
  }
}
