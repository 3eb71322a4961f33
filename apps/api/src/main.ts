import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/ledger-config';
import { seedDemoIfEmpty } from './demo/demo-seed';

async function main(): Promise<void> {
  const config = loadConfig();
  const demo = config.seedDemo ? await seedDemoIfEmpty(config) : null;
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = `http://${config.host}:${config.port}`;
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

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
