import { isMunicipalityCode } from '@kyoyaku/domain';
import {
  KeyChain,
  keyId,
  parseVerifierKey,
  type PublishedKey,
  verifierKeyOf,
  verifyExport,
  verifyKeyHistory,
} from '@kyoyaku/ledger';
import { createReadStream, createWriteStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import {
  ROLES,
  type Role,
  loadConfig,
  systemClock,
  type OpenLedger,
  openLedger,
  loadSigningKey,
  openApiState,
  IntegrityFailingError,
  rotateSigningKey,
  type VerifierKeyHistory,
} from '@kyoyaku/runtime';
import { seedDemoIfEmpty } from '@kyoyaku/runtime/demo';
import { backupDataFolder, describeBackup } from './backup';
import { type Progress, type ProgressFactory, progressTo } from './progress';
import { describeRestore, restoreDataFolder } from './restore';
import { migrateCommand } from './migrate-command';

export const USAGE = `協約台帳 admin command line

Usage: npm run cli -- <command> [options]
  (the data folder is LEDGER_DATA_DIR, ./data by default)

Commands:
  tokens issue --role <reader|clerk|secretariat|admin> --label <text> [--municipality <code>]
                        issue a bearer token; it is printed once and stored only as a hash
  tokens list           list tokens (never the tokens themselves)
  tokens revoke <id>    revoke a token
  seed                  load the 青森圏域 demo history if the store is empty
  rebuild               replay every event into fresh read models and swap them in
  check-read-models     replay the events aside and compare every read-model document with the
                        live ones; exit 1 on drift (then run rebuild)
  head                  print the store's head position and the projection checkpoint
  export <file>         write the verifiable export (NDJSON events, then the signed checkpoint)
  verifier-key          print the key that verifies this ledger's checkpoints now
  verifier-keys         print the key history as GET /ledger/verifier-keys serves it (JSON)
  rotate-key [--out <new key file>]
                        with the server stopped: hand over to a new signing key at the tree's size;
                        the current key signs the last checkpoint and the rotation statement, the
                        key history records the new key, which replaces ledger-signing.key
                        (a key given in LEDGER_SIGNING_KEY: the new key goes to --out, to configure)
  verify <export> [--checkpoint <older note file>] [--key <verifier key>] [--keys <history file>]
                        check an export offline: every hash, every stream chain, the Merkle root
                        against the signed checkpoint, and consistency with an older checkpoint
                        (--keys: a key history, the JSON of GET /ledger/verifier-keys, whose rotations
                        are checked, each checkpoint against the key valid at its size; --key alone:
                        that key; with --keys, the first key the history must start with; neither:
                        this data folder's key history)
  backup --to <folder>  online backup of the embedded store while the server runs (ledger, API state,
                        signing key), verified, with a manifest; the folder must be new or empty
  restore --from <backup folder> [--data-dir <folder>]
                        restore a backup into an empty data folder (default LEDGER_DATA_DIR) and
                        verify it again
  migrate --from <store> --to <store>
                        copy every event to an empty store (ids, metadata, hashes, order), then check
                        both hold the same ledger: every event, hash, stream chain and the Merkle root;
                        a store is sqlite:<file or data folder>, postgresql://… or esdb://…
  Long work (rebuild, verify, backup, restore, migrate) reports counts and rates on stderr once a second.
`;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface CliOutput {
  out(text: string): void;
  /** Progress of long work (stderr by default). */
  err?: (text: string) => void;
}

/** Progress lines on stderr, at most one per LEDGER_PROGRESS_INTERVAL_MS (default one a second). */
function progressOf(io: CliOutput, env: NodeJS.ProcessEnv): ProgressFactory {
  const interval = env.LEDGER_PROGRESS_INTERVAL_MS;
  if (interval !== undefined && !/^\d{1,7}$/.test(interval)) {
    throw new UsageError('LEDGER_PROGRESS_INTERVAL_MS must be a number of milliseconds');
  }
  return progressTo(
    io.err ?? ((text) => process.stderr.write(text)),
    interval === undefined ? undefined : Number(interval),
  );
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Tokens live in the API state: api.sqlite in the data folder, or the ledger's PostgreSQL database. */
async function tokens(args: readonly string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<void> {
  const [sub, ...rest] = args;
  const state = await openApiState(loadConfig(env));
  const repository = state.tokens;
  try {
    switch (sub ?? 'help') {
      case 'issue': {
        const { values } = parseArgs({
          args: [...rest],
          options: { role: { type: 'string' }, label: { type: 'string' }, municipality: { type: 'string' } },
        });
        const { role, label, municipality } = values;
        if (role === undefined || !isRole(role))
          throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
        if (label === undefined || label.trim() === '')
          throw new UsageError('--label is required: who holds the token');
        if (role === 'clerk' && (municipality === undefined || !isMunicipalityCode(municipality))) {
          throw new UsageError('a clerk token needs --municipality <全国地方公共団体コード>, e.g. 023019');
        }
        if (role !== 'clerk' && municipality !== undefined) {
          throw new UsageError('only clerk tokens are scoped to a municipality');
        }
        const { token, record } = await repository.issue({
          role,
          label,
          now: systemClock.now(),
          ...(municipality === undefined ? {} : { municipalityCode: municipality }),
        });
        io.out(`${JSON.stringify({ ...record, token }, null, 2)}\n`);
        return;
      }
      case 'list':
        io.out(`${JSON.stringify(await repository.list(), null, 2)}\n`);
        return;
      case 'revoke': {
        const id = rest[0];
        if (id === undefined) throw new UsageError('tokens revoke <id>');
        if (!(await repository.revoke(id, systemClock.now())))
          throw new UsageError(`no active token has id ${id}`);
        io.out(`revoked ${id}\n`);
        return;
      }
      default:
        throw new UsageError('tokens issue | list | revoke');
    }
  } finally {
    await state.close();
  }
}

async function withLedger<T>(env: NodeJS.ProcessEnv, work: (ledger: OpenLedger) => Promise<T>): Promise<T> {
  const ledger = await openLedger(loadConfig(env), systemClock);
  try {
    return await work(ledger);
  } finally {
    await ledger.close();
  }
}

/** Passes lines through, counting their bytes for the progress line. */
async function* countedBytes(lines: AsyncIterable<string>, progress: Progress): AsyncGenerator<string> {
  for await (const line of lines) {
    progress.advance(Buffer.byteLength(line) + 1);
    yield line;
  }
}

/** Rebuild with progress: counts the events the projector reads (its only reads of the store). */
async function rebuildWithProgress(ledger: OpenLedger, progress: ProgressFactory) {
  const { store, projector } = ledger;
  // The head position is the number of events only where positions are 1, 2, 3…
  const total = store.gapFreePositions ? Number(await store.headPosition()) : undefined;
  const bar = progress('rebuild', 'events', total);
  const readAll = store.readAll.bind(store);
  store.readAll = async (options) => {
    const events = await readAll(options);
    bar.advance(events.length);
    return events;
  };
  try {
    return await projector.rebuild();
  } finally {
    store.readAll = readAll;
    bar.finish();
  }
}

/** The key history in a file: the JSON of GET /ledger/verifier-keys (or its `keys` array). */
function publishedKeys(file: string): PublishedKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `--keys ${file} is not the JSON of GET /ledger/verifier-keys: ${errorMessage(error)}`,
    );
  }
  const keys: unknown =
    typeof parsed === 'object' && parsed !== null && 'keys' in parsed ? parsed.keys : parsed;
  if (!Array.isArray(keys)) throw new UsageError(`--keys ${file}: no "keys" array`);
  return keys.map((key: unknown, i): PublishedKey => {
    const k = (typeof key === 'object' && key !== null ? key : {}) as Record<string, unknown>;
    const from = k.from as { treeSize?: unknown } | undefined;
    const statement = k.rotationStatement;
    if (typeof k.verifierKey !== 'string' || (statement !== null && typeof statement !== 'string')) {
      throw new UsageError(
        `--keys ${file}: key ${i + 1} needs verifierKey and rotationStatement (null or a note)`,
      );
    }
    return {
      verifierKey: k.verifierKey,
      rotationStatement: statement,
      ...(typeof from?.treeSize === 'string' && /^\d+$/.test(from.treeSize)
        ? { fromSize: BigInt(from.treeSize) }
        : {}),
    };
  });
}

