import { Global, Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventVisibilityService } from './event-visibility.service';
import { TokenWatchService } from './token-watch.service';

/** The global feed and stream, and the visibility rule every read path applies to events. */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventVisibilityService, TokenWatchService],
  exports: [EventVisibilityService],
})
export class EventsModule {}
