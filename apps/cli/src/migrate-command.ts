import { EventStoreError } from '@kyoyaku/event-store';
import { parseArgs } from 'node:util';
import {
  describeMigration,
  migrateLedger,
  MigrationError,
  parseStoreSpec,
  STORE_SPEC_HELP,
  StoreSpecError,
} from './migrate';
import type { ProgressFactory } from './progress';

const USAGE = `migrate --from <store> --to <store>   (a store is ${STORE_SPEC_HELP})`;

/**
 * The `migrate` command: 0 when the copy is verified; 1, and why, when the target was refused, a
 * store failed or the copy differs; a malformed command line is the caller's usage error.
 */
export async function migrateCommand(
  args: readonly string[],
  io: { out(text: string): void },
  progress: ProgressFactory,
  usageError: (message: string) => Error,
): Promise<number> {
  let values: { from?: string | undefined; to?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { from: { type: 'string' }, to: { type: 'string' } },
    }));
  } catch (error) {
    throw usageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.from === undefined || values.to === undefined) throw usageError(USAGE);
  let specs;
  try {
    specs = { from: parseStoreSpec(values.from), to: parseStoreSpec(values.to) };
  } catch (error) {
    if (error instanceof StoreSpecError) throw usageError(`${error.message}\n${USAGE}`);
    throw error;
  }
  try {
    io.out(describeMigration(await migrateLedger(specs.from, specs.to, { progress })));
    return 0;
  } catch (error) {
    if (error instanceof MigrationError) {
      io.out(`migrate refused: ${error.message}\n`);
      return 1;
    }
    // A store that cannot be reached, or an importer refusing an event: said as it is.
    if (error instanceof EventStoreError) {
      io.out(`migrate failed: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
