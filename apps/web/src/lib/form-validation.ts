/**
 * The recording forms checked in the browser before anything is sent, with the API's own rules
 * (the request DTOs): required fields, real calendar dates, lengths, choices, provision numbers.
 * Each check names the request field it is about — the same name the API uses in errors[] — so a
 * message from either side lands next to the same input. The API checks everything again.
 */
import {
  isLegalDate,
  isMeasureRowReference,
  MEASURE_CATEGORIES,
  MEASURE_ID_PATTERN,
  readFiscalYear,
  readLegalDate,
  readProvisionNumber,
} from '@kyoyaku/legal-text';
import type { MessageKey } from '../i18n/messages';

export interface Issue {
  field: string;
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type Checked<T> = { ok: true; body: T } | { ok: false; issues: Issue[] };

/** Limits of the API's request DTOs. */
export const LIMITS = { shortText: 100, reason: 4000, text: 20_000, name: 1000, id: 100 } as const;

/** Ids the client may choose (agreements, proceedings, decisions, consultations, doubts): lower-case slugs. */
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Whole yen as the API takes them: digits, no sign, no leading zero, below 10^20. */
const YEN_PATTERN = /^(0|[1-9][0-9]{0,19})$/;

/** A population, usage figure or ratio weight: a non-negative integer in digits. */
const FIGURE_PATTERN = /^(0|[1-9][0-9]{0,29})$/;

export function isWholeYen(digits: string): boolean {
  return YEN_PATTERN.test(digits);
}

export function isFigure(digits: string): boolean {
  return FIGURE_PATTERN.test(digits);
}

/** 年度 the API accepts: 連携協約 exist since the 2014 amendment of 地方自治法. */
export const FISCAL_YEAR_RANGE = { earliest: 2014, latest: 9998 } as const;

/**
 * Digits as typed in Japan: full-width ０–９ become ASCII, and the separators of a written amount
 * (`1,000,000`, `１，０００`) and spaces are dropped. Anything else stays, so the check can refuse it.
 */
export function normalizeDigits(value: string): string {
  return value
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '');
}

/** The ISO date a date input reads as (2026-04-01, 令和8年4月1日, R8.4.1), or undefined. */
export function readDateInput(value: string): string | undefined {
  const read = readLegalDate(value);
  return read.ok ? read.value : undefined;
}

/** The western year a 年度 input reads as (2026, 2026年度, 令和8年度, 令和8, R8), or undefined. */
export function readFiscalYearInput(value: string): number | undefined {
  const read = readFiscalYear(value);
  return read.ok ? read.value : undefined;
}

/** Checks the inputs of one form, collecting an issue per wrong field. */
export class Checker {
  readonly issues: Issue[] = [];

  add(field: string, key: MessageKey, params?: Record<string, string | number>): void {
    this.issues.push({ field, key, ...(params === undefined ? {} : { params }) });
  }

  /** A date as staff write it (2026-04-01, 令和8年4月1日, R8.4.1), sent as the ISO date it reads as. */
  date(field: string, value: string): string {
    if (value.trim() === '') {
      this.add(field, 'validation.required');
      return value;
    }
    const read = readDateInput(value);
    if (read === undefined) this.add(field, 'validation.date');
    return read ?? value;
  }

  text(field: string, value: string, max: number): string {
    if (value.trim() === '') this.add(field, 'validation.required');
    else if (value.length > max) this.add(field, 'validation.tooLong', { max });
    return value;
  }

  optionalText(field: string, value: string, max: number): string | undefined {
    if (value.trim() === '') return undefined;
    if (value.length > max) this.add(field, 'validation.tooLong', { max });
    return value;
  }

  choice<T extends string>(field: string, value: string, allowed: readonly T[]): T {
    const found = allowed.find((a) => a === value);
    if (found === undefined) this.add(field, 'validation.choose');
    return found ?? (allowed[0] as T);
  }

  /** A number as staff write it (第3条の2, 第1号の2, 3の2, 3-2), sent in the canonical form ("3-2"). */
  provisionNumber(field: string, value: string, unit: '条' | '号' = '条'): string {
    if (value.trim() === '') {
      this.add(field, 'validation.required');
      return value;
    }
    const read = readProvisionNumber(value, unit);
    if (!read.ok) this.add(field, 'validation.provisionNumber');
    return read.ok ? read.value : value;
  }

