import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadAccess, type RequestWithActor } from '../auth/access.decorators';
import { roleNotAllowedMessage } from '@kyoyaku/domain';
import { LEDGER_CONFIG, type LedgerConfig } from '@kyoyaku/runtime';
import { ApiProblems } from '../http/problem-responses';
import { ProblemException } from '../http/problem';
import { LedgerMetrics } from './ledger-metrics';

/**
 * Prometheus metrics. By default only an admin token may read them (a scraper sends it with
 * `authorization: Bearer …`); LEDGER_METRICS_ACCESS=open serves them to anyone who reaches the port,
 * for a scraper on a private network.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: LedgerMetrics,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get()
  @ReadAccess()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Prometheus メトリクス',
    description:
      'リクエスト数と応答時間 (ルート・状態別)、追記とグループコミット、投影の遅れ、整合性検証。既定では admin トークンが必要 (LEDGER_METRICS_ACCESS=open で公開)。',
  })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text exposition format 0.0.4' })
  @ApiProblems(403)
  async scrape(
    @Req() request: RequestWithActor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (this.config.metricsAccess === 'admin') {
      if (request.actor === undefined) {
        throw new ProblemException({
          status: 401,
          title: 'Unauthorized',
          code: 'Unauthorized',
          detail: 'Metrics need an admin bearer token on this server (LEDGER_METRICS_ACCESS=admin).',
        });
      }
      if (request.actor.role !== 'admin') {
        throw new ProblemException({
          status: 403,
          title: 'Forbidden',
          code: 'RoleNotAllowed',
          detail: roleNotAllowedMessage(request.actor.role, ['admin']),
        });
      }
    }
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
