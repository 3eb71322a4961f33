/**
 * The agreement aggregate as a decider (DESIGN.md §2.1, §3): `decide(command, state)` returns the new
 * events or throws a DomainError naming the broken rule; `evolve(state, event)` folds one event;
 * `initialState()` is the empty stream.
 *
 * Proceedings. The agreement itself (締結), each amendment (変更) and the abolition (廃止) is a
 * proceeding with the same steps (「前三項の例により」):
 *   draft (and re-drafts) → one council resolution per party (可決/否決; re-resolution after 否決)
 *   → conclusion (both councils approved the current draft) → 告示 by each party + 届出
 *   → complete (ProceedingCompleted is emitted with the last of those three).
 * An abolition's draft is a text, the 廃止協約 (「…を廃止する協約」, legal-text's abolitionText), drafted
 * here from the latest version's title, the parties and the conclusion date, with the 附則 its terms
 * give; it is concluded with the 施行日 that 附則 states.
 * A pending proceeding may be withdrawn. At most ONE proceeding is pending per agreement at any time,
 * whatever its kind: an amendment and an abolition both act on the latest version, so letting two run
 * at once would let one be concluded against a text the other has already changed.
 *
 * Who. readers record nothing; a clerk records only its own municipality's council resolution and
 * its own notice (and corrects those); secretariat and admin record everything.
 *
 * Dates. A step may not be dated before the step it follows: re-draft ≥ previous draft and
 * resolutions; resolution ≥ its draft and the same council's previous resolution; conclusion ≥ both
 * approvals; notice and notification ≥ conclusion; withdrawal ≥ the last draft/resolution; an
 * amendment or abolition draft ≥ the latest conclusion. The same day is allowed everywhere.
 */
import type { Decider } from '../shared/decider';
import type { AgreementCommand } from './agreement.commands';
import { decideAgreement } from './agreement.decide';
import type { AgreementEvent } from './agreement.events';
import { evolveAgreement, initialAgreementState } from './agreement.evolve';
import type { AgreementState } from './agreement.state';

export { decideAgreement, requiredNotificationRecipient } from './agreement.decide';
export { CORRECTABLE_FIELDS, findCorrectableFact, type CorrectableFact } from './agreement.corrections';
export { evolveAgreement, initialAgreementState } from './agreement.evolve';

export const agreementDecider: Decider<AgreementCommand, AgreementEvent, AgreementState> = {
  decide: decideAgreement,
  evolve: evolveAgreement,
  initialState: initialAgreementState,
};