  optionalProvisionNumber(field: string, value: string, unit: '条' | '号' = '条'): string | undefined {
    if (value.trim() === '') return undefined;
    return this.provisionNumber(field, value, unit);
  }

  optionalPositiveInteger(field: string, value: string): number | undefined {
    if (value.trim() === '') return undefined;
    if (!/^[1-9]\d{0,3}$/.test(value)) {
      this.add(field, 'validation.positiveInteger');
      return undefined;
    }
    return Number(value);
  }

  /** An optional client-chosen id (a lower-case slug), or undefined when left empty. */
  optionalId(field: string, value: string): string | undefined {
    const id = value.trim();
    if (id === '') return undefined;
    if (!ID_PATTERN.test(id)) this.add(field, 'validation.id');
    return id;
  }

  /** Whole yen, as digits (full-width digits and separators accepted and removed). */
  yen(field: string, value: string): string {
    const digits = normalizeDigits(value);
    if (digits === '') this.add(field, 'validation.required');
    else if (!isWholeYen(digits)) this.add(field, 'validation.yen');
    return digits;
  }

  /** A non-negative integer figure (a weight, a population, a count), as digits. */
  figure(field: string, value: string): string {
    const digits = normalizeDigits(value);
    if (digits === '') this.add(field, 'validation.required');
    else if (!isFigure(digits)) this.add(field, 'validation.figure');
    return digits;
  }

  /** A 年度 as staff write it (2026, 2026年度, 令和8年度, 令和8, R8), sent as the western year. */
  fiscalYear(field: string, value: string): number {
    if (value.trim() === '') {
      this.add(field, 'validation.required');
      return Number.NaN;
    }
    const year = readFiscalYearInput(value) ?? Number.NaN;
    if (Number.isNaN(year) || year < FISCAL_YEAR_RANGE.earliest || year > FISCAL_YEAR_RANGE.latest)
      this.add(field, 'validation.fiscalYear', { ...FISCAL_YEAR_RANGE });
    return year;
  }

  /** Lines of a textarea as a list (agenda items): blank lines dropped, each within `max`. */
  lines(field: string, value: string, max: number, most: number): string[] {
    const lines = value
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (lines.length === 0) this.add(field, 'validation.required');
    else if (lines.length > most) this.add(field, 'validation.tooManyLines', { max: most });
    else if (lines.some((line) => line.length > max)) this.add(field, 'validation.lineTooLong', { max });
    return lines;
  }

  measureId(field: string, value: string): string {
    if (value.trim() === '') this.add(field, 'validation.required');
    else if (value.length > LIMITS.id || !MEASURE_ID_PATTERN.test(value))
      this.add(field, 'validation.measureId');
    return value;
  }

  /** A measure of the text amended: its id (m04) or its row as printed (別表(4), (4)); the API reads rows. */
  measureReference(field: string, value: string): string {
    if (isMeasureRowReference(value)) return value.trim();
    return this.measureId(field, value);
  }

  result<T>(body: T): Checked<T> {
    return this.issues.length === 0 ? { ok: true, body } : { ok: false, issues: this.issues };
  }
}

const PARTIES = ['core', 'partner'] as const;

// --- 議会の議決 ------------------------------------------------------------------------------

export interface CouncilResolutionValues {
  party: string;
  decision: string;
  resolvedOn: string;
  resolutionNumber: string;
}

export interface CouncilResolutionBody {
  party: 'core' | 'partner';
  decision: 'approved' | 'rejected';
  resolvedOn: string;
  resolutionNumber?: string;
}

export function checkCouncilResolution(v: CouncilResolutionValues): Checked<CouncilResolutionBody> {
  const c = new Checker();
  const party = c.choice('party', v.party, PARTIES);
  const decision = c.choice('decision', v.decision, ['approved', 'rejected'] as const);
  const resolvedOn = c.date('resolvedOn', v.resolvedOn);
  const resolutionNumber = c.optionalText('resolutionNumber', v.resolutionNumber, LIMITS.shortText);
  return c.result({
    party,
    decision,
    resolvedOn,
    ...(resolutionNumber === undefined ? {} : { resolutionNumber }),
  });
}

