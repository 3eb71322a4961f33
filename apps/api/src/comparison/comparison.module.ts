import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { ComparisonController } from './comparison.controller';
import { GetAmendingTextHandler, GetComparisonHandler } from './comparison.queries';
import { DraftPreviewController } from './draft-preview.controller';
import { PreviewDraftHandler } from './draft-preview.query';

@Module({
  imports: [AgreementsModule],
  controllers: [ComparisonController, DraftPreviewController],
  providers: [GetComparisonHandler, GetAmendingTextHandler, PreviewDraftHandler],
})
export class ComparisonModule {}
