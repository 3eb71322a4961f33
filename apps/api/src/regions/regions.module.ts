import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { RegionCommandHandler } from './commands/region-command.handler';
import { GetRegionHandler, ListRegionsHandler } from './queries/regions.query';
import { RegionsController } from './regions.controller';

@Module({
  controllers: [RegionsController],
  providers: [CommandSender, RegionCommandHandler, ListRegionsHandler, GetRegionHandler],
})
export class RegionsModule {}
