import {
  CONSULTATION_KIND_NAMES,
  CONSULTATION_STATUS_NAMES,
  fiscalYearLabel,
  OUTCOME_KIND_NAMES,
} from '@kyoyaku/domain';
import type { ConsultationView } from '@kyoyaku/projections';
import { type CsvCell, toCsv } from '../http/csv';

const HEADER = [
  '協議ID',
  '年度',
  '年度（和暦）',
  '区分',
  '状態',
  '当初の開催予定日',
  '開催予定日',
  '開催日',
  '参加団体',
  '出席者',
  '議題',
  '協議の結果',
  '延期・中止の理由',
  '最終のイベントの位置',
];

/** The consultation register, one row per consultation; lists inside a cell are separated by line breaks. */
export function consultationsCsv(views: readonly ConsultationView[]): string {
  const rows = views.map((v): CsvCell[] => [
    v.consultationId,
    v.fiscalYear,
    fiscalYearLabel(v.fiscalYear),
    CONSULTATION_KIND_NAMES[v.kind],
    CONSULTATION_STATUS_NAMES[v.status],
    v.originallyScheduledOn,
    v.scheduledOn,
    v.heldOn,
    v.parties.map((p) => `${p.name}（${p.code}）`).join('\n'),
    v.attendees
      .map((a) => `${a.municipalityName} ${a.title}${a.name === undefined ? '' : ` ${a.name}`}`)
      .join('\n'),
    v.agenda.join('\n'),
    v.outcomes.map((o) => `［${OUTCOME_KIND_NAMES[o.kind]}］${o.summary}`).join('\n'),
    [
      ...v.postponements.map((p) => `延期（${p.postponedOn}）: ${p.reason}`),
      ...(v.cancellation === null ? [] : [`中止（${v.cancellation.cancelledOn}）: ${v.cancellation.reason}`]),
    ].join('\n'),
    BigInt(v.lastPosition),
  ]);
  return toCsv(HEADER, rows);
}
