import {
  CONSULTATION_KIND_NAMES,
  NOTIFICATION_RECIPIENT_NAMES,
  PROCEEDING_KIND_NAMES,
  type ProceedingStatus,
  RESPONSE_STANCE_NAMES,
  roleName,
  type DisputeStepEvidence,
} from '@kyoyaku/domain';
import { escapeHtml, eventTypeName, isLegalDate, type Segment, toWareki } from '@kyoyaku/legal-text';
import { CONSULTATION_CITATION_KIND_NAMES } from '@kyoyaku/projections';
import type {
  CitedTextAt,
  Dossier,
  DossierApplication,
  DossierEventRef,
  DossierStepOutsideTheParties,
  LaterEffect,
} from './dossier.types';

const SPACE = '　';

const STYLE = `
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
html { font-family: "Noto Serif CJK JP", "Noto Serif JP", "IPAmincho", "IPA明朝", "IPAexMincho", "Yu Mincho", "Hiragino Mincho ProN", serif; font-size: 10.5pt; line-height: 1.7; color: #000; background: #fff; }
body { margin: 0; }
h1 { font-size: 15pt; font-weight: bold; text-align: center; margin: 0 0 2mm; letter-spacing: 0.1em; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; padding-bottom: 0.5mm; border-bottom: 0.75pt solid #000; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1.5mm; }
.kd-sub { text-align: center; margin: 0 0 4mm; }
.kd-note { font-size: 9pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 1mm 0 2mm; }
th, td { border: 0.5pt solid #000; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
th { font-weight: normal; background: #f2f2f2; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.kd-facts th { width: 28%; }
.kd-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
u { text-decoration: underline; text-decoration-thickness: 0.08em; text-underline-offset: 0.18em; }
.kd-differs { font-weight: bold; }
.kd-mono { font-family: "Noto Sans Mono CJK JP", "DejaVu Sans Mono", monospace; font-size: 7.5pt; white-space: pre-wrap; word-break: break-all; margin: 0; }
ol.kd-timeline { padding-left: 6mm; margin: 0; }
ol.kd-timeline li { margin: 0 0 1mm; break-inside: avoid; }
`.trim();

const e = escapeHtml;

/** 2022-04-12（令和4年4月12日）: ISO and 和暦 side by side. */
function date(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return isLegalDate(value) ? `${e(value)}（${e(toWareki(value))}）` : e(value);
}

/** An instant with its date in Japan in 和暦. */
function instant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return e(value);
  const japanDay = new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
  return `${e(value)}（${e(toWareki(japanDay))}）`;
}

/** 青森市（022012） for a party's code. */
function partyName(d: Dossier, code: string): string {
  const party = [d.agreement.coreCity, d.agreement.partner].find((p) => p.code === code);
  return party === undefined ? e(code) : `${e(party.name)}（${e(code)}）`;
}

function segments(list: readonly Segment[]): string {
  return list
    .map((s) => {
      if (!s.changed) return e(s.text);
      if (s.text === '') return `<u>${SPACE.repeat(Math.max(1, s.width ?? 1))}</u>`;
      return `<u>${e(s.text)}</u>`;
    })
    .join('');
}

function eventLine(ref: DossierEventRef): string {
  const detail = ref.detail === undefined ? '' : `<br><span class="kd-note">理由等：${e(ref.detail)}</span>`;
  return `${e(ref.summary)}<br><span class="kd-note">位置 ${e(ref.position)}・${e(eventTypeName(ref.type))}・記録 ${instant(ref.recordedAt)}</span>${detail}`;
}

function eventsTable(refs: readonly DossierEventRef[], empty: string): string {
  if (refs.length === 0) return `<p>${e(empty)}</p>`;
  const rows = refs.map((r) => `<tr><td>${eventLine(r)}</td></tr>`).join('');
  return `<table>${rows}</table>`;
}

function versionCell(side: CitedTextAt | null, label: string): string {
  if (side === null) return `<td><p>${e(label)}：施行されている版なし</p></td>`;
  const retro = side.retroactive === undefined ? '' : `（遡及適用：${e(side.retroactive.reason)}）`;
  return (
    `<td><p>第${side.versionNumber}版（施行日 ${date(side.effectiveFrom)}）${retro}</p>` +
    `<p class="kd-note">台帳の位置 ${e(side.ledgerPosition)} まで（${instant(side.ledgerRecordedAt)}）の記録による</p></td>`
  );
}

