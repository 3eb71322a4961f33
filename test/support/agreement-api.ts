import type { AmendmentOperation } from '@kyoyaku/legal-text';
import request from 'supertest';
import { agreementDocument, AOMORI_CITY, HIRANAI } from '../fixtures/aomori';
import type { TestApp } from './test-app';

/** Small HTTP helpers for e2e tests: each does one real request and asserts its status. */
export class AgreementApi {
  constructor(private readonly t: TestApp) {}

  private get server(): Parameters<typeof request>[0] {
    return this.t.app.getHttpServer();
  }

  get secretariat(): string {
    return this.t.token('secretariat');
  }

  clerk(code: string): string {
    return this.t.token('clerk', code);
  }

  post(path: string, body: unknown, token: string = this.secretariat, headers: Record<string, string> = {}) {
    const req = request(this.server).post(path).set('authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(headers)) void req.set(name, value);
    return req.send(body as object);
  }

  get(path: string) {
    return request(this.server).get(path);
  }

  async head(): Promise<string> {
    const res = await this.get('/health').expect(200);
    return (res.body as { store: { headPosition: string } }).store.headPosition;
  }

  async declareRegion(): Promise<void> {
    await this.post('/regions', {
      regionId: 'aomori',
      name: '青森圏域連携中枢都市圏',
      coreCity: AOMORI_CITY,
      declaredOn: '2019-11-18',
    }).expect(201);
  }

  async openAgreement(agreementId = 'aomori-hiranai', proceedingId = 'conclusion'): Promise<void> {
    await this.post('/agreements', {
      agreementId,
      regionId: 'aomori',
      coreCity: AOMORI_CITY,
      partner: HIRANAI,
      proceedingId,
      draftedOn: '2019-11-20',
      document: agreementDocument(HIRANAI.name),
    }).expect(201);
  }

  /** Both councils approve, conclusion, both notices, one joint 届出 (連名) by the secretariat. */
  async carryThrough(
    agreementId: string,
    proceedingId: string,
    dates: { resolvedOn: string; concludedOn: string; effectiveOn: string; retroactive?: { reason: string } },
  ): Promise<void> {
    const base = `/agreements/${agreementId}/proceedings/${proceedingId}`;
    for (const [party, code] of [
      ['core', AOMORI_CITY.code],
      ['partner', HIRANAI.code],
    ] as const) {
      await this.post(
        `${base}/council-resolutions`,
        { party, decision: 'approved', resolvedOn: dates.resolvedOn },
        this.clerk(code),
      ).expect(201);
    }
    await this.post(`${base}/conclusion`, {
      concludedOn: dates.concludedOn,
      effectiveOn: dates.effectiveOn,
      signatories: {
        core: { title: '青森市長', name: '（甲の署名者）' },
        partner: { title: '平内町長', name: '（乙の署名者）' },
      },
      ...(dates.retroactive === undefined ? {} : { retroactive: dates.retroactive }),
    }).expect(201);
    for (const [party, code, number] of [
      ['core', AOMORI_CITY.code, '青森市告示第1号'],
      ['partner', HIRANAI.code, '平内町告示第1号'],
    ] as const) {
      await this.post(
        `${base}/public-notices`,
        { party, noticeNumber: number, publishedOn: dates.concludedOn },
        this.clerk(code),
      ).expect(201);
    }
    await this.post(`${base}/governor-notification`, {
      filedBy: ['core', 'partner'],
      documentNumber: '青企第1号',
      notifiedOn: dates.concludedOn,
    }).expect(201);
  }

  async proposeAmendment(
    agreementId: string,
    proceedingId: string,
    draftedOn: string,
    operations: AmendmentOperation[],
  ): Promise<void> {
    await this.post(`/agreements/${agreementId}/proceedings`, {
      kind: 'amendment',
      proceedingId,
      draftedOn,
      operations,
    }).expect(201);
  }
}
