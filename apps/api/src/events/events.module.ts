import { Global, Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventVisibilityService } from './event-visibility.service';

/** The global feed and stream, and the visibility rule every read path applies to events. */
@Global()
@Module({
  controllers: [EventsController],
  providers: [EventVisibilityService],
  exports: [EventVisibilityService],
})
export class EventsModule {}
