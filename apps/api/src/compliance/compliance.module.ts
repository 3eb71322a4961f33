import { Module } from '@nestjs/common';
import { AgreementsModule } from '../agreements/agreements.module';
import { ProjectsModule } from '../projects/projects.module';
import { ComplianceController } from './compliance.controller';
import { GetComplianceHandler } from './compliance.query';

@Module({
  imports: [AgreementsModule, ProjectsModule],
  controllers: [ComplianceController],
  providers: [GetComplianceHandler],
})
export class ComplianceModule {}
