import { Inject, Injectable } from '@nestjs/common';
import {
  type AgreementHistory,
  agreementHistory,
  agreementStreamId,
  toAgreementEvent,
} from '@kyoyaku/domain';
import { EVENT_STORE, type EventStore, StreamNotFoundError } from '@kyoyaku/event-store';
import type { RenderStyle } from '@kyoyaku/legal-text';
import {
  type AgreementSummaryDoc,
  COLLECTIONS,
  consolidatedTextOf,
  fromHistoryDoc,
  type HistoryDoc,
  type ProceedingDoc,
  type ReadModelReader,
  type ReadModelSource,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { ProblemException } from '../http/problem';

/**
 * The agreement read models, with a 404 problem for anything that is not there. Histories and
 * rendered texts are kept in memory until the read models change (a committed batch or a rebuild),
 * so the common reads (text as of a date, versions) do not parse and render on every request.
 */
@Injectable()
export class AgreementReadModels {
  private cacheVersion = '';
  private readonly histories = new Map<string, { doc: HistoryDoc; history: AgreementHistory }>();
  private readonly texts = new Map<string, string>();

  constructor(
    @Inject(SqliteReadModels) private readonly readModels: ReadModelSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  reader(): ReadModelReader {
    return this.readModels.reader();
  }

  summary(agreementId: string): AgreementSummaryDoc {
    return this.required(
      this.reader().get<AgreementSummaryDoc>(COLLECTIONS.summaries, agreementId),
      agreementId,
    );
  }

  /** The stored 沿革 and the same as the domain's AgreementHistory. */
  history(agreementId: string): { doc: HistoryDoc; history: AgreementHistory } {
    this.refreshCache();
    const cached = this.histories.get(agreementId);
    if (cached !== undefined) return cached;
    const doc = this.required(this.reader().get<HistoryDoc>(COLLECTIONS.histories, agreementId), agreementId);
    const entry = { doc, history: fromHistoryDoc(doc) };
    this.histories.set(agreementId, entry);
    return entry;
  }

  /**
   * The 沿革 as the ledger knew it at an instant or a position (transaction time), by replaying the
   * agreement's events recorded up to then; the current one when neither is given.
   */
  async historyKnownAt(
    agreementId: string,
    at: { knownAt?: string; atPosition?: bigint },
  ): Promise<AgreementHistory> {
    if (at.knownAt === undefined && at.atPosition === undefined) return this.history(agreementId).history;
    const notKnown = (): ProblemException =>
      new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'AgreementNotKnownThen',
        detail: `Agreement ${agreementId} was not yet recorded at ${at.knownAt ?? `position ${String(at.atPosition)}`}.`,
      });
    try {
      const events = await this.store.readStream(agreementStreamId(agreementId), {
        ...(at.atPosition === undefined ? {} : { upToPosition: at.atPosition }),
      });
      const history = agreementHistory(
        events.map((e) => ({
          position: e.position,
          recordedAt: e.metadata.recordedAt,
          eventId: e.eventId,
          event: toAgreementEvent(e),
        })),
        at.knownAt === undefined ? {} : { knownAt: at.knownAt },
      );
      if (history === undefined) throw notKnown();
      return history;
    } catch (error) {
      if (error instanceof StreamNotFoundError) throw notKnown();
      throw error;
    }
  }

  /**
   * A version's text in 例規集 form (consolidatedTextOf), rendered in a style, from `history` — the
   * current 沿革, or one replayed as of a moment (`known: 'then'`, rendered every time). A version's
   * text, and the 告示 and 附則 printed with it, change only with an event of the agreement, which
   * changes the read models and so clears this cache.
   */
  renderedText(
    agreementId: string,
    history: AgreementHistory,
    version: AgreementHistory['versions'][number],
    style: RenderStyle,
    known: 'now' | 'then' = 'now',
  ): string {
    if (known === 'then') return consolidatedTextOf(history, version, style);
    this.refreshCache();
    const key = `${agreementId}\u0000${version.number}\u0000${style}`;
    const cached = this.texts.get(key);
    if (cached !== undefined) return cached;
    const text = consolidatedTextOf(history, version, style);
    this.texts.set(key, text);
    return text;
  }

  proceeding(agreementId: string, proceedingId: string): ProceedingDoc {
    const doc = this.reader().get<ProceedingDoc>(COLLECTIONS.proceedings(agreementId), proceedingId);
    if (doc !== null) return doc;
    this.summary(agreementId);
    throw new ProblemException({
      status: 404,
      title: 'Not Found',
      code: 'ProceedingNotFound',
      detail: `Agreement ${agreementId} has no proceeding ${proceedingId}; GET /agreements/${agreementId}/proceedings lists them.`,
    });
  }

  private refreshCache(): void {
    const version = this.readModels.contentVersion();
    if (version === this.cacheVersion) return;
    this.cacheVersion = version;
    this.histories.clear();
    this.texts.clear();
  }

  private required<T>(doc: T | null, agreementId: string): T {
    if (doc !== null) return doc;
    throw new ProblemException({
      status: 404,
      title: 'Not Found',
      code: 'AgreementNotFound',
      detail: `No agreement ${agreementId} is recorded; GET /agreements lists them.`,
    });
  }
}
