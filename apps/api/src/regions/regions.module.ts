import { Module } from '@nestjs/common';
import { CommandSender } from '../application/command-sender';
import { AdoptVisionHandler } from './commands/adopt-vision.handler';
import { DeclareRegionHandler } from './commands/declare-region.handler';
import { GetRegionHandler, ListRegionsHandler } from './queries/regions.query';
import { RegionsController } from './regions.controller';

@Module({
  controllers: [RegionsController],
  providers: [CommandSender, DeclareRegionHandler, AdoptVisionHandler, ListRegionsHandler, GetRegionHandler],
})
export class RegionsModule {}
