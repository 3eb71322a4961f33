import { ProblemException } from '../http/problem';

/** A problem+json of the comparison routes, naming the field it is about when there is one. */
export function problem(status: number, code: string, detail: string, field?: string): ProblemException {
  return new ProblemException({
    status,
    title: status === 404 ? 'Not Found' : status === 400 ? 'Bad Request' : 'Unprocessable Content',
    code,
    detail,
    ...(field === undefined ? {} : { errors: [{ field, rule: code, message: detail }] }),
  });
}
