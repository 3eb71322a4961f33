import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { ConsultationCommandHandler } from './commands/consultation-command.handler';
import { ProjectsModule } from '../projects/projects.module';
import { ConsultationsController } from './consultations.controller';
import { GetConsultationHandler, ListRegionConsultationsHandler } from './queries/consultations.query';

@Module({
  imports: [ProjectsModule],
  controllers: [ConsultationsController],
  providers: [
    CommandSender,
    ConsultationCommandHandler,
    ListRegionConsultationsHandler,
    GetConsultationHandler,
  ],
})
export class ConsultationsModule {}
