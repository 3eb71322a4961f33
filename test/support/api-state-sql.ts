import Database from 'better-sqlite3';
import { withDefaultUser } from '@kyoyaku/event-store';
import { API_STATE_FILE_NAME, type LedgerConfig } from '@kyoyaku/runtime';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Runs one statement in a worker thread with `pg` and reports to the port, then wakes the caller. */
const WORKER = `
const { workerData } = require('node:worker_threads');
const { Client } = require(workerData.pg);
(async () => {
  const client = new Client({ connectionString: workerData.url });
  let result;
  try {
    await client.connect();
    const answer = await client.query(workerData.sql, workerData.values);
    result = { rows: answer.rows };
  } catch (error) {
    result = { error: String((error && error.message) || error) };
  } finally {
    await client.end().catch(() => undefined);
  }
  workerData.port.postMessage(result);
  Atomics.store(workerData.flag, 0, 1);
  Atomics.notify(workerData.flag, 0);
})();
`;

/**
 * One statement on PostgreSQL, synchronously: the test apps' `token()` and the tests that look into
 * the API state are synchronous (as on SQLite), and pg is not. The statement runs in a worker thread
 * while this one waits on an Atomics flag.
 */
export function queryPostgresSync(url: string, sql: string, values: readonly unknown[] = []): unknown[] {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { url: withDefaultUser(url), sql, values, pg: require.resolve('pg'), port: port2, flag },
    transferList: [port2],
  });
  const waited = Atomics.wait(flag, 0, 0, 30_000);
  void worker.terminate();
  const message = receiveMessageOnPort(port1)?.message as { rows?: unknown[]; error?: string } | undefined;
  port1.close();
  if (waited === 'timed-out' || message === undefined)
    throw new Error(`no answer from PostgreSQL to: ${sql}`);
  if (message.error !== undefined) throw new Error(`${message.error} (in: ${sql})`);
  return message.rows ?? [];
}

/**
 * A statement on the API state of a test app, wherever it lives (api.sqlite, or PostgreSQL with
 * store=postgres); `?` placeholders on either.
 */
export function apiStateSql(
  config: Pick<LedgerConfig, 'store' | 'postgresUrl' | 'dataDir'>,
  sql: string,
  values: readonly unknown[] = [],
): unknown[] {
  if (config.store === 'postgres' && config.postgresUrl !== undefined) {
    let n = 0;
    return queryPostgresSync(
      config.postgresUrl,
      sql.replace(/\?/g, () => `$${++n}`),
      values,
    );
  }
  const db = new Database(join(config.dataDir, API_STATE_FILE_NAME));
  try {
    const statement = db.prepare(sql);
    return statement.reader ? statement.all(...values) : (statement.run(...values), []);
  } finally {
    db.close();
  }
}
