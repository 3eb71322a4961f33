import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { AgreementsModule } from '../agreements/agreements.module';
import { DoubtFacts } from '@kyoyaku/runtime';
import { DoubtCommandHandler } from './commands/doubt-command.handler';
import { DossierBuilder } from './dossier/dossier-builder';
import { DoubtCommandsController } from './doubt-commands.controller';
import { DoubtQueriesController } from './doubt-queries.controller';
import { DoubtReadModels } from './doubt-read-model.service';
import {
  GetDossierAccessLogHandler,
  GetDossierHandler,
  GetDoubtHandler,
  ListDoubtsHandler,
} from './queries/doubt.queries';

/** Doubts (疑義, 第6条) and disputes (第252条の2第7項): the register, the dossier and its access log. */
@Module({
  imports: [AgreementsModule],
  controllers: [DoubtCommandsController, DoubtQueriesController],
  providers: [
    DoubtFacts,
    DoubtReadModels,
    DossierBuilder,
    CommandSender,
    DoubtCommandHandler,
    GetDoubtHandler,
    ListDoubtsHandler,
    GetDossierHandler,
    GetDossierAccessLogHandler,
  ],
})
export class DoubtsModule {}
