import { Inject, Injectable } from '@nestjs/common';
import { type AgreementHistory, agreementName } from '@kyoyaku/domain';
import type { RenderStyle } from '@kyoyaku/legal-text';
import {
  type AgreementSummaryDoc,
  BoundedMap,
  COLLECTIONS,
  consolidatedTextOf,
  foldKnownAt,
  fromHistoryDoc,
  historyOfFold,
  latestRecordedAt,
  ParsedSnapshots,
  readHistoryDoc,
  type HistoryDoc,
  type ProceedingDoc,
  type ReadModelReader,
  type ReadModelSource,
  SqliteReadModels,
} from '@kyoyaku/projections';
import { ProblemException } from '../http/problem';

/** Parsed histories and rendered texts kept, least recently used first. */
const HISTORIES_KEPT = 64;
const TEXTS_KEPT = 512;
/** 沿革 as of a moment (knownAt, atPosition) kept, each with the texts rendered from it. */
const PAST_HISTORIES_KEPT = 64;

/**
 * The agreement read models, with a 404 problem for anything that is not there. Histories and
 * rendered texts are kept in memory per agreement, each with the position of the agreement's last
 * event it was made from: a write to one agreement leaves every other agreement's kept, so the
 * common reads (text as of a date, versions) do not parse and render on every request.
 */
@Injectable()
export class AgreementReadModels {
  private cacheVersion = '';
  /** Agreements' last positions as their summaries said since the content last changed. */
  private readonly checked = new Map<string, string>();
  private readonly histories = new BoundedMap<
    string,
    { lastPosition: string; doc: HistoryDoc; history: AgreementHistory }
  >(HISTORIES_KEPT);
  private readonly texts = new BoundedMap<string, { lastPosition: string; text: string }>(TEXTS_KEPT);
  /** Per agreement, the latest recordedAt of its events (ms) as of its last event's position. */
  private readonly latestRecorded = new BoundedMap<string, { lastPosition: string; latestMs: number }>(
    HISTORIES_KEPT,
  );
  /** 沿革 replayed as of a moment, by agreement and moment, as of the agreement's last event. */
  private readonly pastHistories = new BoundedMap<
    string,
    { lastPosition: string; history: AgreementHistory }
  >(PAST_HISTORIES_KEPT);
  /** This ledger's snapshots, parsed once: a snapshot never changes (ParsedSnapshots). */
  private readonly snapshots = new ParsedSnapshots();
  /** Texts rendered from a 沿革 other than the kept current one: they live as long as it does. */
  private readonly pastTexts = new WeakMap<AgreementHistory, Map<string, string>>();

