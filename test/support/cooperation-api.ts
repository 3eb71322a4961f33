import type request from 'supertest';
import { AgreementApi } from './agreement-api';

/** Helpers for the project, cost-share, consultation and compliance e2e tests. */
export class CooperationApi extends AgreementApi {
  /** Asserts a problem+json answer (status, and the rule's code when given); returns its body. */
  static problem(res: request.Response, status: number, code?: string): ProblemBody {
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
      status,
      type: expect.stringMatching(/^application\/problem\+json/) as string,
    });
    const body = res.body as ProblemBody;
    expect(body).toMatchObject({
      status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
    });
    if (code !== undefined) expect(body.code).toBe(code);
    return body;
  }

  /** Runs `attempt`, expects a problem, and checks that nothing was written (same head position). */
  async refused(
    attempt: () => Promise<request.Response>,
    status: number,
    code?: string,
  ): Promise<ProblemBody> {
    const head = await this.head();
    const body = CooperationApi.problem(await attempt(), status, code);
    expect(await this.head()).toBe(head);
    return body;
  }

  /** The rules named in a 400's errors[]. */
  static rules(body: ProblemBody): string[] {
    return (body.errors ?? []).map((e) => e.rule);
  }
}

export interface ProblemBody {
  status: number;
  code: string;
  detail: string;
  rule?: string;
  errors?: { field: string; rule: string; message: string }[];
  currentRevision?: string | null;
  [key: string]: unknown;
}

/** Decodes a CSV body: checks the BOM and CRLF, returns the rows (RFC 4180 quoting undone). */
export function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text.charAt(i + 1) === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r') {
      expect(text.charAt(i + 1)).toBe('\n');
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  expect(cell).toBe('');
  return rows;
}