// --- 締結 ------------------------------------------------------------------------------------

export interface ConclusionValues {
  concludedOn: string;
  effectiveOn: string;
  coreTitle: string;
  coreName: string;
  partnerTitle: string;
  partnerName: string;
  retroactiveReason: string;
}

export interface ConclusionBody {
  concludedOn: string;
  effectiveOn: string;
  signatories: { core: { title: string; name: string }; partner: { title: string; name: string } };
  retroactive?: { reason: string };
}

export function checkConclusion(v: ConclusionValues): Checked<ConclusionBody> {
  const c = new Checker();
  const concludedOn = c.date('concludedOn', v.concludedOn);
  const effectiveOn = c.date('effectiveOn', v.effectiveOn);
  const signatories = {
    core: {
      title: c.text('signatories.core.title', v.coreTitle, LIMITS.shortText),
      name: c.text('signatories.core.name', v.coreName, LIMITS.shortText),
    },
    partner: {
      title: c.text('signatories.partner.title', v.partnerTitle, LIMITS.shortText),
      name: c.text('signatories.partner.name', v.partnerName, LIMITS.shortText),
    },
  };
  // 遡及: a 施行日 before the conclusion needs its reason on record.
  const retroactive = isLegalDate(concludedOn) && isLegalDate(effectiveOn) && effectiveOn < concludedOn;
  if (retroactive) c.text('retroactive.reason', v.retroactiveReason, LIMITS.reason);
  return c.result({
    concludedOn,
    effectiveOn,
    signatories,
    ...(retroactive ? { retroactive: { reason: v.retroactiveReason } } : {}),
  });
}

// --- 告示 ------------------------------------------------------------------------------------

export interface PublicNoticeValues {
  party: string;
  noticeNumber: string;
  publishedOn: string;
}

export interface PublicNoticeBody {
  party: 'core' | 'partner';
  noticeNumber: string;
  publishedOn: string;
}

export function checkPublicNotice(v: PublicNoticeValues): Checked<PublicNoticeBody> {
  const c = new Checker();
  return c.result({
    party: c.choice('party', v.party, PARTIES),
    noticeNumber: c.text('noticeNumber', v.noticeNumber, LIMITS.shortText),
    publishedOn: c.date('publishedOn', v.publishedOn),
  });
}

// --- 届出 ------------------------------------------------------------------------------------

export interface GovernorNotificationValues {
  /** `joint` (甲乙連名), `core` or `partner`. */
  filedBy: string;
  documentNumber: string;
  notifiedOn: string;
}

export interface GovernorNotificationBody {
  filedBy: ('core' | 'partner')[];
  documentNumber: string;
  notifiedOn: string;
}

const FILERS = { joint: ['core', 'partner'], core: ['core'], partner: ['partner'] } as const;

export function checkGovernorNotification(v: GovernorNotificationValues): Checked<GovernorNotificationBody> {
  const c = new Checker();
  const filedBy = c.choice('filedBy', v.filedBy, ['joint', 'core', 'partner'] as const);
  return c.result({
    filedBy: [...FILERS[filedBy]],
    documentNumber: c.text('documentNumber', v.documentNumber, LIMITS.shortText),
    notifiedOn: c.date('notifiedOn', v.notifiedOn),
  });
}

// --- 変更案 (改正の操作) -------------------------------------------------------------------------

