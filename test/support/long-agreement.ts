import { type AgreementCommand, agreementStreamId, regionStreamId } from '@kyoyaku/domain';
import type { LegalDate } from '@kyoyaku/legal-text';
import { AGREEMENT, type CommandContext, type CommandExecutor, REGION } from '@kyoyaku/runtime';
import { AOMORI_CITY, HIRANAI, agreementDocument } from '@kyoyaku/runtime/demo';

type Body = AgreementCommand extends infer C
  ? C extends AgreementCommand
    ? Omit<C, 'actor' | 'agreementId' | 'today'>
    : never
  : never;

/** The generator's place in its script, as JSON (see `LongAgreement.save`). */
export interface LongAgreementProgress {
  events: number;
  queue: Body[];
  proceedings: number;
  day: number;
  seq: number;
}

/** Sets the instant each command is recorded at (the clock the executor's store reads). */
export interface SettableClock {
  set(instant: string): void;
}

const SECRETARIAT = { id: 'scale-secretariat', role: 'secretariat' as const };
const DAY_MS = 86_400_000;

function dayAfter(start: LegalDate, days: number): LegalDate {
  return new Date(Date.parse(`${start}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * One agreement (青森市 and 平内町) whose stream grows without end through the real command path
 * (CommandExecutor: read the stream → decide → append → wait for the projections): concluded, then
 * amended again and again, each 変更 a whole proceeding (案, both councils' 可決, 締結 with the next
 * day as 施行日, both 告示, a joint 届出 — 8 events with the completion), one proceeding a day. Each
 * step is one command, so a caller can time single writes at any stream length.
 */
export class LongAgreement {
  /** Events in the agreement's stream so far. */
  events = 0;
  private readonly queue: Body[] = [];
  private proceedings = 0;
  private day = 0;
  private seq = 0;

  constructor(
    private readonly executor: CommandExecutor,
    private readonly clock: SettableClock,
    readonly agreementId = 'long-agreement',
    private readonly start: LegalDate = '2020-01-06',
  ) {}

  /** What `restore` needs to carry on from here with a ledger kept between runs. */
  save(): LongAgreementProgress {
    return {
      events: this.events,
      queue: [...this.queue],
      proceedings: this.proceedings,
      day: this.day,
      seq: this.seq,
    };
  }

  /** Carries on from `save()`'s answer, on the ledger it was saved with (instead of `open`). */
  restore(progress: LongAgreementProgress): void {
    this.events = progress.events;
    this.queue.splice(0, this.queue.length, ...progress.queue);
    this.proceedings = progress.proceedings;
    this.day = progress.day;
    this.seq = progress.seq;
  }

  get streamId(): string {
    return agreementStreamId(this.agreementId);
  }

  /** Declares the region and opens the agreement (call once, first). */
  async open(): Promise<void> {
    const today = this.today();
    this.clock.set(`${today}T00:00:00.000Z`);
    await this.executor.execute(
      regionStreamId('scale'),
      REGION,
      {
        type: 'DeclareRegion',
        actor: SECRETARIAT,
        regionId: 'scale',
        name: '青森圏域連携中枢都市圏',
        coreCity: AOMORI_CITY,
        declaredOn: today,
        today,
      },
      this.context(),
    );
    await this.run({
      type: 'OpenAgreement',
      regionId: 'scale',
      coreCity: AOMORI_CITY,
      partner: HIRANAI,
      proceedingId: 'p0',
      draftedOn: today,
      document: agreementDocument(HIRANAI.name, dayAfter(this.start, 1)),
    });
    this.queue.push(...this.closing('p0', today));
  }

  /** Runs the next command; returns how many events it recorded. */
  async step(): Promise<number> {
    if (this.queue.length === 0) this.queue.push(...this.nextProceeding());
    const body = this.queue.shift();
    if (body === undefined) throw new Error('no step queued');
    return this.run(body);
  }

  /** Runs steps until the stream holds at least `events` events. */
  async growTo(events: number): Promise<void> {
    while (this.events < events) await this.step();
  }

  private nextProceeding(): Body[] {
    this.proceedings += 1;
    this.day += 1;
    const today = this.today();
    const proceedingId = `p${this.proceedings}`;
    return [
      {
        type: 'ProposeAmendment',
        proceedingId,
        draftedOn: today,
        operations: [
          {
            op: 'reviseMeasure',
            id: 'm01',
            changes: { content: `圏域の産業振興に取り組む（第${this.proceedings}次改定）。` },
          },
        ],
      },
      ...this.closing(proceedingId, today),
    ];
  }

  /** 可決 by both councils, 締結 (施行日 the next day), both 告示 and a joint 届出. */
  private closing(proceedingId: string, today: LegalDate): Body[] {
    const n = this.proceedings;
    return [
      {
        type: 'RecordCouncilResolution',
        proceedingId,
        party: 'core',
        decision: 'approved',
        resolvedOn: today,
      },
      {
        type: 'RecordCouncilResolution',
        proceedingId,
        party: 'partner',
        decision: 'approved',
        resolvedOn: today,
      },
      {
        type: 'ConcludeProceeding',
        proceedingId,
        concludedOn: today,
        effectiveOn: dayAfter(today, 1),
        signatories: {
          core: { title: '青森市長', name: '署名者' },
          partner: { title: '平内町長', name: '署名者' },
        },
      },
      {
        type: 'RecordPublicNotice',
        proceedingId,
        party: 'core',
        noticeNumber: `青森市告示第${n}号`,
        publishedOn: today,
      },
      {
        type: 'RecordPublicNotice',
        proceedingId,
        party: 'partner',
        noticeNumber: `平内町告示第${n}号`,
        publishedOn: today,
      },
      {
        type: 'RecordGovernorNotification',
        proceedingId,
        filedBy: ['core', 'partner'],
        documentNumber: `青企第${n}号`,
        notifiedOn: today,
      },
    ];
  }

  private async run(body: Body): Promise<number> {
    const today = this.today();
    this.seq += 1;
    // One second apart within the day, so every event has its own recordedAt (knownAt cuts).
    this.clock.set(new Date(Date.parse(`${today}T00:00:00Z`) + this.seq * 1000).toISOString());
    const command = { ...body, actor: SECRETARIAT, agreementId: this.agreementId, today } as AgreementCommand;
    const result = await this.executor.execute(this.streamId, AGREEMENT, command, this.context());
    const written = result.eventIds.length;
    this.events += written;
    return written;
  }

  private today(): LegalDate {
    return dayAfter(this.start, this.day);
  }

  private context(): CommandContext {
    return { actor: SECRETARIAT, correlationId: `scale-${this.seq}`, source: 'cli' };
  }
}
