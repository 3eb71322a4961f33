import { Injectable } from '@nestjs/common';
import { type Command, CommandBus } from '@nestjs/cqrs';
import type { CommandResult } from '@kyoyaku/runtime';
import type { FastifyReply } from 'fastify';

/**
 * How every write answers: the command goes to its aggregate's handler, and the 201 tells where the
 * events landed — ETag = the stream's new revision ("7", the If-Match of the next write), Location =
 * the record the write changed — with the command result as the body.
 */
@Injectable()
export class CommandSender {
  constructor(private readonly commands: CommandBus) {}

  async send(reply: FastifyReply, location: string, command: Command<CommandResult>): Promise<CommandResult> {
    const result = await this.commands.execute(command);
    void reply.header('etag', `"${result.revision}"`).header('location', location);
    return result;
  }
}