/** The keys to verify with: --keys (checked from its first key, pinned by --key), --key, or the data folder's history. */
async function verificationKeys(
  values: { key?: string; keys?: string },
  env: NodeJS.ProcessEnv,
): Promise<KeyChain> {
  if (values.key !== undefined) {
    try {
      parseVerifierKey(values.key);
    } catch (error) {
      throw new UsageError(`--key is not a verifier key (<name>+<hash>+<key>): ${errorMessage(error)}`);
    }
  }
  let keys: PublishedKey[];
  if (values.keys !== undefined) keys = publishedKeys(values.keys);
  else if (values.key !== undefined) return KeyChain.single(values.key);
  else keys = (await withLedger(env, ({ integrity }) => integrity.verifierKeys())).keys;
  const report = verifyKeyHistory(keys, values.key);
  if (!report.ok) throw new KeyHistoryRefused(report.problem);
  return report.chain;
}

/** A key history that does not verify: reported as a failed verification (exit 1). */
class KeyHistoryRefused extends Error {}

async function verify(args: readonly string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { checkpoint: { type: 'string' }, key: { type: 'string' }, keys: { type: 'string' } },
  });
  const file = positionals[0];
  if (file === undefined)
    throw new UsageError(
      'verify <export> [--checkpoint <older note file>] [--key <verifier key>] [--keys <history file>]',
    );
  let chain: KeyChain;
  try {
    chain = await verificationKeys(values, env);
  } catch (error) {
    if (!(error instanceof KeyHistoryRefused)) throw error;
    io.out(`FAILED: the key history: ${error.message}\n`);
    return 1;
  }
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const bar = progressOf(io, env)('verify', 'bytes', statSync(file).size);
  const report = await verifyExport(countedBytes(lines, bar), {
    verifierKey: chain,
    ...(values.checkpoint === undefined ? {} : { olderCheckpoint: readFileSync(values.checkpoint, 'utf8') }),
  });
  bar.finish();
  if (report.ok) {
    const signer = chain.keysAt(report.checkpoint.size)[0]?.verifier ?? chain.current.verifier;
    io.out(
      `OK: ${report.events.toString()} events in ${report.streams} streams` +
        (report.withheld === 0n
          ? ''
          : ` (${report.withheld.toString()} withheld from this export: in the tree by their leaf hash only)`) +
        '; every hash, every stream chain and ' +
        `the Merkle root ${report.root.toString('base64')} match the checkpoint signed by ${signer.name}` +
        (chain.periods.length === 1
          ? ''
          : ` (key ${keyId(signer.name, signer.keyHash)}, the last of ${chain.periods.length} keys, each rotation signed by the key it retired)`) +
        (report.olderCheckpoint === null
          ? ''
          : `; consistent with the older checkpoint of size ${report.olderCheckpoint.size.toString()}`) +
        '\n',
    );
    return 0;
  }
  io.out(
    `FAILED${report.position === null ? '' : ` at position ${report.position.toString()}`}` +
      `${report.line === null ? '' : ` (line ${report.line})`}: ${report.problem}\n`,
  );
  return 1;
}

