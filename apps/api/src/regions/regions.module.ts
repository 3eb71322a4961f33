import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { RegionCommandHandler } from './commands/region-command.handler';
import { GetRegionHandler, GetRegionHistoryHandler, ListRegionsHandler } from './queries/regions.query';
import { RegionsController } from './regions.controller';

@Module({
  controllers: [RegionsController],
  providers: [
    CommandSender,
    RegionCommandHandler,
    ListRegionsHandler,
    GetRegionHandler,
    GetRegionHistoryHandler,
  ],
})
export class RegionsModule {}
