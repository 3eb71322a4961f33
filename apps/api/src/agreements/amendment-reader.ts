import { Injectable } from '@nestjs/common';
import { type AgreementVersion, agreementName } from '@kyoyaku/domain';
import {
  type AmendmentOperation,
  deriveOperations,
  type EffectiveDateClause,
  effectiveDateSentence,
  readAmendingText,
  readDocumentText,
  resolveMeasureReferences,
  validateDocument,
} from '@kyoyaku/legal-text';
import { ProblemException } from '../http/problem';
import { AgreementReadModels } from './agreement-read-model.service';
import type { AmendmentStatementDto } from './dto/amendment-statement.dto';
import { withDeleteDefaults } from './dto/amendment-operation.dto';

/** How the amendment was stated. */
export type AmendmentSource = 'operations' | 'text' | 'amendingText';

/** An amendment read from its statement, against the text it amends. */
export interface ReadAmendment {
  source: AmendmentSource;
  /** The version amended: the last in 施行日 order, as a new amendment takes it. */
  base: AgreementVersion;
  operations: AmendmentOperation[];
  /** The 附則's 施行期日 clause, when the request (or its 改め文) states one. */
  effect?: EffectiveDateClause;
}

function unprocessable(code: string, detail: string, field: string): ProblemException {
  return new ProblemException({
    status: 422,
    title: 'Unprocessable Content',
    code,
    detail,
    errors: [{ field, rule: code, message: detail }],
  });
}

function badRequest(detail: string, field: string, message: string): ProblemException {
  return new ProblemException({
    status: 400,
    title: 'Bad Request',
    code: 'ValidationFailed',
    detail,
    errors: [{ field, rule: 'OneOf', message }],
  });
}

/**
 * Reads an amendment stated one of three ways — operations as given, operations derived from the whole
 * proposed text, or operations read from a 改め文 — against the text it amends, with the 施行期日 the
 * request or the 改め文's 附則 states. The preview and the commands that record a draft read it here,
 * so each refuses the same statement the same way.
 */
@Injectable()
export class AmendmentReader {
  constructor(private readonly readModels: AgreementReadModels) {}

  /** The version a new amendment amends: the last in 施行日 order (未施行 or not). */
  base(agreementId: string): AgreementVersion {
    const base = this.readModels.history(agreementId).history.versions.at(-1);
    if (base === undefined) {
      throw new ProblemException({
        status: 409,
        title: 'Conflict',
        code: 'AmendmentHasNoBase',
        detail: `${agreementName(this.readModels.summary(agreementId))}には、変更の対象となる締結された版がまだありません。`,
      });
    }
    return base;
  }

  read(agreementId: string, statement: AmendmentStatementDto): ReadAmendment {
    const stated = (['operations', 'text', 'amendingText'] as const).filter(
      (k) => statement[k] !== undefined,
    );
    const source = stated[0];
    if (source === undefined || stated.length > 1) {
      throw badRequest(
        'State the amendment one way: operations, text (the whole proposed text) or amendingText (a 改め文).',
        stated[1] ?? 'operations',
        'give exactly one of operations, text, amendingText',
      );
    }
    const base = this.base(agreementId);
    const terms = statedEffect(statement);
    if (source === 'operations') {
      // 別表(4), (4), 別表四の項: rows as the table prints them, read against the text amended.
      const resolved = resolveMeasureReferences(
        base.document,
        withDeleteDefaults(statement.operations ?? []),
      );
      if (!resolved.ok) {
        throw new ProblemException({
          status: 422,
          title: 'Unprocessable Content',
          code: 'ReferenceNamesNothing',
          detail: resolved.problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
          errors: resolved.problems.map((p) => ({
            field: p.field,
            rule: 'ReferenceNamesNothing',
            message: p.reason,
          })),
        });
      }
      return {
        source,
        base,
        operations: resolved.operations,
        ...(terms === undefined ? {} : { effect: terms }),
      };
    }
    if (source === 'text') {
      const read = readDocumentText(statement.text ?? '', { base: base.document });
      if (!read.ok) {
        const first = read.problems[0];
        throw unprocessable(
          'ProposedTextUnreadable',
          `The proposed text does not read as an agreement: line ${first?.line ?? 0} 「${first?.text ?? ''}」: ${first?.reason ?? ''}`,
          'text',
        );
      }
      // A text without its articles is no agreement (an abolition is a proceeding of its own).
      const invalid =
        read.document.articles.length === 0
          ? [
              '条（第1条…）が一つもありません。GET …/text が text/plain で返す本文全体を編集して送ってください',
            ]
          : validateDocument(read.document);
      if (invalid.length > 0) {
        throw unprocessable(
          'ProposedTextInvalid',
          `The proposed text is not a valid agreement: ${invalid.join('; ')}`,
          'text',
        );
      }
      const derived = deriveOperations(base.document, read.document);
      if (!derived.ok) {
        throw unprocessable(
          'AmendmentNotDerivable',
          `The changes cannot be read off the text: ${derived.problems.map((p) => `${p.where}: ${p.reason}`).join('; ')}. State that part as operations.`,
          'text',
        );
      }
      return {
        source,
        base,
        operations: derived.operations,
        ...(terms === undefined ? {} : { effect: terms }),
      };
    }
    const read = readAmendingText(base.document, statement.amendingText ?? '');
    if (!read.ok) {
      throw unprocessable(
        'AmendingTextUnreadable',
        `The 改め文 does not read: line ${read.problem.line} 「${read.problem.sentence}」: ${read.problem.reason}`,
        'amendingText',
      );
    }
    if (
      terms !== undefined &&
      read.effect !== undefined &&
      effectiveDateSentence(terms) !== effectiveDateSentence(read.effect)
    ) {
      throw unprocessable(
        'EffectiveDateConflict',
        `The 改め文's 附則 says 「${effectiveDateSentence(read.effect)}」 but the request states 「${effectiveDateSentence(terms)}」: give one (or none, to take the 附則's).`,
        'effectiveOn',
      );
    }
    const effect = terms ?? read.effect;
    return { source, base, operations: read.operations, ...(effect === undefined ? {} : { effect }) };
  }
}

/** The 施行期日 clause the request's fields state; undefined when they state none. */
function statedEffect(statement: AmendmentStatementDto): EffectiveDateClause | undefined {
  const given = (['effectiveOn', 'appliesFrom', 'effectiveOnConclusion'] as const).filter(
    (k) => statement[k] !== undefined,
  );
  if (given.length > 1) {
    throw badRequest(
      '附則 states one 施行期日: a 施行日 (effectiveOn), a 遡及 適用日 (appliesFrom), or 締結の日から (effectiveOnConclusion).',
      given[1] ?? 'effectiveOn',
      'give at most one of effectiveOn, appliesFrom, effectiveOnConclusion',
    );
  }
  if (statement.effectiveOn !== undefined) return { kind: 'on-date', effectiveOn: statement.effectiveOn };
  if (statement.appliesFrom !== undefined) return { kind: 'retroactive', appliesFrom: statement.appliesFrom };
  if (statement.effectiveOnConclusion === true) return { kind: 'on-conclusion' };
  return undefined;
}
