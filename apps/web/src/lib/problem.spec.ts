import { describe, expect, it } from '@jest/globals';
import { owningField, placeProblemErrors, toProblem } from './problem';

/** What the API answered to a clerk of 平内町 recording 青森市's council resolution. */
const FORBIDDEN = {
  type: '/problems/ClerkMayRecordOnlyOwnMunicipality',
  title: 'Forbidden',
  status: 403,
  code: 'ClerkMayRecordOnlyOwnMunicipality',
  detail: '担当職員（023019）は甲（青森市）の議会の議決を記録できません。',
  errors: [
    {
      field: 'party',
      rule: 'ClerkMayRecordOnlyOwnMunicipality',
      message: '担当職員（023019）は甲（青森市）の議会の議決を記録できません。',
    },
  ],
};

/** What the API answered to a body with two bad fields. */
const INVALID = {
  type: '/problems/ValidationFailed',
  title: 'Bad Request',
  status: 400,
  code: 'ValidationFailed',
  detail: 'The request does not meet the rules listed in errors[]; nothing was recorded.',
  errors: [
    { field: 'decision', rule: 'isIn', message: 'decision must be approved (可決) or rejected (否決)' },
    {
      field: 'resolvedOn',
      rule: 'isLegalDate',
      message: 'resolvedOn must be a calendar date written YYYY-MM-DD',
    },
  ],
};

describe('reading a problem document', () => {
  it('keeps what the API said: status, code, detail, errors and the current revision', () => {
    const problem = toProblem(412, 'Precondition Failed', {
      type: '/problems/RevisionMismatch',
      title: 'Precondition Failed',
      status: 412,
      code: 'RevisionMismatch',
      detail: "If-Match does not match the record's current revision (28).",
      currentRevision: '28',
    });
    expect(problem).toEqual({
      type: '/problems/RevisionMismatch',
      title: 'Precondition Failed',
      status: 412,
      code: 'RevisionMismatch',
      detail: "If-Match does not match the record's current revision (28).",
      currentRevision: '28',
    });
    expect(toProblem(403, 'Forbidden', FORBIDDEN).errors).toHaveLength(1);
  });

  it('stands in for a body that is not a problem document', () => {
    expect(toProblem(502, 'Bad Gateway', '<html>proxy error</html>')).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: 'HTTP 502 Bad Gateway',
    });
    expect(toProblem(500, '', null).title).toBe('HTTP 500');
  });

  it('drops malformed entries of errors[]', () => {
    const problem = toProblem(400, 'Bad Request', {
      ...INVALID,
      errors: [{ field: 'x' }, ...INVALID.errors],
    });
    expect(problem.errors?.map((e) => e.field)).toEqual(['decision', 'resolvedOn']);
  });
});

describe('placing errors next to form fields', () => {
  const fields = [
    'party',
    'decision',
    'resolvedOn',
    'operations',
    'operations.0',
    'operations.0.target.kind',
  ];

  it('gives an error to the field it names, or to the nearest parent path the form has', () => {
    expect(owningField('resolvedOn', fields)).toBe('resolvedOn');
    expect(owningField('operations.0.target.kind', fields)).toBe('operations.0.target.kind');
    expect(owningField('operations.0.target.path.article', fields)).toBe('operations.0');
    expect(owningField('operations.3', fields)).toBe('operations');
  });

  it("reads the domain's bracket paths (operations[0]) like the validator's dotted ones", () => {
    expect(owningField('operations[0]', fields)).toBe('operations.0');
    expect(owningField('operations[0].target.kind', fields)).toBe('operations.0.target.kind');
  });

  it('matches whole path segments only', () => {
    expect(owningField('partyCode', fields)).toBeUndefined();
    expect(owningField('resolvedOnDate', fields)).toBeUndefined();
  });

  it('puts each message under its field and the rest with the form', () => {
    expect(placeProblemErrors(toProblem(400, '', INVALID), fields)).toEqual({
      byField: {
        decision: ['decision must be approved (可決) or rejected (否決)'],
        resolvedOn: ['resolvedOn must be a calendar date written YYYY-MM-DD'],
      },
      general: [],
    });
    expect(placeProblemErrors(toProblem(403, '', FORBIDDEN), ['decision']).general).toEqual([
      'party: 担当職員（023019）は甲（青森市）の議会の議決を記録できません。',
    ]);
  });

  it('shows the detail when there is no errors[] (a 409 rule, a 412, a 401)', () => {
    const placed = placeProblemErrors(
      toProblem(401, 'Unauthorized', {
        type: '/problems/Unauthorized',
        title: 'Unauthorized',
        status: 401,
        detail: 'The bearer token is unknown or revoked.',
      }),
      fields,
    );
    expect(placed).toEqual({ byField: {}, general: ['The bearer token is unknown or revoked.'] });
  });
});