/** rotate-key: see rotateSigningKey; what changed, and what to do with the new key. */
async function rotateKey(args: readonly string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { out: { type: 'string' } } });
  const rotation = await rotateSigningKey(
    loadConfig(env),
    systemClock,
    values.out === undefined ? {} : { outFile: values.out },
  );
  io.out(
    `rotated the signing key at tree size ${rotation.size.toString()} (${rotation.rotatedAt}):\n` +
      `  retired  ${rotation.previousKey}\n  current  ${rotation.nextKey}\n` +
      `the new signer key is in ${rotation.keyFile}` +
      (values.out === undefined ? '' : ': set LEDGER_SIGNING_KEY to it before starting the server') +
      '.\nThe rotation statement, signed by the retired key and the new one, is in GET /ledger/verifier-keys ' +
      '(and `verifier-keys`): publish it with the new key to whoever verifies the checkpoints.\n',
  );
}

/** Runs one command; resolves to the process exit code. */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CliOutput,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command ?? 'help') {
      case 'tokens':
        await tokens(rest, env, io);
        return 0;
      case 'seed': {
        const result = await seedDemoIfEmpty(loadConfig(env));
        io.out(
          result.seeded
            ? `loaded the 青森圏域 demo history (${result.events} events); demo tokens: ${result.tokensFile ?? ''}\n`
            : `the store already holds ${result.events} events; nothing was added\n`,
        );
        return 0;
      }
      case 'rebuild':
        await withLedger(env, async (ledger) => {
          const result = await rebuildWithProgress(ledger, progressOf(io, env));
          io.out(
            `rebuilt read models: generation ${result.generation}, checkpoint ${result.checkpoint.toString()}\n`,
          );
        });
        return 0;
      case 'check-read-models': {
        const result = await withLedger(env, async (ledger) => {
          await ledger.projector.catchUp();
          return ledger.checkReadModels();
        });
        io.out(
          result.status === 'ok'
            ? `OK: ${result.documents ?? 0} read-model documents match a replay of the events up to position ${result.checkpoint ?? '0'}\n`
            : `DRIFT: ${result.problem ?? ''}\n`,
        );
        return result.status === 'ok' ? 0 : 1;
      }
      case 'head':
        await withLedger(env, async ({ store, projector }) => {
          await projector.catchUp();
          const head = await store.headPosition();
          io.out(
            `head position ${head.toString()}, projection checkpoint ${projector.checkpoint().toString()}\n`,
          );
        });
        return 0;
      case 'export': {
        const target = rest[0];
        if (target === undefined) throw new UsageError('export <file>');
        const state = await withLedger(env, async ({ integrity }) => {
          try {
            await pipeline(
              Readable.from(integrity.exportLines()),
              createWriteStream(target, { flags: 'wx' }),
            );
          } catch (error) {
            // A root that contradicts a checkpoint signed before: the export is left unsigned.
            if (!(error instanceof IntegrityFailingError)) throw error;
          }
          return integrity.integrityState;
        });
        // A stored event that does not read as one ends the export there, unsigned.
        if (state.status === 'failing') {
          io.out(
            `FAILED at ${state.problem ?? 'an unknown position'}; ${target} stops there and is not signed\n`,
          );
          return 1;
        }
        io.out(`wrote ${target}\n`);
        return 0;
      }
      case 'verifier-key':
        io.out(`${verifierKeyOf(loadSigningKey(loadConfig(env)))}\n`);
        return 0;
      case 'verifier-keys': {
        const history: VerifierKeyHistory = await withLedger(env, ({ integrity }) =>
          integrity.verifierKeys(),
        );
        io.out(`${JSON.stringify(history, null, 2)}\n`);
        return 0;
      }
      case 'rotate-key':
        await rotateKey(rest, env, io);
        return 0;
      case 'verify':
        return await verify(rest, env, io);
      case 'backup': {
        const { values } = parseArgs({ args: [...rest], options: { to: { type: 'string' } } });
        if (values.to === undefined) throw new UsageError('backup --to <folder>');
        io.out(
          describeBackup(values.to, await backupDataFolder(loadConfig(env), values.to, progressOf(io, env))),
        );
        return 0;
      }
      case 'restore': {
        const { values } = parseArgs({
          args: [...rest],
          options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
        });
        if (values.from === undefined)
          throw new UsageError('restore --from <backup folder> [--data-dir <folder>]');
        const dataDir = values['data-dir'] ?? loadConfig(env).dataDir;
        io.out(describeRestore(dataDir, await restoreDataFolder(values.from, dataDir, progressOf(io, env))));
        return 0;
      }
      case 'migrate':
        return await migrateCommand(rest, io, progressOf(io, env), (message) => new UsageError(message));
      case 'help':
      case '--help':
        io.out(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command ${command ?? ''}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.out(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
