import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { AgreementCommandsController } from './agreement-commands.controller';
import { AgreementQueriesController } from './agreement-queries.controller';
import { AgreementReadModels } from './agreement-read-model.service';
import { ConcludeProceedingHandler } from './commands/conclude-proceeding.handler';
import { OpenAgreementHandler } from './commands/open-agreement.handler';
import { ProposeAbolitionHandler } from './commands/propose-abolition.handler';
import { ProposeAmendmentHandler } from './commands/propose-amendment.handler';
import { RecordCorrectionHandler } from './commands/record-correction.handler';
import { RecordCouncilResolutionHandler } from './commands/record-council-resolution.handler';
import { RecordGovernorNotificationHandler } from './commands/record-governor-notification.handler';
import { RecordPublicNoticeHandler } from './commands/record-public-notice.handler';
import { ReviseDraftHandler } from './commands/revise-draft.handler';
import { WithdrawProceedingHandler } from './commands/withdraw-proceeding.handler';
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
    CommandSender,
    OpenAgreementHandler,
    ReviseDraftHandler,
    RecordCouncilResolutionHandler,
    ConcludeProceedingHandler,
    RecordPublicNoticeHandler,
    RecordGovernorNotificationHandler,
    ProposeAmendmentHandler,
    ProposeAbolitionHandler,
    WithdrawProceedingHandler,
    RecordCorrectionHandler,
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
  exports: [AgreementReadModels],
})
export class AgreementsModule {}
