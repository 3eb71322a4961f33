import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { ProjectsModule } from '../projects/projects.module';
import { CancelConsultationHandler } from './commands/cancel-consultation.handler';
import { PostponeConsultationHandler } from './commands/postpone-consultation.handler';
import { RecordConsultationHandler } from './commands/record-consultation.handler';
import { ScheduleConsultationHandler } from './commands/schedule-consultation.handler';
import { ConsultationsController } from './consultations.controller';
import { GetConsultationHandler, ListRegionConsultationsHandler } from './queries/consultations.query';

@Module({
  imports: [ProjectsModule],
  controllers: [ConsultationsController],
  providers: [
    CommandSender,
    ScheduleConsultationHandler,
    RecordConsultationHandler,
    PostponeConsultationHandler,
    CancelConsultationHandler,
    ListRegionConsultationsHandler,
    GetConsultationHandler,
  ],
})
export class ConsultationsModule {}
