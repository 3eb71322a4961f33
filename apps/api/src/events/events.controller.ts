import { Controller, Get, Headers, Inject, type MessageEvent, Query, Sse } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@kyoyaku/event-store';
import { Observable } from 'rxjs';
import { ReadAccess } from '../auth/access.decorators';
import { ProblemException } from '../http/problem';
import { isPositionDigits } from '../http/validators';
import { ApiProblems } from '../http/problem-responses';
import { DEFAULT_PAGE_SIZE, type Page, PageQuery } from '../http/pagination.dto';
import { EventResource, toEventResource } from './event.resource';

@ApiTags('events')
@ApiExtraModels(EventResource)
@Controller('events')
@ReadAccess()
@ApiProblems(400)
export class EventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @ApiOperation({ summary: '全イベントのフィード (グローバル順)', description: 'カーソル = position' })
  @ApiOkResponse({
    schema: {
      properties: {
        items: { type: 'array', items: { $ref: getSchemaPath(EventResource) } },
        nextCursor: { type: 'string', nullable: true },
      },
    },
  })
  async list(@Query() query: PageQuery): Promise<Page<EventResource>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const events = await this.store.readAll({ after: BigInt(query.after ?? '0'), limit });
    const last = events.at(-1);
    return {
      items: events.map(toEventResource),
      nextCursor: events.length === limit && last !== undefined ? last.position.toString() : null,
    };
  }

  @Sse('stream')
  @ApiOperation({
    summary: 'イベントのライブ配信 (Server-Sent Events)',
    description: 'Last-Event-ID (または ?after=) の位置から再開します。各メッセージの id は position です。',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  stream(
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() query: PageQuery,
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
      const subscription = this.store.subscribe({ after: BigInt(resumeFrom) }, (event) => {
        subscriber.next({ id: event.position.toString(), data: toEventResource(event) });
      });
      subscription.done.catch((error: unknown) => subscriber.error(error));
      return () => {
        void subscription.stop();
      };
    });
  }
}
