import { Client } from 'pg';
import {
  advisoryLockKey,
  type PostgresConnectionOptions,
  validSchemaName,
  withDefaultUser,
} from './postgres-connection';

/** What a channel of the ledger carries (payload: the position or checkpoint reached). */
export type LedgerChannel = 'appended' | 'projected';

/**
 * The name of a notification channel of one ledger: channels are per database, so the schema is
 * part of it (hashed: a channel name is at most 63 bytes).
 */
export function ledgerChannel(purpose: LedgerChannel, schema: string | undefined): string {
  return `kyoyaku_${purpose}_${advisoryLockKey(`channel:${purpose}`, schema).toString(16).replace('-', 'n')}`;
}

export interface PostgresSessionOptions extends PostgresConnectionOptions {
  /** Wait before connecting again after the connection was lost (default 1000 ms). */
  reconnectMs?: number;
}

/**
 * One dedicated connection per process, outside every pool: it LISTENs to the ledger's
 * channels, so one connection wakes everything in the process that waits for other processes
 * (the projector, the read-your-writes wait, the event streams), and it holds the session-level
 * advisory lock that elects the projector. A session lock lives as long as its connection: when
 * the process dies or loses the server, the lock is released and another process takes the role.
 *
 * The connection comes back by itself after a server restart; listeners are told (`onReconnect`),
 * since notifications sent meanwhile were lost, and the lock is then no longer held.
 */
export class PostgresSession {
  private client: Client | null = null;
  private connecting: Promise<Client | null> | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private readonly reconnectListeners = new Set<() => void>();
  /** Session locks held on the current connection. */
  private readonly locks = new Set<string>();
  private readonly schema: string;

  constructor(private readonly options: PostgresSessionOptions) {
    this.schema = validSchemaName(options.schema);
  }

  /** Connects now (a failure is retried in the background); resolves either way. */
  async start(): Promise<void> {
    await this.connection();
  }

  /** Calls `listener` with each notification's payload on a channel of this ledger. */
  listen(purpose: LedgerChannel, listener: (payload: string) => void): () => void {
    const channel = ledgerChannel(purpose, this.schema);
    let set = this.listeners.get(channel);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(channel, set);
      const client = this.client;
      if (client !== null) client.query(`LISTEN ${channel}`).catch(() => this.lost(client));
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Called after the connection came back: notifications may have been missed meanwhile. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /**
   * Tries to take (or confirms holding) the session lock of `purpose`: true while this connection
   * holds it. Never waits for another holder; false while the server is away.
   */
  async tryLock(purpose: string): Promise<boolean> {
    if (this.locks.has(purpose) && this.client !== null) return true;
    const client = await this.connection();
    if (client === null) return false;
    try {
      const result = await client.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(${advisoryLockKey(purpose, this.schema).toString()}) AS locked`,
      );
      const locked = result.rows[0]?.locked === true;
      if (locked && this.client === client) this.locks.add(purpose);
      return locked && this.client === client;
    } catch {
      this.lost(client);
      return false;
    }
  }

  /** Whether the lock of `purpose` is held now (false once the connection that took it is gone). */
  holds(purpose: string): boolean {
    return this.client !== null && this.locks.has(purpose);
  }

  /** Gives a lock back (a graceful stop: another process takes the role at once). */
  async unlock(purpose: string): Promise<void> {
    const client = this.client;
    if (!this.locks.delete(purpose) || client === null) return;
    await client
      .query(`SELECT pg_advisory_unlock(${advisoryLockKey(purpose, this.schema).toString()})`)
      .catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    const client = this.client ?? (await this.connecting?.catch(() => null)) ?? null;
    this.client = null;
    this.locks.clear();
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<Client | null> {
    if (this.client !== null) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async connect(): Promise<Client | null> {
    if (this.closed) return null;
    const client = new Client({
      connectionString: withDefaultUser(this.options.connectionString),
      connectionTimeoutMillis: this.options.connectionTimeoutMs ?? 5000,
      keepAlive: true,
      application_name: `${this.options.applicationName ?? 'kyoyaku-ledger session'} (pid ${process.pid})`,
      statement_timeout: this.options.statementTimeoutMs ?? 30_000,
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      for (const listener of this.listeners.get(message.channel) ?? []) listener(message.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.listeners.keys()) await client.query(`LISTEN ${channel}`);
    } catch {
      await client.end().catch(() => undefined);
      this.scheduleReconnect();
      return null;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return null;
    }
    this.client = client;
    // After a loss (or a first attempt that failed), notifications may have been missed: wake up.
    for (const listener of this.reconnectListeners) listener();
    return client;
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    // The server released the session's locks with the connection.
    this.locks.clear();
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer !== null) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connection();
    }, this.options.reconnectMs ?? 1000);
    this.reconnectTimer.unref();
  }
}
