import 'reflect-metadata';
import { ProblemException } from '../../http/problem';
import { createValidationPipe } from '../../http/validation';
import { RaiseDoubtRequestDto } from '../../doubts/dto/raise-doubt.request.dto';
import { DiscussDoubtRequestDto } from '../../doubts/dto/discuss-doubt.request.dto';
import { EscalationRequestDto } from '../../doubts/dto/escalation.request.dto';
import { ResolveDoubtRequestDto } from '../../doubts/dto/resolve-doubt.request.dto';
import { SettlementProposalRequestDto } from '../../doubts/dto/settlement-proposal.request.dto';
import {
  PostponeConsultationRequestDto,
  RecordConsultationRequestDto,
  ScheduleConsultationRequestDto,
} from '../../consultations/dto/consultation.request.dto';
import {
  DecideCostShareRequestDto,
  RegisterProjectRequestDto,
  SettleCostShareRequestDto,
} from './project.request.dto';

/**
 * The bodies of 事業・費用分担, 協議 and 疑義 through the API's own validation pipe. A nested object
 * that is missing, null or a list, an optional field sent as null, a list of lists where a list of
 * objects belongs: each is a 400 naming the field, never a body that reaches the controller (where
 * `citation.kind` or `basis.kind` of nothing was a 500).
 */
const pipe = createValidationPipe();

type Dto = new () => object;

async function validated(type: Dto, body: unknown): Promise<unknown> {
  return pipe.transform(body, { type: 'body', metatype: type, data: '' }) as Promise<unknown>;
}

async function refusal(type: Dto, body: unknown): Promise<{ status: number; fields: string[] }> {
  try {
    await validated(type, body);
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    return {
      status: error.problem.status,
      fields: (error.problem.errors ?? []).map((e) => e.field),
    };
  }
  throw new Error(`accepted: ${JSON.stringify(body)}`);
}

const FIXED_BASIS = {
  kind: 'fixed',
  amounts: [
    { municipalityCode: '022012', amount: '600000' },
    { municipalityCode: '023019', amount: '400000' },
  ],
};
const FORMULA_BASIS = {
  kind: 'formula',
  components: [
    { method: 'equal', proportionBasisPoints: 3000 },
    { method: 'population', proportionBasisPoints: 7000 },
  ],
  population: {
    source: '令和2年国勢調査',
    sourceDate: '2020-10-01',
    figures: [
      { municipalityCode: '022012', value: '275192' },
      { municipalityCode: '023019', value: '10466' },
    ],
  },
};

interface Case {
  name: string;
  type: Dto;
  valid: Record<string, unknown>;
  /** Field → a value that must be refused there, reported under that field. */
  refused: [field: string, value: unknown][];
  /** Required nested fields: leaving them out must be refused. */
  required?: string[];
}

