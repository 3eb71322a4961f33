import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AccessTokenRepository } from '@kyoyaku/runtime';

/** How often open streams' tokens are checked again: a revoked token's stream ends within this. */
export const TOKEN_RECHECK_INTERVAL_MS = 500;

/**
 * Re-checks the tokens of open event streams. A token is revoked with the CLI, in another process,
 * by a row in the API state (api.sqlite, or PostgreSQL shared by every API process): one timer reads
 * the state of every watched token twice a second and ends the streams of those revoked since, so a
 * stream never outlives its token by more than a second. A check that fails (the database away) is
 * tried again on the next tick; a check still running when the next tick comes is not doubled.
 */
@Injectable()
export class TokenWatchService implements OnModuleDestroy {
  private readonly watchers = new Map<string, Set<() => void>>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(private readonly tokens: AccessTokenRepository) {}

  /** Calls `onRevoked` once when the token is no longer active; returns the function that stops watching. */
  watch(tokenId: string, onRevoked: () => void): () => void {
    const set = this.watchers.get(tokenId) ?? new Set();
    set.add(onRevoked);
    this.watchers.set(tokenId, set);
    this.timer ??= setInterval(() => void this.recheck(), TOKEN_RECHECK_INTERVAL_MS).unref();
    return () => this.unwatch(tokenId, onRevoked);
  }

  private unwatch(tokenId: string, onRevoked: () => void): void {
    const set = this.watchers.get(tokenId);
    set?.delete(onRevoked);
    if (set?.size === 0) this.watchers.delete(tokenId);
    if (this.watchers.size === 0) this.stop();
  }

  private async recheck(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const [tokenId, set] of [...this.watchers]) {
        if ((await this.tokens.find(tokenId))?.revokedAt === null) continue;
        // Unwatched meanwhile (the stream ended): nothing to end.
        if (this.watchers.get(tokenId) !== set) continue;
        this.watchers.delete(tokenId);
        for (const onRevoked of set) onRevoked();
      }
      if (this.watchers.size === 0) this.stop();
    } catch {
      // The state could not be read (the database away): the next tick tries again.
    } finally {
      this.checking = false;
    }
  }

  private stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  onModuleDestroy(): void {
    this.stop();
    this.watchers.clear();
  }
}