  constructor(@Inject(SqliteReadModels) private readonly readModels: ReadModelSource) {}

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
    const lastPosition = this.lastPosition(agreementId);
    const cached = this.histories.get(agreementId);
    if (cached?.lastPosition === lastPosition) return cached;
    const doc = this.required(readHistoryDoc(this.reader(), agreementId), agreementId);
    return this.histories.set(agreementId, { lastPosition, doc, history: fromHistoryDoc(doc) });
  }

  /**
   * The 沿革 as the ledger knew it at an instant or a position (transaction time). A moment at or
   * after the agreement's last event knows all of its events: the answer is the current 沿革 (the
   * fold of the whole stream is what the read model holds). Before that, the agreement's fold from
   * the latest snapshot all of whose events were known then, and the events known then after it
   * (agreement-fold.ts), kept until the agreement's next event.
   */
  historyKnownAt(
    agreementId: string,
    at: { knownAt?: string; atPosition?: bigint },
  ): Promise<AgreementHistory> {
    const lastPosition = this.lastPositionIfRecorded(agreementId);
    if (lastPosition !== undefined && this.knowsEveryEvent(agreementId, lastPosition, at)) {
      return Promise.resolve(this.history(agreementId).history);
    }
    const key = `${agreementId}\u0000${at.knownAt ?? ''}\u0000${at.atPosition?.toString() ?? ''}`;
    const kept = this.pastHistories.get(key);
    if (kept !== undefined && kept.lastPosition === lastPosition) {
      return Promise.resolve(kept.history);
    }
    const history = historyOfFold(
      foldKnownAt(
        this.reader(),
        agreementId,
        {
          ...(at.knownAt === undefined ? {} : { knownAt: at.knownAt }),
          ...(at.atPosition === undefined ? {} : { upToPosition: at.atPosition }),
        },
        this.snapshots,
      ),
    );
    if (history === undefined) {
      throw new ProblemException({
        status: 404,
        title: 'Not Found',
        code: 'AgreementNotKnownThen',
        detail: `連携協約「${agreementId}」は${at.knownAt === undefined ? `位置 ${String(at.atPosition)}` : at.knownAt}の時点ではまだ台帳に記録されていませんでした。`,
      });
    }
    if (lastPosition !== undefined) this.pastHistories.set(key, { lastPosition, history });
    return Promise.resolve(history);
  }

  /** Does a moment (none: now) know every event of the agreement, up to the one at `lastPosition`? */
  private knowsEveryEvent(
    agreementId: string,
    lastPosition: string,
    at: { knownAt?: string; atPosition?: bigint },
  ): boolean {
    if (at.atPosition !== undefined && at.atPosition < BigInt(lastPosition)) return false;
    if (at.knownAt === undefined) return true;
    const knownAt = Date.parse(at.knownAt);
    if (Number.isNaN(knownAt)) return false; // the replay says what is wrong with it
    let latest = this.latestRecorded.get(agreementId);
    if (latest?.lastPosition !== lastPosition) {
      latest = this.latestRecorded.set(agreementId, {
        lastPosition,
        latestMs: latestRecordedAt(this.reader(), agreementId),
      });
    }
    return knownAt >= latest.latestMs;
  }

  /**
   * A version's text in 例規集 form (consolidatedTextOf), rendered in a style, from `history` — the
   * current 沿革 (kept by the agreement's last event), or one as of a moment (historyKnownAt: kept
   * with it). A version's text, and the 告示 and 附則 printed with it, change only with an event of
   * the agreement, which changes its last position.
   */
  renderedText(
    agreementId: string,
    history: AgreementHistory,
    version: AgreementHistory['versions'][number],
    style: RenderStyle,
  ): string {
    if (this.histories.get(agreementId)?.history !== history) {
      const texts = this.pastTexts.get(history) ?? new Map<string, string>();
      this.pastTexts.set(history, texts);
      const key = `${version.number}\u0000${style}`;
      const text = texts.get(key) ?? consolidatedTextOf(history, version, style);
      texts.set(key, text);
      return text;
    }
    const lastPosition = this.lastPosition(agreementId);
    const key = `${agreementId}\u0000${version.number}\u0000${style}`;
    const cached = this.texts.get(key);
    if (cached?.lastPosition === lastPosition) return cached.text;
    const text = consolidatedTextOf(history, version, style);
    return this.texts.set(key, { lastPosition, text }).text;
  }

  proceeding(agreementId: string, proceedingId: string): ProceedingDoc {
    const doc = this.reader().get<ProceedingDoc>(COLLECTIONS.proceedings(agreementId), proceedingId);
    if (doc !== null) return doc;
    this.summary(agreementId);
    throw new ProblemException({
      status: 404,
      title: 'Not Found',
      code: 'ProceedingNotFound',
      detail: `${agreementName(this.summary(agreementId))}に手続「${proceedingId}」はありません。記録された手続は協約の「手続」の一覧にあります。`,
    });
  }

  /**
   * Position of the agreement's last event as its summary says (what its kept entries are checked
   * against); read again only for agreements not checked since the read models last changed.
   */
  private lastPosition(agreementId: string): string {
    return this.lastPositionIfRecorded(agreementId) ?? this.summary(agreementId).lastPosition;
  }

  /** The same, undefined for an agreement not recorded (its reads answer 404 each their own way). */
  private lastPositionIfRecorded(agreementId: string): string | undefined {
    const version = this.readModels.contentVersion();
    if (version !== this.cacheVersion) {
      this.cacheVersion = version;
      this.checked.clear();
    }
    const checked = this.checked.get(agreementId);
    if (checked !== undefined) return checked;
    const summary = this.reader().get<AgreementSummaryDoc>(COLLECTIONS.summaries, agreementId);
    if (summary === null) return undefined;
    // Bounded like the entries it vouches for: forgetting only costs a summary read.
    if (this.checked.size >= HISTORIES_KEPT + TEXTS_KEPT) this.checked.clear();
    this.checked.set(agreementId, summary.lastPosition);
    return summary.lastPosition;
  }

  private required<T>(doc: T | null, agreementId: string): T {
    if (doc !== null) return doc;
    throw new ProblemException({
      status: 404,
      title: 'Not Found',
      code: 'AgreementNotFound',
      detail: `連携協約「${agreementId}」は台帳にありません。台帳にある連携協約は「圏域と協約の一覧」にあります。`,
    });
  }
}
