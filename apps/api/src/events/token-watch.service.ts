import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AccessTokenRepository } from '@kyoyaku/runtime';

/** How often open streams' tokens are checked again: a revoked token's stream ends within this. */
export const TOKEN_RECHECK_INTERVAL_MS = 500;

/**
 * Re-checks the tokens of open event streams. A token is revoked with the CLI, in another process,
 * by a row in api.sqlite: one timer reads the state of every watched token twice a second and ends
 * the streams of those revoked since, so a stream never outlives its token by more than a second.
 */
@Injectable()
export class TokenWatchService implements OnModuleDestroy {
  private readonly watchers = new Map<string, Set<() => void>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly tokens: AccessTokenRepository) {}

  /** Calls `onRevoked` once when the token is no longer active; returns the function that stops watching. */
  watch(tokenId: string, onRevoked: () => void): () => void {
    const set = this.watchers.get(tokenId) ?? new Set();
    set.add(onRevoked);
    this.watchers.set(tokenId, set);
    this.timer ??= setInterval(() => this.recheck(), TOKEN_RECHECK_INTERVAL_MS).unref();
    return () => this.unwatch(tokenId, onRevoked);
  }

  private unwatch(tokenId: string, onRevoked: () => void): void {
    const set = this.watchers.get(tokenId);
    set?.delete(onRevoked);
    if (set?.size === 0) this.watchers.delete(tokenId);
    if (this.watchers.size === 0) this.stop();
  }

  private recheck(): void {
    for (const [tokenId, set] of [...this.watchers]) {
      if (this.tokens.find(tokenId)?.revokedAt === null) continue;
      this.watchers.delete(tokenId);
      for (const onRevoked of set) onRevoked();
    }
    if (this.watchers.size === 0) this.stop();
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