export const OPERATION_KINDS = [
  'replaceWords',
  'insertParagraph',
  'deleteProvision',
  'addMeasure',
  'reviseMeasure',
  'removeMeasure',
  'changeMeasureRole',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const TEXT_TARGETS = ['provision', 'caption', 'title', 'preamble', 'supplementaryProvisions'] as const;
export type TextTargetKind = (typeof TEXT_TARGETS)[number];

/** One operation as the form holds it: every input is a string; `op` decides which ones count. */
export interface OperationValues {
  op: OperationKind;
  target: TextTargetKind;
  article: string;
  paragraph: string;
  item: string;
  from: string;
  to: string;
  occurrence: string;
  after: string;
  text: string;
  leaveDeletedMarker: boolean;
  measureId: string;
  category: string;
  name: string;
  content: string;
  party: string;
  role: string;
  roleCore: string;
  rolePartner: string;
}

export function emptyOperation(op: OperationKind = 'replaceWords'): OperationValues {
  return {
    op,
    target: 'provision',
    article: '',
    paragraph: '',
    item: '',
    from: '',
    to: '',
    occurrence: '',
    after: '',
    text: '',
    leaveDeletedMarker: false,
    measureId: '',
    category: '',
    name: '',
    content: '',
    party: '',
    role: '',
    roleCore: '',
    rolePartner: '',
  };
}

/** The request field (as the API names it in errors[]) of each input of operation `index`. */
export function operationFieldNames(v: OperationValues, index: number): Record<string, string> {
  const at = (path: string) => `operations.${index}.${path}`;
  switch (v.op) {
    case 'replaceWords':
      return {
        target: at('target.kind'),
        article: at(v.target === 'provision' ? 'target.path.article' : 'target.article'),
        paragraph: at(v.target === 'provision' ? 'target.path.paragraph' : 'target.paragraph'),
        item: at('target.path.item'),
        from: at('from'),
        to: at('to'),
        occurrence: at('occurrence'),
      };
    case 'insertParagraph':
      return { article: at('article'), after: at('after'), text: at('text') };
    case 'deleteProvision':
      return {
        article: at('path.article'),
        paragraph: at('path.paragraph'),
        item: at('path.item'),
        leaveDeletedMarker: at('leaveDeletedMarker'),
      };
    case 'addMeasure':
      return {
        measureId: at('measure.id'),
        category: at('measure.category'),
        name: at('measure.name'),
        content: at('measure.content'),
        roleCore: at('measure.roles.core'),
        rolePartner: at('measure.roles.partner'),
        after: at('after'),
      };
    case 'reviseMeasure':
      return {
        measureId: at('id'),
        name: at('changes.name'),
        content: at('changes.content'),
        category: at('changes.category'),
        changes: at('changes'),
      };
    case 'removeMeasure':
      return { measureId: at('id') };
    case 'changeMeasureRole':
      return { measureId: at('id'), party: at('party'), role: at('role') };
  }
}

function field(names: Record<string, string>, input: string): string {
  return names[input] ?? input;
}

function checkOperation(c: Checker, v: OperationValues, index: number): Record<string, unknown> {
  const f = (input: string) => field(operationFieldNames(v, index), input);
  switch (v.op) {
    case 'replaceWords': {
      const target = checkTarget(c, v, f);
      const from = c.text(f('from'), v.from, LIMITS.text);
      if (v.to.length > LIMITS.text) c.add(f('to'), 'validation.tooLong', { max: LIMITS.text });
      if (from !== '' && from === v.to) c.add(f('to'), 'validation.sameText');
      let occurrence: number | 'all' | undefined;
      if (v.occurrence === 'all') occurrence = 'all';
      else occurrence = c.optionalPositiveInteger(f('occurrence'), v.occurrence);
      return {
        op: 'replaceWords',
        target,
        from,
        to: v.to,
        ...(occurrence === undefined ? {} : { occurrence }),
      };
    }
    case 'insertParagraph': {
      const article = c.provisionNumber(f('article'), v.article);
      const after = c.optionalPositiveInteger(f('after'), v.after) ?? null;
      const text = c.text(f('text'), v.text, LIMITS.text);
      return { op: 'insertParagraph', article, after, text, items: [] };
    }
    case 'deleteProvision':
      return {
        op: 'deleteProvision',
        path: checkPath(c, v, f),
        leaveDeletedMarker: v.leaveDeletedMarker,
      };
    case 'addMeasure': {
      const measure = {
        id: c.measureId(f('measureId'), v.measureId),
        category: c.choice(f('category'), v.category, MEASURE_CATEGORIES),
        name: c.text(f('name'), v.name, LIMITS.name),
        content: c.text(f('content'), v.content, LIMITS.text),
        roles: {
          core: c.text(f('roleCore'), v.roleCore, LIMITS.text),
          partner: c.text(f('rolePartner'), v.rolePartner, LIMITS.text),
        },
      };
      const after = v.after.trim() === '' ? undefined : c.measureReference(f('after'), v.after);
      return { op: 'addMeasure', measure, ...(after === undefined ? {} : { after }) };
    }
    case 'reviseMeasure': {
      const id = c.measureReference(f('measureId'), v.measureId);
      const name = c.optionalText(f('name'), v.name, LIMITS.name);
      const content = c.optionalText(f('content'), v.content, LIMITS.text);
      const category =
        v.category === '' ? undefined : c.choice(f('category'), v.category, MEASURE_CATEGORIES);
      if (name === undefined && content === undefined && category === undefined) {
        c.add(f('changes'), 'validation.measureChanges');
      }
      return {
        op: 'reviseMeasure',
        id,
        changes: {
          ...(name === undefined ? {} : { name }),
          ...(content === undefined ? {} : { content }),
          ...(category === undefined ? {} : { category }),
        },
      };
    }
    case 'removeMeasure':
      return { op: 'removeMeasure', id: c.measureReference(f('measureId'), v.measureId) };
    case 'changeMeasureRole':
      return {
        op: 'changeMeasureRole',
        id: c.measureReference(f('measureId'), v.measureId),
        party: c.choice(f('party'), v.party, PARTIES),
        role: c.text(f('role'), v.role, LIMITS.text),
      };
  }
}

function checkPath(c: Checker, v: OperationValues, f: (input: string) => string): Record<string, unknown> {
  const article = c.provisionNumber(f('article'), v.article);
  const paragraph = c.optionalPositiveInteger(f('paragraph'), v.paragraph);
  const item = c.optionalProvisionNumber(f('item'), v.item, '号');
  if (item !== undefined && paragraph === undefined) c.add(f('item'), 'validation.itemNeedsParagraph');
  return {
    article,
    ...(paragraph === undefined ? {} : { paragraph }),
    ...(item === undefined ? {} : { item }),
  };
}

function checkTarget(c: Checker, v: OperationValues, f: (input: string) => string): Record<string, unknown> {
  const kind = c.choice(f('target'), v.target, TEXT_TARGETS);
  switch (kind) {
    case 'provision':
      return { kind, path: checkPath(c, v, f) };
    case 'caption':
      return { kind, article: c.provisionNumber(f('article'), v.article) };
    case 'supplementaryProvisions': {
      const paragraph = c.optionalPositiveInteger(f('paragraph'), v.paragraph);
      return { kind, ...(paragraph === undefined ? {} : { paragraph }) };
    }
    case 'title':
    case 'preamble':
      return { kind };
  }
}

export interface AmendmentValues {
  proceedingId: string;
  draftedOn: string;
  operations: OperationValues[];
}

export interface AmendmentBody {
  kind: 'amendment';
  proceedingId?: string;
  draftedOn: string;
  operations: Record<string, unknown>[];
}

export function checkAmendment(v: AmendmentValues): Checked<AmendmentBody> {
  const c = new Checker();
  const proceedingId = v.proceedingId.trim() === '' ? undefined : v.proceedingId;
  if (proceedingId !== undefined && !ID_PATTERN.test(proceedingId)) c.add('proceedingId', 'validation.id');
  const draftedOn = c.date('draftedOn', v.draftedOn);
  if (v.operations.length === 0) c.add('operations', 'validation.operationsRequired');
  const operations = v.operations.map((operation, index) => checkOperation(c, operation, index));
  return c.result({
    kind: 'amendment',
    ...(proceedingId === undefined ? {} : { proceedingId }),
    draftedOn,
    operations,
  });
}

/** Browser issues grouped by field, in the same shape as the API's placed errors. */
export function issuesByField(issues: readonly Issue[]): Record<string, Issue[]> {
  const byField: Record<string, Issue[]> = {};
  for (const issue of issues) (byField[issue.field] ??= []).push(issue);
  return byField;
}
