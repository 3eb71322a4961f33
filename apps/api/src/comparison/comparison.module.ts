import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { ComparisonController } from './comparison.controller';
import { GetAmendingTextHandler, GetComparisonHandler } from './comparison.queries';
import { DraftPreviewController } from './draft-preview.controller';
import { PreviewDraftHandler } from './draft-preview.query';
import { GetProceedingDocumentsHandler } from './proceeding-documents.query';

@Module({
  imports: [AgreementsModule],
  controllers: [ComparisonController, DraftPreviewController],
  providers: [
    GetComparisonHandler,
    GetAmendingTextHandler,
    GetProceedingDocumentsHandler,
    PreviewDraftHandler,
  ],
})
export class ComparisonModule {}
