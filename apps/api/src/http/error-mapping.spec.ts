import { domainErrorFactory } from '@kyoyaku/domain';
import { toProblem } from './error-mapping';

const error = domainErrorFactory<'ConsultationCancelled' | 'InvalidValue'>({
  ConsultationCancelled: 'conflict',
  InvalidValue: 'invalid',
});

describe('toProblem: a domain error as problem+json', () => {
  it('carries the rule, the field and the details as extension members', () => {
    expect(
      toProblem(
        error('InvalidValue', 'kind must be periodic or extraordinary', {
          field: 'kind',
          details: { allowed: 'periodic,extraordinary', count: 2 },
        }),
      ),
    ).toEqual({
      type: '/problems/InvalidValue',
      title: 'Unprocessable Entity',
      status: 422,
      code: 'InvalidValue',
      detail: 'kind must be periodic or extraordinary',
      rule: 'InvalidValue',
      errors: [{ field: 'kind', rule: 'InvalidValue', message: 'kind must be periodic or extraordinary' }],
      allowed: 'periodic,extraordinary',
      count: 2,
    });
  });

  it("keeps the document's own members when a detail has the same name (a detail `status` once made a 500)", () => {
    const problem = toProblem(
      error('ConsultationCancelled', 'The consultation was cancelled.', {
        field: 'consultationId',
        details: {
          status: 'cancelled',
          type: 'https://example.invalid/x',
          title: 'x',
          detail: 'x',
          code: 'x',
          instance: '/x',
          errors: 'x',
          currentRevision: 'x',
          rule: 'x',
          cancelledOn: '2023-08-20',
        },
      }),
    );
    expect(problem).toEqual({
      type: '/problems/ConsultationCancelled',
      title: 'Conflict',
      status: 409,
      code: 'ConsultationCancelled',
      detail: 'The consultation was cancelled.',
      rule: 'ConsultationCancelled',
      errors: [
        {
          field: 'consultationId',
          rule: 'ConsultationCancelled',
          message: 'The consultation was cancelled.',
        },
      ],
      cancelledOn: '2023-08-20',
    });
  });
});
