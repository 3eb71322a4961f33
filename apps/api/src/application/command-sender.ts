import { Injectable } from '@nestjs/common';
import { type Command, CommandBus } from '@nestjs/cqrs';
import { type CommandContext, CommandExecutor, type CommandResult } from '@kyoyaku/runtime';
import type { FastifyReply } from 'fastify';
import { v7 as uuidv7 } from 'uuid';

/**
 * How every write answers: the command goes to its aggregate's handler, and the 201 tells where the
 * events landed — ETag = the stream's new revision ("7", the If-Match of the next write), Location =
 * the record the write changed — with the command result as the body. A retry answered from the
 * events its Idempotency-Key recorded says so (Idempotent-Replayed), with the same body.
 */
@Injectable()
export class CommandSender {
  constructor(
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
  ) {}

  async send(reply: FastifyReply, location: string, command: Command<CommandResult>): Promise<CommandResult> {
    const { replayed, ...result } = await this.commands.execute(command);
    void reply.header('etag', `"${result.revision}"`).header('location', location);
    if (replayed === true) void reply.header('idempotent-replayed', 'true');
    return result;
  }

  /**
   * The id of a record the client did not name (`field` of the command and of its events): a new
   * UUIDv7 — or, for a retry of a request its Idempotency-Key recorded already, the id made up then,
   * read from those events, so the replay points at the same record.
   */
  async newId(context: CommandContext, field: string): Promise<string> {
    const recorded = await this.executor.recorded(context);
    for (const event of recorded?.events ?? []) {
      const id = event.data[field];
      if (typeof id === 'string') return id;
    }
    return uuidv7();
  }
}
