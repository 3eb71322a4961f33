import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '../http/problem';
import { ApiProblems } from '../http/problem-responses';
import { ReadAccess, type RequestWithActor } from './access.decorators';
import { WhoamiResource } from './whoami.resource';

/**
 * Who the presented bearer token is: its id, role and (for a clerk) municipality, as the AccessGuard
 * authenticated it. A client (the web application's sign-in) learns the role here instead of asking
 * the user; what the token may record is still decided on each write.
 */
@ApiTags('auth')
@Controller('auth')
export class WhoamiController {
  @Get('whoami')
  @ReadAccess()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'トークンの主体 (ID・ロール・団体コード)',
    description:
      '提示したベアラートークンが表す主体を返します (トークン自体は返しません)。トークンがない場合、形式が誤り、未知または失効の場合は 401。',
  })
  @ApiOkResponse({ type: WhoamiResource })
  @ApiProblems(401)
  whoami(@Req() request: RequestWithActor, @Res({ passthrough: true }) reply: FastifyReply): WhoamiResource {
    // With public reads the guard lets an anonymous request through; this route has no anonymous answer.
    if (request.actor === undefined) {
      throw new ProblemException({
        status: 401,
        title: 'Unauthorized',
        code: 'Unauthorized',
        detail: 'Send the bearer token to check (Authorization: Bearer <token>).',
      });
    }
    // An answer about one token: no cache may keep it.
    void reply.header('cache-control', 'no-store');
    const { id, role, municipalityCode } = request.actor;
    return { id, role, municipalityCode: municipalityCode ?? null };
  }
}
