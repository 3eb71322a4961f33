import type { AgreementHistory, AgreementVersion } from '@kyoyaku/domain';
import {
  effectiveDateClauseOf,
  enactmentLabel,
  renderConsolidatedText,
  type Enactments,
  type RenderStyle,
} from '@kyoyaku/legal-text';

/**
 * What the 例規集 form prints besides the text of `version` (the text in force from its 施行日), from
 * the 沿革: the original's conclusion and 甲's 告示, and each amendment dissolved into that text — the
 * versions up to it in 施行日 order — with its conclusion, 甲's 告示 and its 附則, in conclusion order.
 * As the history given knows them: a history replayed as of a moment gives what was known then.
 */
export function enactmentsOf(history: AgreementHistory, version: AgreementVersion): Enactments {
  const index = history.versions.findIndex((v) => v.number === version.number);
  if (index < 0) throw new RangeError(`version ${version.number} is not in the history given`);
  const original = history.versions.find((v) => v.kind === 'conclusion');
  if (original === undefined) throw new RangeError('the history has no conclusion');
  const amendments = history.versions
    .slice(0, index + 1)
    .filter((v) => v.kind === 'amendment')
    .sort((a, b) => a.number - b.number);
  return {
    enactedOn: original.concludedOn,
    ...(original.notices.core === undefined ? {} : { notice: original.notices.core }),
    amendments: amendments.map((v) => ({
      concludedOn: v.concludedOn,
      ...(v.notices.core === undefined ? {} : { notice: v.notices.core }),
      clause: effectiveDateClauseOf(v.concludedOn, v.effectiveFrom),
    })),
  };
}

/** The text of `version` in 例規集 form. */
export function consolidatedTextOf(
  history: AgreementHistory,
  version: AgreementVersion,
  style: RenderStyle,
): string {
  return renderConsolidatedText(version.document, enactmentsOf(history, version), style);
}

/** A version's entry in the 沿革: 「令和3年3月25日一部変更（令和3年4月1日施行）」, 未施行 marked when asked. */
export function versionLabel(
  version: Pick<AgreementVersion, 'kind' | 'concludedOn' | 'effectiveFrom'>,
  notYetInForce = false,
): string {
  return enactmentLabel({
    kind: version.kind,
    concludedOn: version.concludedOn,
    effectiveOn: version.effectiveFrom,
    notYetInForce,
  });
}