function textCell(text: string | null, marked: readonly Segment[] | null): string {
  if (text === null) return '<td><p>（この版に該当する条項・施策はない）</p></td>';
  if (text === '') return '<td><p>（定めのない事項：引用する条項はない）</p></td>';
  return `<td><p class="kd-text">${marked === null ? e(text) : segments(marked)}</p></td>`;
}

const EFFECT_NAMES: Readonly<Record<LaterEffect, string>> = {
  'text-changed': '引用箇所の文言を変更',
  'amendment-proposed': '引用箇所に係る変更案',
  'proposal-withdrawn': '引用箇所に係る変更案の取下げ',
  abolished: '協約の廃止',
  correction: '関係する手続の誤記訂正',
};

/** 「根拠文書 青森県指令市第100号（2024-07-01（令和6年7月1日）付け）」 */
function evidenceLine(evidence: DisputeStepEvidence | null): string {
  return evidence === null
    ? '根拠文書の記録なし（文書の記録を要しなかった時期の記録）'
    : `根拠文書 ${e(evidence.documentNumber)}（${date(evidence.documentDate)}付け）`;
}

/** Who took a step outside the parties, the document that proves it, and who recorded it. */
function stepNote(step: DossierStepOutsideTheParties | undefined): string {
  if (step === undefined) return '';
  const who = step.recordedBy;
  const recorder = `${e(roleName(who.role))}（${e(who.id)}${who.municipalityCode === undefined ? '' : `、${e(who.municipalityCode)}`}）`;
  return `<p class="kd-note">${e(step.takenBy)}の手続・${evidenceLine(step.evidence)}・記録者 ${recorder}</p>`;
}

function applicationSection(a: DossierApplication): string {
  const stepOf = (name: DossierStepOutsideTheParties['step']) =>
    stepNote(a.stepsOutsideTheParties.find((s) => s.step === name));
  const rows: [string, string][] = [
    [
      '申請',
      `${date(a.appliedOn)}${SPACE}${e(a.applicant.name)}（${e(a.applicant.code)}）→ ${e(NOTIFICATION_RECIPIENT_NAMES[a.recipient])}`,
    ],
    ['文書番号', e(a.documentNumber)],
    ['申請の要旨', `<p class="kd-text">${e(a.summary)}</p>`],
  ];
  if (a.appointment !== undefined) {
    rows.push([
      '自治紛争処理委員の任命',
      `${date(a.appointment.appointedOn)}${SPACE}${a.appointment.commissioners.map((c) => `${e(c.name)}（${e(c.title)}）`).join('、')}${stepOf('appointment')}`,
    ]);
  }
  if (a.withdrawal !== undefined) {
    rows.push([
      '申請の取下げ',
      `${date(a.withdrawal.withdrawnOn)}（同意 ${date(a.withdrawal.consentedOn)}）${SPACE}${e(a.withdrawal.reason)}`,
    ]);
  }
  const p = a.proposal;
  if (p !== undefined) {
    rows.push([
      '処理方策の提示',
      `${date(p.presentedOn)}${p.decidedOn === undefined ? '' : `（合議 ${date(p.decidedOn)}）`}${stepOf('proposal-presented')}<p class="kd-text">${e(p.proposal)}</p>`,
    ]);
    rows.push([
      '通知',
      p.notifiedOn === undefined ? '未記録' : `${date(p.notifiedOn)}${stepOf('proposal-notified')}`,
    ]);
    rows.push([
      '公表',
      p.publishedOn === undefined
        ? '未記録'
        : `${date(p.publishedOn)}${SPACE}${e(p.medium ?? '')}${stepOf('proposal-published')}`,
    ]);
    for (const r of Object.values(p.responses)) {
      rows.push([
        `回答（${e(r.respondent.name)}）`,
        `${date(r.respondedOn)}${SPACE}${e(RESPONSE_STANCE_NAMES[r.stance])}<p class="kd-text">${e(r.statement)}</p>`,
      ]);
    }
  }
  if (a.conclusion !== undefined) {
    rows.push([
      '結果',
      `${date(a.conclusion.concludedOn)}${SPACE}${a.conclusion.outcome === 'settled' ? '双方が処理方策を受け入れ解決' : '処理方策を受け入れない当事者あり（処理方策は尊重義務を伴うが拘束力はない）'}`,
    ]);
  }
  return `<h3>第${a.applicationNumber}次申請</h3>${factsTable(rows)}`;
}

const PROCEEDING_STATUS_NAMES: Readonly<Record<ProceedingStatus, string>> = {
  negotiating: '協議中',
  concluded: '締結済み',
  withdrawn: '取下げ',
};

