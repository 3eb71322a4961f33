import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { ProjectCommandHandler } from './commands/project-command.handler';
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
    ProjectReadModels,
    CommandSender,
    ProjectCommandHandler,
    ListRegionProjectsHandler,
    GetProjectHandler,
    GetProjectCostSharesHandler,
    GetRegionCostSharesHandler,
  ],
  exports: [CooperationFacts, ProjectReadModels],
})
export class ProjectsModule {}
