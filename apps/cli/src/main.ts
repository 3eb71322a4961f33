import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { AccessTokenRepository, ROLES, type Role } from '../../api/src/auth/access-token.repository';
import { loadConfig } from '../../api/src/config/ledger-config';
import { systemClock } from '../../api/src/infrastructure/clock';
import { openLedger } from '../../api/src/infrastructure/open-ledger';
import { ApiStateDatabase } from '../../api/src/state/api-state.database';

const USAGE = `協約台帳 admin command line

Usage: npm run cli -- <command> [options]
  (the data folder is LEDGER_DATA_DIR, ./data by default; stop the server for rebuild)

Commands:
  tokens issue --role <reader|clerk|secretariat|admin> --label <text> [--municipality <code>]
                        issue a bearer token; it is printed once and stored only as a hash
  tokens list           list tokens (never the tokens themselves)
  tokens revoke <id>    revoke a token
  rebuild               replay every event into fresh read models and swap them in
  head                  print the store's head position and the projection checkpoint
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function tokens(args: string[]): void {
  const [sub, ...rest] = args;
  const config = loadConfig();
  const state = ApiStateDatabase.open(config.dataDir);
  const repository = new AccessTokenRepository(state);
  try {
    switch (sub ?? 'help') {
      case 'issue': {
        const { values } = parseArgs({
          args: rest,
          options: { role: { type: 'string' }, label: { type: 'string' }, municipality: { type: 'string' } },
        });
        if (values.role === undefined || !isRole(values.role))
          fail(`--role must be one of ${ROLES.join(', ')}`);
        if (values.label === undefined || values.label.trim() === '')
          fail('--label is required (who holds the token)');
        const { token, record } = repository.issue({
          role: values.role,
          label: values.label,
          now: systemClock.now(),
          ...(values.municipality === undefined ? {} : { municipalityCode: values.municipality }),
        });
        process.stdout.write(`${JSON.stringify({ ...record, token }, null, 2)}\n`);
        return;
      }
      case 'list':
        process.stdout.write(`${JSON.stringify(repository.list(), null, 2)}\n`);
        return;
      case 'revoke': {
        const id = rest[0];
        if (id === undefined) fail('tokens revoke <id>');
        if (!repository.revoke(id, systemClock.now())) fail(`no active token has id ${id}`);
        process.stdout.write(`revoked ${id}\n`);
        return;
      }
      default:
        fail(USAGE);
    }
  } finally {
    state.close();
  }
}

async function withLedger(work: (ledger: ReturnType<typeof openLedger>) => Promise<void>): Promise<void> {
  const ledger = openLedger(loadConfig(), systemClock);
  try {
    await work(ledger);
  } finally {
    await ledger.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command ?? 'help') {
    case 'tokens':
      tokens(rest);
      return;
    case 'rebuild':
      return withLedger(async ({ projector }) => {
        const result = await projector.rebuild();
        process.stdout.write(
          `rebuilt read models: generation ${result.generation}, checkpoint ${result.checkpoint.toString()}\n`,
        );
      });
    case 'head':
      return withLedger(async ({ store, projector }) => {
        await projector.catchUp();
        process.stdout.write(
          `head position ${(await store.headPosition()).toString()}, projection checkpoint ${projector.checkpoint().toString()}\n`,
        );
      });
    default:
      process.stdout.write(USAGE);
      if (command !== undefined && command !== 'help' && command !== '--help') process.exit(2);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
