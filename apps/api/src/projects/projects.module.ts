import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { DecideCostShareHandler } from './commands/decide-cost-share.handler';
import { RegisterProjectHandler } from './commands/register-project.handler';
import { ReviseCostShareHandler } from './commands/revise-cost-share.handler';
import { SettleCostShareHandler } from './commands/settle-cost-share.handler';
import { CooperationFacts } from '@kyoyaku/runtime';
import { ProjectReadModels } from './project-read-models.service';
import { ProjectsController } from './projects.controller';
import {
  GetProjectCostSharesHandler,
  GetProjectHandler,
  ListRegionProjectsHandler,
} from './queries/projects.query';
import { GetRegionCostSharesHandler } from './queries/region-cost-shares.query';

@Module({
  controllers: [ProjectsController],
  providers: [
    CooperationFacts,
    CommandSender,
    ProjectReadModels,
    RegisterProjectHandler,
    DecideCostShareHandler,
    ReviseCostShareHandler,
    SettleCostShareHandler,
    ListRegionProjectsHandler,
    GetProjectHandler,
    GetProjectCostSharesHandler,
    GetRegionCostSharesHandler,
  ],
  exports: [CooperationFacts, ProjectReadModels],
})
export class ProjectsModule {}
