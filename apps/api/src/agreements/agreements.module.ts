import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { AgreementCommandHandler } from './commands/agreement-command.handler';
import { AgreementCommandsController } from './agreement-commands.controller';
import { AgreementQueriesController } from './agreement-queries.controller';
import { AgreementReadModels } from './agreement-read-model.service';
import { AmendmentReader } from './amendment-reader';
import { GetAgreementHandler } from './queries/get-agreement.query';
import { GetHistoryHandler } from './queries/get-history.query';
import { GetTextHandler } from './queries/get-text.query';
import { ListAgreementsHandler } from './queries/list-agreements.query';
import { GetMeasureHistoryHandler, ListMeasuresHandler } from './queries/list-measures.query';
import { GetProceedingHandler, ListProceedingsHandler } from './queries/list-proceedings.query';
import { GetVersionHandler, ListVersionsHandler } from './queries/list-versions.query';

@Module({
  controllers: [AgreementCommandsController, AgreementQueriesController],
  providers: [
    AgreementReadModels,
    AmendmentReader,
    CommandSender,
    AgreementCommandHandler,
    ListAgreementsHandler,
    GetAgreementHandler,
    ListProceedingsHandler,
    GetProceedingHandler,
    ListVersionsHandler,
    GetVersionHandler,
    GetTextHandler,
    ListMeasuresHandler,
    GetMeasureHistoryHandler,
    GetHistoryHandler,
  ],
  exports: [AgreementReadModels, AmendmentReader],
})
export class AgreementsModule {}
