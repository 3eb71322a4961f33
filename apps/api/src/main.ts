import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { StoreSchemaTooNewError, StoreUnavailableError } from '@kyoyaku/event-store';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from '@kyoyaku/runtime';
import { seedDemoIfEmpty } from '@kyoyaku/runtime/demo';

async function main(): Promise<void> {
  const config = loadConfig();
  const shutdownTimeoutMs = shutdownTimeout(process.env);
  const demo = config.seedDemo ? await seedDemoIfEmpty(config) : null;
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  stopGracefullyOnSignals(app, shutdownTimeoutMs);
  // The port really bound (PORT=0 picks a free one).
  const address: unknown = app.getHttpServer().address();
  const port = (address as { port?: number } | null)?.port ?? config.port;
  const url = `http://${config.host}:${port}`;
  process.stdout.write(
    [
      `協約台帳 Kyoyaku Ledger is serving at ${url}`,
      `  API documentation: ${url}/docs`,
      `  data folder:       ${config.dataDir} (store: ${config.store})`,
      demo === null
        ? '  demo data:         off (LEDGER_SEED_DEMO=false)'
        : demo.seeded
          ? `  demo data:         the 青森圏域 history was loaded (${demo.events} events); demo tokens: ${demo.tokensFile ?? ''}`
          : `  demo data:         the store already holds ${demo.events} events; nothing was added`,
      '',
    ].join('\n'),
  );
}

/** How long a graceful stop may take; past it the process exits with 1. */
function shutdownTimeout(env: NodeJS.ProcessEnv): number {
  const value = env.LEDGER_SHUTDOWN_TIMEOUT_MS;
  if (value === undefined || value === '') return 10_000;
  if (!/^\d+$/.test(value) || Number(value) < 100 || Number(value) > 600_000) {
    throw new ConfigError(`LEDGER_SHUTDOWN_TIMEOUT_MS=${value} must be an integer from 100 to 600000`);
  }
  return Number(value);
}

/**
 * SIGTERM or SIGINT: the listening socket closes (new connections are refused, new requests on open
 * connections get 503), requests in flight are answered, then the projector finishes its batch and
 * the store closes (app.close runs the shutdown hooks after the HTTP server has closed). Exit 0 when
 * all of that is done within the bound, 1 when not; a second signal exits at once with 1.
 */
function stopGracefullyOnSignals(app: NestFastifyApplication, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting for the shutdown to finish\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(
      `${signal}: refusing new connections; finishing the requests in flight, then closing the store (at most ${timeoutMs} ms)\n`,
    );
    const timer = setTimeout(() => {
      process.stderr.write(
        `the shutdown did not finish within ${timeoutMs} ms (LEDGER_SHUTDOWN_TIMEOUT_MS): exiting with requests ` +
          'still open; every acknowledged write is already on disk\n',
      );
      process.exit(1);
    }, timeoutMs);
    app.close().then(
      () => {
        clearTimeout(timer);
        process.stdout.write('stopped cleanly: every request in flight answered, the store closed\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(
          `the shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Start-up refusals the operator can act on are said in one line; anything else with its stack. */
function startupProblem(error: unknown): string {
  if (error instanceof StoreSchemaTooNewError) {
    return (
      `cannot start: ${error.message}. To keep this version instead, restore a backup made by it into an ` +
      'empty data folder (README, Operations).'
    );
  }
  if (error instanceof ConfigError || error instanceof StoreUnavailableError)
    return `cannot start: ${error.message}`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

main().catch((error: unknown) => {
  process.stderr.write(`${startupProblem(error)}\n`);
  process.exit(1);
});
