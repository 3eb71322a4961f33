/**
 * The doubt (疑義) aggregate as a decider (DESIGN.md §2.1, §2.3).
 *
 * Life. A party of the agreement raises a doubt on a date on which the agreement is in force, citing
 * a provision, a measure, or nothing (定めのない事項); the application pins the version in force on
 * that date and the ledger's head position. Then the doubt is discussed at consultations (第5条), and
 * ends in one of three ways:
 *   - resolved (第6条) by agreement of both parties at a held consultation, possibly starting an
 *     amendment proceeding (変更手続) of the agreement;
 *   - withdrawn by the party that raised it;
 *   - escalated to the statutory procedure (地方自治法 第252条の2第7項, 第251条の3の2): a written
 *     application by a party to the 知事 (総務大臣 where a prefecture is a party) → three
 *     自治紛争処理委員 appointed → the 処理方策 presented to the parties (then notified to the 知事 and
 *     published) → each party's response. The applicant may withdraw the application with the
 *     consent of the 知事 while no 処理方策 is presented; the doubt is then open again and may be
 *     resolved by consultation — never while an application stands. Both parties must respect the
 *     処理方策 (尊重義務) but it does not bind: the doubt ends `settled` when both accept it, and
 *     `unsettled` otherwise.
 *
 * Who. Readers record nothing. A clerk acts only for its own municipality and only where it is a
 * party: it raises, applies, responds for its own party, links a consultation, and withdraws what its
 * party raised or applied for. The secretariat and admins record everything, including what only
 * they can attest: a resolution agreed by both parties and the steps taken by the 知事 and the
 * commissioners.
 *
 * Dates. No step is dated before the step it follows; the same day is allowed. No step (nor the
 * document proving a step of the 知事 or the commissioners) is dated after the command's today in Japan.
 *
 * Evidence. The steps taken outside the parties — the appointment, the 処理方策 presented, notified,
 * published — are recorded by the secretariat or an admin with the document that proves each (文書番号
 * and date), never by a party's clerk.
 */
import type { Decider } from '../shared/decider';
import type { DoubtCommand } from './doubt.commands';
import { decideDoubt } from './doubt.decide';
import type { DoubtEvent } from './doubt.events';
import { evolveDoubt, initialDoubtState } from './doubt.evolve';
import type { DoubtState } from './doubt.state';

export { decideDoubt } from './doubt.decide';
export { evolveDoubt, initialDoubtState } from './doubt.evolve';

export const doubtDecider: Decider<DoubtCommand, DoubtEvent, DoubtState> = {
  decide: decideDoubt,
  evolve: evolveDoubt,
  initialState: initialDoubtState,
};
