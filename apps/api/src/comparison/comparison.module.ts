import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { ComparisonController } from './comparison.controller';
import { GetAmendingTextHandler, GetComparisonHandler } from './comparison.queries';

@Module({
  imports: [AgreementsModule],
  controllers: [ComparisonController],
  providers: [GetComparisonHandler, GetAmendingTextHandler],
})
export class ComparisonModule {}
