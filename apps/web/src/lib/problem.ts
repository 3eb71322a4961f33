/**
 * RFC 9457 problem documents as the API sends them, and where each of their errors[] belongs in a
 * form. The API names fields by their path in the request body (`operations.0.target.kind`,
 * `signatories.core.title`); a form names its inputs the same way, so an error goes to the input
 * whose name is the longest prefix of the error's field. What no input claims stays with the form.
 */

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  instance?: string;
  errors?: FieldError[];
  /** On 409/412: the record's revision now. */
  currentRevision?: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is FieldError {
  return (
    isRecord(value) &&
    typeof value['field'] === 'string' &&
    typeof value['rule'] === 'string' &&
    typeof value['message'] === 'string'
  );
}

/**
 * The problem document in a response body, or a stand-in built from the status when the body is
 * not one (a proxy's HTML error page, an empty body), so the page can always say what happened.
 */
export function toProblem(status: number, statusText: string, body: unknown): ProblemDocument {
  if (isRecord(body) && typeof body['title'] === 'string' && typeof body['detail'] === 'string') {
    const errors = Array.isArray(body['errors']) ? body['errors'].filter(isFieldError) : undefined;
    const currentRevision = body['currentRevision'];
    return {
      type: typeof body['type'] === 'string' ? body['type'] : 'about:blank',
      title: body['title'],
      status: typeof body['status'] === 'number' ? body['status'] : status,
      detail: body['detail'],
      ...(typeof body['code'] === 'string' ? { code: body['code'] } : {}),
      ...(typeof body['instance'] === 'string' ? { instance: body['instance'] } : {}),
      ...(errors === undefined || errors.length === 0 ? {} : { errors }),
      ...(typeof currentRevision === 'string' || currentRevision === null ? { currentRevision } : {}),
    };
  }
  return {
    type: 'about:blank',
    title: statusText === '' ? `HTTP ${status}` : statusText,
    status,
    detail: `HTTP ${status}${statusText === '' ? '' : ` ${statusText}`}`,
  };
}

/**
 * The form field an error's field belongs to: itself, or its longest parent path the form has.
 * `operations[2].path` (the domain's spelling) is read as `operations.2.path` (the validator's).
 */
export function owningField(errorField: string, fields: readonly string[]): string | undefined {
  const path = errorField.replace(/\[(\d+)\]/g, '.$1');
  let best: string | undefined;
  for (const field of fields) {
    const owns = path === field || path.startsWith(`${field}.`);
    if (owns && (best === undefined || field.length > best.length)) best = field;
  }
  return best;
}

export interface PlacedErrors {
  /** Messages per form field. */
  byField: Record<string, string[]>;
  /** Messages no field claims (and the detail when there is no errors[]). */
  general: string[];
}

/** Places a problem's errors[] next to the form's fields; the rest (or the detail) is general. */
export function placeProblemErrors(problem: ProblemDocument, fields: readonly string[]): PlacedErrors {
  const byField: Record<string, string[]> = {};
  const general: string[] = [];
  for (const error of problem.errors ?? []) {
    const field = owningField(error.field, fields);
    if (field === undefined) general.push(`${error.field}: ${error.message}`);
    else (byField[field] ??= []).push(error.message);
  }
  if (problem.errors === undefined || problem.errors.length === 0) general.push(problem.detail);
  return { byField, general };
}
