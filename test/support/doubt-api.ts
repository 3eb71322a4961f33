import request from 'supertest';
import { agreementDocument, AOMORI_CITY, HIRANAI, IMABETSU } from '../fixtures/aomori';
import { AgreementApi } from './agreement-api';
import type { TestApp } from './test-app';

/** HTTP helpers for doubts: a concluded agreement to raise them on, consultations, and reads with a token. */
export class DoubtApi extends AgreementApi {
  constructor(private readonly app: TestApp) {
    super(app);
  }

  /** GET with a bearer token. */
  read(path: string, token: string, accept = 'application/json') {
    return request(this.app.app.getHttpServer())
      .get(path)
      .set('authorization', `Bearer ${token}`)
      .set('accept', accept);
  }

  /** The region, and 青森市 × 平内町 (`aomori-hiranai`) concluded 2019-12-25, in force the same day. */
  async concludedAgreement(): Promise<void> {
    await this.declareRegion();
    await this.openAgreement('aomori-hiranai', 'conclusion');
    await this.carryThrough('aomori-hiranai', 'conclusion', {
      resolvedOn: '2019-12-18',
      concludedOn: '2019-12-25',
      effectiveOn: '2019-12-25',
    });
  }

  /** 青森市 × 今別町 (`aomori-imabetsu`), concluded by the secretariat alone (it may record every step). */
  async secondAgreement(): Promise<void> {
    const base = '/agreements/aomori-imabetsu/proceedings/conclusion';
    await this.post('/agreements', {
      agreementId: 'aomori-imabetsu',
      regionId: 'aomori',
      coreCity: AOMORI_CITY,
      partner: IMABETSU,
      proceedingId: 'conclusion',
      draftedOn: '2019-11-20',
      document: agreementDocument(IMABETSU.name),
    }).expect(201);
    for (const party of ['core', 'partner']) {
      await this.post(`${base}/council-resolutions`, {
        party,
        decision: 'approved',
        resolvedOn: '2019-12-18',
      }).expect(201);
    }
    await this.post(`${base}/conclusion`, {
      concludedOn: '2019-12-25',
      effectiveOn: '2019-12-25',
      signatories: {
        core: { title: '青森市長', name: '（甲の署名者）' },
        partner: { title: '今別町長', name: '（乙の署名者）' },
      },
    }).expect(201);
  }

  /** Schedules a consultation of the region, and records it as held when `heldOn` is given. */
  async consultation(
    consultationId: string,
    scheduledOn: string,
    options: { heldOn?: string; participants?: string[] } = {},
  ): Promise<void> {
    const participants = options.participants ?? [AOMORI_CITY.code, HIRANAI.code];
    await this.post('/regions/aomori/consultations', {
      consultationId,
      kind: 'extraordinary',
      scheduledOn,
      participants,
      agenda: ['疑義について'],
    }).expect(201);
    if (options.heldOn === undefined) return;
    await this.post(`/consultations/${consultationId}/record`, {
      heldOn: options.heldOn,
      attendees: participants.map((municipalityCode) => ({ municipalityCode, title: '企画担当課長' })),
      minutes: '疑義について協議した。',
      outcomes: [],
    }).expect(201);
  }
}
