import type { Projector } from '@kyoyaku/projections';
import type { PostgresIntegrityRecord } from './integrity-record';
import type { LedgerIntegrity, VerifiedMark } from './ledger-integrity';
import type { ReadModelCheckState } from './read-model-check';

export interface BackgroundVerificationOptions {
  /** Between two verifications of the elected process (default an hour). */
  intervalMs?: number;
  /** How often a process looks whether it is elected, or reads the recorded result (default 10 s). */
  followMs?: number;
}

/**
 * The background verification of the stored events (DESIGN.md §9), run by ONE process:
 * the projector (the only process of an embedded store; the elected one on PostgreSQL).
 *
 * - When a process becomes the projector (at its start, or taking over from one that died), it
 *   verifies everything once (LedgerIntegrity.reverifyFull: every event, every chain, the tree, every
 *   checkpoint signed), then the read models against a replay.
 * - Afterwards, every interval, only what is new since the last verified size plus a rotating window
 *   of older leaves (reverifySince), then the read models again. A failure makes the next run full.
 * - Each result is recorded in PostgreSQL; the other processes read it every followMs and report it
 *   as their own (/health, /health/ready, metrics), so a failing ledger is failing everywhere.
 */
export class BackgroundVerification {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  /** Verified fully since this process became the projector (reset when it loses the role). */
  private elected = false;
  private mark: VerifiedMark | null = null;
  private lastRun = 0;

  constructor(
    private readonly ledger: {
      integrity: LedgerIntegrity;
      projector: Projector;
      integrityRecord: PostgresIntegrityRecord | null;
      checkReadModels(): Promise<ReadModelCheckState>;
    },
    private readonly log: (message: string) => void,
    private readonly options: BackgroundVerificationOptions = {},
  ) {}

  /** Starts once the projector has started (and so knows whether it was elected). */
  start(): void {
    void this.ledger.projector.started().then(() => {
      if (this.stopped) return;
      void this.runOnce();
      this.timer = setInterval(() => void this.runOnce(), this.options.followMs ?? 10_000);
      this.timer.unref();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One step: verify if elected and due, otherwise take the recorded result. Never throws. */
  runOnce(): Promise<void> {
    this.running ??= this.step()
      .catch((error: unknown) => this.log(error instanceof Error ? error.message : String(error)))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async step(): Promise<void> {
    const { integrity, projector, integrityRecord } = this.ledger;
    if (projector.role() !== 'projector') {
      this.elected = false;
      this.mark = null;
      const recorded = await integrityRecord?.load();
      if (recorded !== null && recorded !== undefined) {
        integrity.adopt(recorded.verification);
        const mine = integrity.readModelCheck.checkedAt;
        if (mine === undefined || (recorded.readModels.checkedAt ?? '') >= mine)
          integrity.readModelCheck = recorded.readModels;
      }
      return;
    }
    const now = Date.now();
    if (this.elected && now - this.lastRun < (this.options.intervalMs ?? 60 * 60 * 1000)) return;
    const result =
      this.elected && this.mark !== null
        ? await integrity.reverifySince(this.mark)
        : await integrity.reverifyFull();
    this.elected = true;
    this.mark = result.mark;
    this.lastRun = now;
    if (result.state.status === 'failing') this.log(`integrity check failing: ${result.state.problem ?? ''}`);
    const readModels = await this.ledger.checkReadModels();
    if (readModels.status === 'drift') this.log(`read-model drift: ${readModels.problem ?? ''}`);
    await integrityRecord?.save({ verification: result.state, readModels, mark: result.mark });
  }
}
