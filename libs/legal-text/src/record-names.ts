/**
 * The Japanese names of the ledger's records (its event types) as the history shows them and a
 * refusal cites them. One table for the server and the web application: the web bundles this
 * library but never the domain, and the domain names a record in a refusal the same way.
 */
export const EVENT_TYPE_NAMES = {
  AgreementOpened: '協約案の登録',
  ProceedingOpened: '手続の開始',
  DraftRecorded: '案の記録',
  CouncilResolutionRecorded: '議会の議決',
  ProceedingConcluded: '締結',
  PublicNoticeRecorded: '告示',
  GovernorNotificationRecorded: '届出',
  ProceedingCompleted: '手続の完了',
  ProceedingWithdrawn: '手続の取下げ',
  RecordCorrected: '誤記訂正',
  RegionDeclared: '連携中枢都市宣言',
  VisionAdopted: '都市圏ビジョンの策定',
  RecommendationRecorded: '勧告',
  ProjectRegistered: '事業の登録',
  CostShareDecided: '費用分担の決定',
  CostShareRevised: '費用分担の改定',
  CostShareSettled: '費用分担の決算',
  ConsultationScheduled: '協議の予定',
  ConsultationHeld: '協議の開催',
  ConsultationPostponed: '協議の延期',
  ConsultationCancelled: '協議の中止',
  DoubtRaised: '疑義の提起',
  DoubtDiscussedAtConsultation: '疑義の協議への付議',
  DoubtResolved: '疑義の解決',
  DoubtWithdrawn: '疑義の取下げ',
  DisputeApplicationFiled: '自治紛争処理委員による処理の申請',
  DisputeCommissionersAppointed: '自治紛争処理委員の任命',
  DisputeApplicationWithdrawn: '処理の申請の取下げ',
  SettlementProposalPresented: '処理方策の提示',
  SettlementProposalNotified: '処理方策の通知',
  SettlementProposalPublished: '処理方策の公表',
  SettlementProposalResponded: '処理方策に対する回答',
  DisputeConcluded: '自治紛争処理の終了',
} as const satisfies Record<string, string>;

export type NamedEventType = keyof typeof EVENT_TYPE_NAMES;

/** A type this table names (never a name every object has, such as `toString`). */
export function isNamedEventType(type: string): type is NamedEventType {
  return Object.hasOwn(EVENT_TYPE_NAMES, type);
}

/** The name of an event type; one this table does not know (a newer server) is 「その他の記録」. */
export function eventTypeName(type: string): string {
  return isNamedEventType(type) ? EVENT_TYPE_NAMES[type] : 'その他の記録';
}
