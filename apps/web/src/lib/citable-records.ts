/**
 * The records a consultation's outcome may cite, named as the rest of the app names them — the
 * agreement by its parties and title, a proceeding by its kind and date (第n案, 第n版), a cost share
 * by its project and 年度, a doubt by who raised it, when and about what — instead of the stream and
 * event ids the API takes (`cites: { streamId, eventId }`), which stay in the option's value only.
 */
import type {
  AgreementSummary,
  CostShareDecision,
  Party,
  PartyRole,
  Proceeding,
  TimelineEntry,
} from '../api/api-types';
import type { Translate } from '../i18n/i18n';
import { eventTypeKey } from '../i18n/labels';
import type { OutcomeKind } from './consultation-form';
import { warekiOf } from './dates';
import { fiscalYearLabel } from './fiscal-years';
import { proceedingName } from './proceeding-name';

/**
 * What the API accepts per outcome kind (CITABLE_EVENTS in libs/domain's consultation decider:
 * the stream's prefix and the event types); `other` may cite any record.
 */
const CITABLE: Readonly<Record<OutcomeKind, { streamPrefix?: string; types?: readonly string[] }>> = {
  'cost-share-decision': { streamPrefix: 'project-', types: ['CostShareDecided', 'CostShareRevised'] },
  amendment: {
    streamPrefix: 'agreement-',
    types: ['ProceedingOpened', 'DraftRecorded', 'ProceedingConcluded'],
  },
  'doubt-resolution': { streamPrefix: 'doubt-' },
  other: {},
};

/** A doubt as far as its name needs (GET /doubts/{id}). */
export interface CitableDoubt {
  doubtId: string;
  raisedBy: Party & { role: PartyRole };
  raisedOn: string;
  citation: { label: string };
  statusLabel: string;
  /** The DoubtRaised event: the doubt itself. */
  raisedAt: { eventId: string };
}

/** What the page read from the public routes for the agreements and projects of a consultation. */
export interface CitableSources {
  agreements: {
    summary: Pick<AgreementSummary, 'agreementId' | 'title' | 'coreCity' | 'partner'>;
    /** GET /agreements/{id}/history, every page. */
    history: readonly Pick<TimelineEntry, 'eventId' | 'type' | 'revision' | 'proceedingId'>[];
    proceedings: readonly Proceeding[];
    doubts: readonly CitableDoubt[];
  }[];
  projects: {
    projectId: string;
    name: string;
    /** Every decision and revision of every 年度 (GET /projects/{id}/cost-shares). */
    decisions: readonly Pick<CostShareDecision, 'fiscalYear' | 'kind' | 'decidedOn' | 'event'>[];
  }[];
}

export interface CitableRecord {
  streamId: string;
  eventId: string;
  type: string;
  /** The agreement or project it belongs to: the option group. */
  group: string;
  /** The record within its group. */
  label: string;
}

/** The value an option carries: both ids, which the ids' own characters never contain. */
export function citeKey(cites: { streamId: string; eventId: string }): string {
  return `${cites.streamId} ${cites.eventId}`;
}

export function agreementName(a: Pick<AgreementSummary, 'title' | 'coreCity' | 'partner'>): string {
  return `${a.coreCity.name}・${a.partner.name} ${a.title}`;
}

const dateOf = (date: string) => warekiOf(date) || date;

