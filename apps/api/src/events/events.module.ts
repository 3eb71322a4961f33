import { Global, Module } from '@nestjs/common';
import { OpenStreams } from '../http/open-streams';
import { EventsController } from './events.controller';
import { EventVisibilityService } from './event-visibility.service';
import { TokenWatchService } from './token-watch.service';

/**
 * The global feed and stream, the visibility rule every read path applies to events, and the slots
 * of the long answers (the stream, the export).
 */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventVisibilityService, TokenWatchService, OpenStreams],
  exports: [EventVisibilityService, OpenStreams],
})
export class EventsModule {}
