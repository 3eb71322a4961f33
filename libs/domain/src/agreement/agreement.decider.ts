/**
 * The agreement aggregate as a decider (DESIGN.md §2.1, §3): `decide(command, state)` returns the new
 * events or throws a DomainError naming the broken rule; `evolve(state, event)` folds one event;
 * `initialState()` is the empty stream.
 *
 * Proceedings. The agreement itself (締結), each amendment (変更) and the abolition (廃止) is a
 * proceeding with the same steps (「前三項の例により」):
 *   draft (and re-drafts) → one council resolution per party (可決/否決; re-resolution after 否決)
 *   → conclusion (both councils approved the current draft) → 告示 by each party + 届出 by each
 *   party (its own, or one joint filing, 連名, for both) → complete (ProceedingCompleted is emitted
 *   with the last of those steps).
 * An abolition's draft is a text, the 廃止協約 (「…を廃止する協約」, legal-text's abolitionText), drafted
 * here from the latest version's title, the parties and the conclusion date, with the 附則 its terms
 * give; it is concluded with the 施行日 that 附則 states.
 * A pending proceeding may be withdrawn. At most ONE proceeding is pending per agreement at any time,
 * whatever its kind: an amendment and an abolition both act on the known timeline, so letting two run
 * at once would let one be concluded against a text the other has already changed.
 *
 * Amendments in time (agreement-timeline.ts). Amendments take effect in 施行日 order, whatever order
 * they were concluded in. A draft is checked against the text once every concluded version has taken
 * effect; at conclusion, when its 施行日 is fixed, against the text in force on the day before that
 * 施行日 (AmendmentDoesNotApply), which must exist (AmendmentEffectiveBeforeAgreement), and every
 * amendment taking effect after it must still apply on top of it (PendingAmendmentWouldNotApply).
 *
 * Who. readers record nothing; a clerk records only its own municipality's council resolution, its
 * own notice and its own 届出 filed alone (and corrects those); a joint 届出 and everything else is
 * recorded by the secretariat or an admin.
 *
 * Dates. A step may not be dated before the step it follows: re-draft ≥ previous draft and
 * resolutions; resolution ≥ its draft and the same council's previous resolution; conclusion ≥ both
 * approvals; notice and notification ≥ conclusion; withdrawal ≥ the last draft/resolution; an
 * amendment or abolition draft ≥ the latest conclusion. The same day is allowed everywhere. And no
 * step is dated after the command's today in Japan (a draft, a resolution, the conclusion, a notice,
 * the notification, a withdrawal, a corrected date: they are recorded once they happened); the
 * 施行日 is a plan and may be ahead.
 */
import type { Decider } from '../shared/decider';
import type { AgreementCommand } from './agreement.commands';
import { decideAgreement } from './agreement.decide';
import type { AgreementEvent } from './agreement.events';
import { evolveAgreement, initialAgreementState } from './agreement.evolve';
import type { AgreementState } from './agreement.state';

export { decideAgreement, requiredNotificationRecipient } from './agreement.decide';
export {
  filingAddressee,
  notificationAddresseeFor,
  notificationAddresseeName,
} from './agreement.notification';
export { CORRECTABLE_FIELDS, findCorrectableFact, type CorrectableFact } from './agreement.corrections';
export { evolveAgreement, initialAgreementState } from './agreement.evolve';

export const agreementDecider: Decider<AgreementCommand, AgreementEvent, AgreementState> = {
  decide: decideAgreement,
  evolve: evolveAgreement,
  initialState: initialAgreementState,
};