const CASES: Case[] = [
  {
    name: 'POST /agreements/{id}/doubts',
    type: RaiseDoubtRequestDto,
    valid: {
      raisedBy: '023035',
      raisedOn: '2022-04-12',
      citation: { kind: 'provision', label: '第4条第2項' },
      question: '移住定住の相談窓口の費用は第4条第2項の対象か。',
    },
    refused: [
      ['citation', null],
      ['citation', [{ kind: 'unspecified' }]],
      ['citation', 'unspecified'],
      ['doubtId', null],
    ],
    required: ['citation'],
  },
  {
    name: 'POST /doubts/{id}/consultations',
    type: DiscussDoubtRequestDto,
    valid: { consultationId: 'aomori-2022-extra-1', note: '第1議題' },
    refused: [['note', null]],
  },
  {
    name: 'POST /doubts/{id}/resolution',
    type: ResolveDoubtRequestDto,
    valid: {
      resolvedOn: '2022-04-26',
      resolution: '対象とする。',
      consultationId: 'aomori-2022-extra-1',
      agreedBy: ['022012', '023035'],
      followUpProceedingId: 'imabetsu-amendment-2022',
    },
    refused: [['followUpProceedingId', null]],
  },
  {
    name: 'POST /doubts/{id}/escalation (appointment)',
    type: EscalationRequestDto,
    valid: {
      step: 'appointment',
      appointedOn: '2024-09-20',
      commissioners: [
        { name: '甲野太郎', title: '弁護士' },
        { name: '乙野花子', title: '大学教授' },
        { name: '丙野次郎', title: '元県職員' },
      ],
      evidence: { documentNumber: '青森県指令市第100号', documentDate: '2024-09-20' },
    },
    refused: [
      ['commissioners', [[{ name: '甲野太郎', title: '弁護士' }]]],
      ['evidence', null],
      ['evidence', [{ documentNumber: '青森県指令市第100号', documentDate: '2024-09-20' }]],
      ['evidence.documentNumber', ''],
    ],
    required: ['evidence'],
  },
  {
    name: 'POST /doubts/{id}/settlement-proposal (published)',
    type: SettlementProposalRequestDto,
    valid: {
      step: 'published',
      publishedOn: '2024-10-22',
      medium: '青森県報',
      evidence: { documentNumber: '青森県報第3456号', documentDate: '2024-10-22' },
    },
    refused: [
      ['evidence', null],
      ['evidence.documentDate', '2024-02-30'],
    ],
    required: ['evidence'],
  },
  {
    name: 'POST /regions/{id}/projects',
    type: RegisterProjectRequestDto,
    valid: {
      projectId: 'tourism-route',
      name: '広域観光周遊ルート形成事業',
      measureId: 'm04',
      participants: ['022012', '023019'],
      description: '圏域の観光資源を結ぶ周遊ルートをつくる。',
      registeredOn: '2020-01-20',
    },
    refused: [['projectId', null]],
  },
  {
    name: 'POST /projects/{id}/cost-shares',
    type: DecideCostShareRequestDto,
    valid: {
      fiscalYear: 2020,
      decidedOn: '2020-02-10',
      total: '1000000',
      basis: FORMULA_BASIS,
      consultationId: 'aomori-2019-periodic',
    },
    refused: [
      ['basis', null],
      ['basis', [FIXED_BASIS]],
      ['basis.population', null],
      ['basis.population', [FORMULA_BASIS.population]],
      ['basis.population.figures', [[{ municipalityCode: '022012', value: '1' }]]],
      ['participants', null],
      ['consultationId', null],
      ['reasonWithoutConsultation', null],
      ['decisionId', null],
    ],
    required: ['basis'],
  },
  {
    name: 'POST /projects/{id}/cost-shares (fixed)',
    type: DecideCostShareRequestDto,
    valid: {
      fiscalYear: 2020,
      decidedOn: '2020-02-10',
      total: '1000000',
      basis: FIXED_BASIS,
      reasonWithoutConsultation: '専決処分による。',
    },
    refused: [['basis.amounts', [FIXED_BASIS.amounts]]],
  },
  {
    name: 'POST /projects/{id}/settlements',
    type: SettleCostShareRequestDto,
    valid: { fiscalYear: 2020, settledOn: '2021-05-31', total: '900000', basis: FIXED_BASIS, note: '減額' },
    refused: [
      ['basis', null],
      ['basis', [FIXED_BASIS]],
      ['note', null],
    ],
  },
  {
    name: 'POST /regions/{id}/consultations',
    type: ScheduleConsultationRequestDto,
    valid: {
      kind: 'periodic',
      scheduledOn: '2024-05-20',
      participants: ['022012', '023019'],
      agenda: ['令和6年度の連携事業について'],
    },
    refused: [['consultationId', null]],
  },
  {
    name: 'POST /consultations/{id}/record',
    type: RecordConsultationRequestDto,
    valid: {
      heldOn: '2024-05-20',
      attendees: [{ municipalityCode: '022012', title: '青森市企画部長', name: '青森一郎' }],
      minutes: '令和6年度の費用分担を了承した。',
      outcomes: [
        {
          kind: 'other',
          summary: '次回の日程を決めた。',
          cites: { streamId: 'agreement-aomori-hiranai', eventId: 'e1' },
        },
      ],
    },
    refused: [
      ['attendees', [[{ municipalityCode: '022012', title: '青森市企画部長' }]]],
      ['outcomes', [[{ kind: 'other', summary: 'x' }]]],
      ['outcomes.0.cites', null],
      ['outcomes.0.cites', [{ streamId: 'agreement-aomori-hiranai', eventId: 'e1' }]],
      ['attendees.0.name', null],
      ['agenda', null],
    ],
  },
  {
    name: 'POST /consultations/{id}/postponement',
    type: PostponeConsultationRequestDto,
    valid: { postponedOn: '2023-05-15', rescheduledTo: '2023-08-30', reason: '災害対応のため' },
    refused: [['rescheduledTo', null]],
  },
];

/** A copy of `body` with `value` at the dotted `path` (numbers index lists). */
function withValue(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  let at: Record<string, unknown> = copy;
  for (const key of keys) at = at[key] as Record<string, unknown>;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

describe('request bodies of projects, consultations and doubts', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s: the valid body passes', async (_, c) => {
    await expect(validated(c.type, c.valid)).resolves.toBeInstanceOf(c.type);
  });

  const refusals = CASES.flatMap((c) => [
    ...c.refused.map(([field, value]) => [c.name, field, JSON.stringify(value), c, value] as const),
    ...(c.required ?? []).map((field) => [c.name, field, 'left out', c, undefined] as const),
  ]);

  it.each(refusals)('%s: %s = %s is a 400 naming the field', async (_, field, __, c, value) => {
    const answer = await refusal(c.type, withValue(c.valid, field, value));
    expect(answer.status).toBe(400);
    expect(answer.fields.some((f) => f === field || f.startsWith(`${field}.`))).toBe(true);
  });
});
