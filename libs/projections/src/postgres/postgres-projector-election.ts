import type { PostgresSession } from '@kyoyaku/event-store';
import type { ProjectorCoordination } from '../projector';

/** The session lock that makes a process the projector (one per ledger schema). */
const PROJECTOR_LOCK = 'projector';

/**
 * The projector elected among the processes sharing one PostgreSQL database: the
 * process whose session holds the advisory lock projects; the lock goes with the session, so it
 * is free again the moment that process dies or loses the server, and a follower takes it on its
 * next try. Wake-ups come from the same session's LISTEN: `appended` for the projector,
 * `projected` for the followers. Even two processes that both believed they held the role would
 * apply each batch once: the checkpoint moves by compare-and-set (PostgresReadModels).
 */
export class PostgresProjectorElection implements ProjectorCoordination {
  constructor(private readonly session: PostgresSession) {}

  tryLead(): Promise<boolean> {
    return this.session.tryLock(PROJECTOR_LOCK);
  }

  leading(): boolean {
    return this.session.holds(PROJECTOR_LOCK);
  }

  resign(): Promise<void> {
    return this.session.unlock(PROJECTOR_LOCK);
  }

  onAppended(wake: () => void): () => void {
    return this.both(this.session.listen('appended', wake), this.session.onReconnect(wake));
  }

  onProjected(wake: () => void): () => void {
    return this.both(this.session.listen('projected', wake), this.session.onReconnect(wake));
  }

  private both(a: () => void, b: () => void): () => void {
    return () => {
      a();
      b();
    };
  }
}
