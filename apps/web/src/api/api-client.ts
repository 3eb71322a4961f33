/**
 * The only way the pages talk to the ledger: its public HTTP API on the same origin. Every answer
 * that is not a success becomes an ApiError carrying the problem document, so a page can show the
 * API's own words; writes send If-Match (the ETag the page read) and an Idempotency-Key.
 */
import { type ProblemDocument, toProblem } from '../lib/problem';

export class ApiError extends Error {
  constructor(readonly problem: ProblemDocument) {
    super(problem.detail);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

/** What a failed read shows: the API's problem as it came, anything else (a network error) as one. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError({ type: 'about:blank', title: 'Error', status: 0, detail: String(error) });
}

export interface ApiResponse<T> {
  data: T;
  /** The ETag (stream revision), quotes removed; null when the route sends none. */
  etag: string | null;
}

export interface WriteOptions {
  token: string;
  /**
   * The revision the form was filled against (the ETag read with the page); null for a write that
   * creates a new record (a consultation, a doubt), which has no revision yet to match.
   */
  ifMatch: string | null;
  idempotencyKey: string;
}

function etagOf(response: Response): string | null {
  const etag = response.headers.get('etag');
  return etag === null ? null : etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

async function bodyOf(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) return (await response.json()) as unknown;
  return await response.text();
}

async function send<T>(path: string, init: RequestInit): Promise<ApiResponse<T>> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  const body = await bodyOf(response);
  if (!response.ok) throw new ApiError(toProblem(response.status, response.statusText, body));
  return { data: body as T, etag: etagOf(response) };
}

function authorization(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

export function apiGet<T>(path: string, token?: string, signal?: AbortSignal): Promise<ApiResponse<T>> {
  return send<T>(path, {
    headers: { accept: 'application/json', ...authorization(token) },
    ...(signal === undefined ? {} : { signal }),
  });
}

export function apiPost<T>(path: string, body: unknown, options: WriteOptions): Promise<ApiResponse<T>> {
  return send<T>(path, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      ...(options.ifMatch === null ? {} : { 'if-match': `"${options.ifMatch}"` }),
      'idempotency-key': options.idempotencyKey,
      ...authorization(options.token),
    },
    body: JSON.stringify(body),
  });
}

/**
 * A POST that writes nothing (the preview of a draft): JSON in and out, no If-Match and no
 * Idempotency-Key, cancelled by `signal` when a newer one replaces it.
 */
export function apiPostQuery<T>(
  path: string,
  body: unknown,
  token: string | undefined,
  signal?: AbortSignal,
): Promise<ApiResponse<T>> {
  return send<T>(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...authorization(token) },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
}

/**
 * A binary representation chosen by Accept (the 新旧対照表 as DOCX); with a body, it is POSTed (a
 * draft's documents, which the preview computes from the body and never records).
 */
export async function apiDownload(
  path: string,
  accept: string,
  token?: string,
  body?: unknown,
): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(
      path,
      body === undefined
        ? { headers: { accept, ...authorization(token) } }
        : {
            method: 'POST',
            headers: { accept, 'content-type': 'application/json', ...authorization(token) },
            body: JSON.stringify(body),
          },
    );
  } catch (error) {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (!response.ok) {
    throw new ApiError(toProblem(response.status, response.statusText, await bodyOf(response)));
  }
  return await response.blob();
}

/** `?a=1&b=x` from the defined entries, or '' when none. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
