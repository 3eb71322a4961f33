/** One group commit as observers see it (metrics): what it answered and wrote, or that it failed. */
export interface GroupCommitReport {
  committed: boolean;
  /** Appends in the batch (answered, refused or failed). */
  appends: number;
  /** Events written by each append that succeeded (0 for an idempotent replay). */
  eventsPerAppend: readonly number[];
}

/** A store that reports its group commits (SQLite and PostgreSQL do; EventStoreDB does not). */
export interface CommitObservable {
  observeCommits(observer: (report: GroupCommitReport) => void): () => void;
}

export function observesCommits<S extends object>(store: S): store is S & CommitObservable {
  return typeof (store as Partial<CommitObservable>).observeCommits === 'function';
}

/**
 * The observers of a store's group commits (metrics, health). An observer that throws is ignored:
 * it can neither fail nor delay a commit.
 */
export class CommitObservers {
  private readonly observers = new Set<(report: GroupCommitReport) => void>();

  /** Adds an observer; returns the way to stop. */
  add(observer: (report: GroupCommitReport) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  report(report: GroupCommitReport): void {
    for (const observer of this.observers) {
      try {
        observer(report);
      } catch {
        // Observation is best effort by design.
      }
    }
  }
}