function proceedingRecords(t: Translate, agreement: CitableSources['agreements'][number]): CitableRecord[] {
  const streamId = `agreement-${agreement.summary.agreementId}`;
  const group = agreementName(agreement.summary);
  const records: CitableRecord[] = [];
  for (const entry of agreement.history) {
    if (!(CITABLE.amendment.types ?? []).includes(entry.type)) continue;
    const p = agreement.proceedings.find((x) => x.proceedingId === entry.proceedingId);
    if (p === undefined) continue;
    const event = t(eventTypeKey(entry.type));
    const proceeding = proceedingName(t, { kind: p.kind, openedOn: p.openedOn });
    let label = t('citation.proceedingEvent', { event, proceeding });
    if (entry.type === 'DraftRecorded') {
      // The draft the event recorded: the API gives each draft the stream revision that recorded it.
      const draft = p.drafts.find((d) => d.revision === entry.revision);
      if (draft !== undefined)
        label = t('citation.draft', {
          event,
          proceeding,
          n: draft.draftNumber,
          date: dateOf(draft.draftedOn),
        });
    } else if (entry.type === 'ProceedingConcluded' && p.conclusion !== undefined) {
      const date = dateOf(p.conclusion.concludedOn);
      label =
        p.conclusion.versionNumber === undefined
          ? t('citation.conclusionNoVersion', { event, proceeding, date })
          : t('citation.conclusion', { event, proceeding, n: p.conclusion.versionNumber, date });
    }
    records.push({ streamId, eventId: entry.eventId, type: entry.type, group, label });
  }
  return records;
}

function doubtRecords(t: Translate, agreement: CitableSources['agreements'][number]): CitableRecord[] {
  const group = agreementName(agreement.summary);
  return agreement.doubts.map((d) => ({
    streamId: `doubt-${d.doubtId}`,
    eventId: d.raisedAt.eventId,
    type: 'DoubtRaised',
    group,
    label: t('citation.doubt', {
      event: t('event.DoubtRaised'),
      party: d.raisedBy.name,
      date: dateOf(d.raisedOn),
      about: d.citation.label,
      status: d.statusLabel,
    }),
  }));
}

function costShareRecords(t: Translate, project: CitableSources['projects'][number]): CitableRecord[] {
  const group = t('citation.project', { name: project.name });
  return project.decisions.map((d) => ({
    streamId: d.event.streamId,
    eventId: d.event.eventId,
    type: d.kind === 'revision' ? 'CostShareRevised' : 'CostShareDecided',
    group,
    label: t('citation.costShare', {
      event: t(d.kind === 'revision' ? 'event.CostShareRevised' : 'event.CostShareDecided'),
      year: fiscalYearLabel(d.fiscalYear),
      date: dateOf(d.decidedOn),
    }),
  }));
}

/** Every record the sources offer, agreements first (their proceedings, then their doubts), then projects. */
export function citableRecords(t: Translate, sources: CitableSources): CitableRecord[] {
  return [
    ...sources.agreements.flatMap((a) => proceedingRecords(t, a)),
    ...sources.agreements.flatMap((a) => doubtRecords(t, a)),
    ...sources.projects.flatMap((p) => costShareRecords(t, p)),
  ];
}

/** The records an outcome of this kind may cite; none for a kind the API does not know. */
export function citableFor(kind: string, records: readonly CitableRecord[]): CitableRecord[] {
  if (!(kind in CITABLE)) return [];
  const rule = CITABLE[kind as OutcomeKind];
  return records.filter(
    (r) =>
      (rule.streamPrefix === undefined || r.streamId.startsWith(rule.streamPrefix)) &&
      (rule.types === undefined || rule.types.includes(r.type)),
  );
}

/** Records grouped for a <select>'s optgroups, in the order given. */
export function groupRecords(
  records: readonly CitableRecord[],
): { group: string; records: CitableRecord[] }[] {
  const groups: { group: string; records: CitableRecord[] }[] = [];
  for (const r of records) {
    const last = groups.find((g) => g.group === r.group);
    if (last === undefined) groups.push({ group: r.group, records: [r] });
    else last.records.push(r);
  }
  return groups;
}

/**
 * A recorded outcome's citation by name: the record among those read, else its kind of event
 * (a record the reader may not see, such as a doubt without a token).
 */
export function citedRecordName(
  t: Translate,
  records: readonly CitableRecord[],
  cites: { streamId: string; eventId: string; type: string },
): string {
  const found = records.find((r) => r.streamId === cites.streamId && r.eventId === cites.eventId);
  return found === undefined ? t(eventTypeKey(cites.type)) : `${found.group} ${found.label}`;
}