function factsTable(rows: readonly (readonly [string, string])[]): string {
  return `<table class="kd-facts">${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

/** Named by its kind and date, as the consultations register names it (the id only when unknown). */
function consultationName(d: Dossier, consultationId: string): string {
  const r = d.consultations.find((c) => c.consultationId === consultationId)?.register ?? null;
  return r === null
    ? `協議「${e(consultationId)}」`
    : `${e(CONSULTATION_KIND_NAMES[r.kind])}（${e(toWareki(r.scheduledOn))}）`;
}

function resolutionSection(d: Dossier): string {
  const r = d.resolution;
  if (r === null) return '<p>協議による解決の記録はありません。</p>';
  const rows: [string, string][] = [
    ['解決の日', date(r.resolvedOn)],
    ['協議', `${consultationName(d, r.consultationId)}（開催 ${date(r.consultationHeldOn)}）`],
    ['合意した当事者', r.agreedBy.map((code) => partyName(d, code)).join('・')],
    ['解決の内容', `<p class="kd-text">${e(r.resolution)}</p>`],
  ];
  const p = r.followUpProceeding;
  if (p !== null) {
    const status = PROCEEDING_STATUS_NAMES[p.status];
    rows.push([
      '開始した変更手続',
      `${e(PROCEEDING_KIND_NAMES[p.kind])}手続（${e(status)}、開始 ${date(p.openedOn)}）${eventsTable(p.events, '')}`,
    ]);
  }
  return factsTable(rows);
}

/**
 * The dispute dossier as a printable HTML page: A4 portrait, a Japanese serif font stack, dates in ISO
 * with 和暦 beside them. Every string from the record is escaped.
 */
export function renderDossierHtml(d: Dossier): string {
  const c = d.citedProvision;
  const marked = c.difference;
  const title = `疑義・紛争記録（${d.doubt.doubtId}）`;
  const facts: [string, string][] = [
    ['協約', `${e(d.agreement.title)}（${e(d.agreement.agreementId)}）`],
    [
      '当事者',
      `甲 ${e(d.agreement.coreCity.name)}（${e(d.agreement.coreCity.code)}）・乙 ${e(d.agreement.partner.name)}（${e(d.agreement.partner.code)}）`,
    ],
    ['提起した当事者', `${e(d.doubt.raisedBy.name)}（${e(d.doubt.raisedBy.code)}）`],
    ['提起日', date(d.doubt.raisedOn)],
    ['引用', e(d.doubt.citation.label)],
    ['疑義の内容', `<p class="kd-text">${e(d.doubt.question)}</p>`],
    ['状態', e(d.doubt.statusLabel)],
    [
      '提起時に固定した版',
      `第${d.doubt.pinned.versionNumber}版（施行日 ${date(d.doubt.pinned.effectiveFrom)}）・台帳の位置 ${e(d.doubt.pinned.ledgerPosition)}`,
    ],
  ];
  const comparison = [
    '<table>',
    '<colgroup><col style="width:18%"><col style="width:41%"><col style="width:41%"></colgroup>',
    `<thead><tr><th></th><th>提起時の記録（当時）</th><th>現在の記録</th></tr></thead>`,
    `<tbody><tr><th>版</th>${versionCell(c.then, '当時')}${versionCell(c.now, '現在')}</tr>`,
    `<tr><th>${e(d.doubt.citation.label)}</th>${textCell(c.then?.text ?? null, marked?.then ?? null)}${textCell(c.now?.text ?? null, marked?.now ?? null)}</tr></tbody>`,
    '</table>',
    c.differs
      ? `<p class="kd-differs">当時の記録と現在の記録で、${date(c.asOf)}に施行されている文言が異なります（傍線部分）。その原因となった記録：</p>`
      : `<p>当時の記録と現在の記録で、引用箇所の文言は同じです${c.versionChanged ? '（施行されている版は異なります）' : ''}。</p>`,
    c.explainedBy.length > 0 ? eventsTable(c.explainedBy, '') : '',
    c.pinnedTextConfirmed
      ? ''
      : '<p class="kd-differs">注意：疑義の記録に固定した文言が台帳の再現と一致しません。</p>',
  ].join('\n');
  const laterRows = d.laterEvents.map(
    (l) =>
      `<tr><td>${e(EFFECT_NAMES[l.effect])}</td><td>${eventLine(l)}${
        l.citedTextAfter === undefined
          ? ''
          : `<p class="kd-text">${l.citedTextAfter === null ? '（削られた）' : e(l.citedTextAfter)}</p>`
      }</td></tr>`,
  );
  const consultations = d.consultations
    .map((k) => {
      const r = k.register;
      const roles = k.roles.map((x) => (x === 'resolution' ? '解決' : '付議')).join('・');
      const head =
        r === null
          ? '（協議の台帳に記録なし）'
          : `${e(CONSULTATION_KIND_NAMES[r.kind])}・予定 ${date(r.scheduledOn)}・開催 ${date(r.heldOn)}`;
      const cited = k.citedBy
        .map(
          (x) =>
            `<li>${e(x.summary)}（${e(CONSULTATION_CITATION_KIND_NAMES[x.kind])}、位置 ${e(x.position)}）</li>`,
        )
        .join('');
      const name = consultationName(d, k.consultationId);
      return `<h3>${name}（${e(roles)}）</h3><p>${head}</p>${eventsTable(k.events, '記録なし')}${cited === '' ? '' : `<p>この協議を引用する記録：</p><ul>${cited}</ul>`}`;
    })
    .join('\n');
  const resolution = resolutionSection(d);
  const withdrawal =
    d.withdrawal === null
      ? ''
      : `<p>取下げ：${date(d.withdrawal.withdrawnOn)}${SPACE}${e(d.withdrawal.reason)}</p>`;
  const proofs = d.integrity.proofs
    .map(
      (p) =>
        `<tr><td>${e(p.position)}</td><td>${e(eventTypeName(p.event.type))}<br><span class="kd-mono">${e(p.event.eventId)}</span></td><td><pre class="kd-mono">leaf ${e(p.leafHash)}\n${p.proof.map(e).join('\n')}</pre></td></tr>`,
    )
    .join('');
  const body = [
    `<header><h1>${e(title)}</h1>`,
    `<p class="kd-sub">作成 ${instant(d.generatedAt)}・台帳の大きさ ${e(d.ledgerSize)} 件の時点</p></header>`,
    '<h2>1　疑義の概要</h2>',
    factsTable(facts),
    `<h2>2${SPACE}引用箇所の文言（${date(c.asOf)}に施行されていたもの）</h2>`,
    comparison,
    '<h2>3　その後の関連する記録</h2>',
    laterRows.length === 0
      ? '<p>提起後に引用箇所に触れた記録はありません。</p>'
      : `<table><colgroup><col style="width:22%"><col></colgroup>${laterRows.join('')}</table>`,
    '<h2>4　協議・費用分担・解決</h2>',
    consultations === '' ? '<p>この疑義を取り上げた協議はありません。</p>' : consultations,
    d.costShareDecisions.length === 0
      ? ''
      : `<h3>これらの協議で決定された費用分担</h3><ul>${d.costShareDecisions.map((x) => `<li>${e(x.summary)}（位置 ${e(x.position)}）</li>`).join('')}</ul>`,
    '<h3>協議による解決</h3>',
    resolution,
    withdrawal,
    '<h2>5　紛争処理の手続（地方自治法第252条の2第7項、第251条の3の2）</h2>',
    d.escalation.length === 0
      ? ''
      : '<p class="kd-note">自治紛争処理委員の任命（知事又は総務大臣）並びに処理方策の提示・通知・公表（自治紛争処理委員）は当事者外の手続であり、事務局等がそれぞれを証する文書に基づいて記録しています。</p>',
    d.escalation.length === 0
      ? '<p>自治紛争処理委員による処理の申請はありません。</p>'
      : d.escalation.map(applicationSection).join('\n'),
    '<h2>6　経過</h2>',
    `<ol class="kd-timeline">${d.timeline.map((t) => `<li>${eventLine(t)}</li>`).join('')}</ol>`,
    '<h2>7　改ざんされていないことの証明</h2>',
    `<p>この記録が引用する ${d.integrity.proofs.length} 件のイベントは、いずれも次の署名付きチェックポイント（台帳 ${e(d.integrity.treeSize)} 件）に含まれます。</p>`,
    `<pre class="kd-mono">${e(d.integrity.checkpoint.note)}</pre>`,
    `<p>検証鍵 ID：<span class="kd-mono">${e(d.integrity.keyId)}</span></p>`,
    `<p class="kd-note">${e(d.integrity.howToVerify)}</p>`,
    `<table><colgroup><col style="width:10%"><col style="width:30%"><col></colgroup><thead><tr><th>位置</th><th>イベント</th><th>葉ハッシュと包含証明</th></tr></thead><tbody>${proofs}</tbody></table>`,
  ].join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="ja">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${e(title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
