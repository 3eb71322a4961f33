/**
 * Records as a clerk names them. A proceeding — its kind, the day it was opened and its latest 案:
 * 「変更（令和8年11月20日 第1案）」 — instead of its id, which stays in URLs only.
 */
import type { ProceedingKind } from '../api/api-types';
import type { Translate } from '../i18n/i18n';
import { PROCEEDING_KIND } from '../i18n/labels';
import { warekiOf } from './dates';

export function proceedingName(
  t: Translate,
  p: { kind: ProceedingKind; openedOn: string; drafts?: readonly { draftNumber: number }[] },
): string {
  const kind = t(PROCEEDING_KIND[p.kind]);
  const date = warekiOf(p.openedOn) || p.openedOn;
  const draft = p.drafts?.at(-1)?.draftNumber;
  return draft === undefined
    ? t('proceeding.name', { kind, date })
    : t('proceeding.nameWithDraft', { kind, date, n: draft });
}

/** A consultation by its kind and the day set for it: 「定期的な協議（令和8年12月10日）」. */
export function consultationName(t: Translate, c: { kind: string; scheduledOn: string }): string {
  const kind = c.kind === 'periodic' ? t('consultations.periodic') : t('consultations.other');
  return t('proceeding.name', { kind, date: warekiOf(c.scheduledOn) || c.scheduledOn });
}

/**
 * A doubt by who raised it and when: 「平内町が提起した疑義（令和2年5月20日）」, as its dossier is
 * titled. The id its raiser chose stays in the URL.
 */
export function doubtName(t: Translate, d: { raisedBy: { name: string }; raisedOn: string }): string {
  return t('doubt.name', { party: d.raisedBy.name, date: warekiOf(d.raisedOn) || d.raisedOn });
}
