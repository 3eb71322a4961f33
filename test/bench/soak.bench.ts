import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../../libs/event-store/src/event-store.port';
import { verifyExport } from '../../libs/ledger/src/verify/export-verifier';
import { loadConfig, systemClock, openLedger } from '@kyoyaku/runtime';
import type { BackupManifest } from '../../apps/cli/src/backup';
import { AOMORI_CITY, AOMORI_PARTNERS, agreementDocument } from '../fixtures/aomori';
import { apiNodeFlags } from './api-node-flags';

/**
 * `npm run bench:soak` (not a test): the API as users run it (node dist/apps/api/src/main.js on a
 * temporary data folder with the 青森圏域 demo) under a mixed workload from scripted clients on
 * 127.0.0.1 for a bounded time — texts read as of random dates; the procedural steps of 第252条の2
 * written across many agreements (each client opens agreements and carries them through); some
 * writes with a stale If-Match, some retried with the same Idempotency-Key (after the answer, and
 * while the first is still in flight); an online backup by the CLI half-way. Then the server is
 * stopped with SIGTERM and the data checked: every acknowledged write is in the ledger exactly once,
 * no refused write is, the read models equal a fresh rebuild, the chains and the Merkle root verify,
 * and the backup is a prefix of the ledger. Prints throughput, p50/p99 and answers by kind; exits 1
 * if a check fails.
 *
 *   SOAK_SECONDS=60 SOAK_CLIENTS=16 npm run bench:soak
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 16);
const DIST = join(__dirname, '..', '..');

type Kind = 'read' | 'write';

interface Sample {
  kind: Kind;
  ms: number;
  /** e.g. `201`, `412 RevisionMismatch`, `404 NoVersionInForce`, `network error`. */
  answer: string;
}

/** One logical write: its correlation id marks its events; acknowledged when an attempt got 201. */
interface Write {
  correlationId: string;
  acknowledged: { eventIds: string[]; position: string }[];
  refused: string[];
  /** An attempt whose outcome the client never learned (network error): either way is right. */
  unknown: boolean;
}

const samples: Sample[] = [];
const writes = new Map<string, Write>();
/** Everything that breaks a promise of the ledger; the run fails if any. */
const problems: string[] = [];
let secretariat = '';
let baseUrl = '';

async function call(
  kind: Kind,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; write?: Write } = {},
): Promise<{ status: number; body: Record<string, unknown>; replayed: boolean }> {
  const started = process.hrtime.bigint();
  let status = 0;
  let body: Record<string, unknown> = {};
  let replayed = false;
  try {
    const res = await fetch(baseUrl + path, {
      method,
      headers: {
        ...(method === 'POST'
          ? { authorization: `Bearer ${secretariat}`, 'content-type': 'application/json' }
          : {}),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    status = res.status;
    replayed = res.headers.get('idempotent-replayed') === 'true';
    const text = await res.text();
    body = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    if (options.write !== undefined) options.write.unknown = true;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const code = typeof body.code === 'string' ? ` ${body.code}` : '';
  const answer =
    status === 0 ? 'network error' : `${status}${status >= 400 ? code : ''}${replayed ? ' (replayed)' : ''}`;
  samples.push({ kind, ms, answer });
  const write = options.write;
  if (write !== undefined && status !== 0) {
    if (status === 201) {
      write.acknowledged.push({
        eventIds: body.eventIds as string[],
        position: body.position as string,
      });
    } else write.refused.push(answer);
  }
  return { status, body, replayed };
}

function randomDate(): string {
  const from = Date.UTC(2019, 10, 1);
  const to = Date.UTC(2028, 2, 31);
  return new Date(from + Math.random() * (to - from)).toISOString().slice(0, 10);
}

const concluded: string[] = ['aomori-hiranai', 'aomori-imabetsu', 'aomori-yomogita', 'aomori-sotogahama'];

/** The steps of one agreement's conclusion proceeding, in order (第252条の2 ①〜③). */
function steps(agreementId: string, partner: (typeof AOMORI_PARTNERS)[number], n: number) {
  const base = `/agreements/${agreementId}/proceedings/conclusion`;
  const effectiveOn = `2020-0${1 + (n % 9)}-01`;
  return [
    {
      path: '/agreements',
      body: {
        agreementId,
        regionId: 'aomori',
        coreCity: AOMORI_CITY,
        partner,
        proceedingId: 'conclusion',
        draftedOn: '2019-11-20',
        document: agreementDocument(partner.name, '2019-12-25'),
      },
    },
    {
      path: `/agreements/${agreementId}/drafts`,
      body: {
        proceedingId: 'conclusion',
        kind: 'conclusion',
        draftedOn: '2019-11-28',
        document: agreementDocument(partner.name, effectiveOn),
      },
    },
    {
      path: `${base}/council-resolutions`,
      body: { party: 'core', decision: 'approved', resolvedOn: '2019-12-10' },
    },
    {
      path: `${base}/council-resolutions`,
      body: { party: 'partner', decision: 'approved', resolvedOn: '2019-12-12' },
    },
    {
      path: `${base}/conclusion`,
      body: {
        concludedOn: '2019-12-25',
        effectiveOn,
        signatories: {
          core: { title: '青森市長', name: '（甲の署名者）' },
          partner: { title: `${partner.name}長`, name: '（乙の署名者）' },
        },
      },
    },
    {
      path: `${base}/public-notices`,
      body: { party: 'core', noticeNumber: `青森市告示第${n}号`, publishedOn: '2019-12-25' },
    },
    {
      path: `${base}/public-notices`,
      body: { party: 'partner', noticeNumber: `${partner.name}告示第${n}号`, publishedOn: '2019-12-26' },
    },
    {
      path: `${base}/governor-notification`,
      body: { filedBy: ['core', 'partner'], documentNumber: '青企第1号', notifiedOn: '2019-12-27' },
    },
  ];
}

/** One client: reads about 6 times in 10, otherwise writes the next step of its current agreement. */
async function client(id: number, until: number): Promise<void> {
  let seq = 0;
  let agreement = 0;
  let step = 0;
  let revision: number | null = null;
  let agreementId = '';
  let plan: ReturnType<typeof steps> = [];
  while (Date.now() < until) {
    if (Math.random() < 0.6) {
      const target = concluded[Math.floor(Math.random() * concluded.length)] ?? 'aomori-hiranai';
      await call('read', 'GET', `/agreements/${target}/text?asOf=${randomDate()}`);
      continue;
    }
    if (step === 0) {
      agreementId = `soak-${id}-${agreement}`;
      const partner = AOMORI_PARTNERS[agreement % AOMORI_PARTNERS.length] ?? AOMORI_PARTNERS[0];
      if (partner === undefined) throw new Error('no partner');
      plan = steps(agreementId, partner, id * 10_000 + agreement);
      revision = null;
    }
    const next = plan[step];
    if (next === undefined) throw new Error('no step');
    const write: Write = {
      correlationId: `soak-${id}-${seq++}`,
      acknowledged: [],
      refused: [],
      unknown: false,
    };
    writes.set(write.correlationId, write);
    const headers = { 'x-correlation-id': write.correlationId };
    const roll = Math.random();
    if (roll < 0.1 && revision !== null) {
      // A stale If-Match: the client read an older revision. Must be 412 and write nothing.
      await call('write', 'POST', next.path, {
        body: next.body,
        headers: { ...headers, 'if-match': `"${revision - 1}"` },
        write,
      });
      continue; // the step is still to be done
    }
    let answer;
    if (roll < 0.2) {
      // Retried with the same Idempotency-Key after the answer was lost.
      const key = { ...headers, 'idempotency-key': `${write.correlationId}-key` };
      answer = await call('write', 'POST', next.path, { body: next.body, headers: key, write });
      const retry = await call('write', 'POST', next.path, { body: next.body, headers: key, write });
      if (answer.status === 201 && (retry.status !== 201 || !retry.replayed)) {
        problems.push(
          `the retry of ${write.correlationId} answered ${retry.status} ${JSON.stringify(retry.body)}`,
        );
      }
    } else if (roll < 0.25) {
      // Retried while the first attempt is still in flight.
      const key = { ...headers, 'idempotency-key': `${write.correlationId}-key` };
      const both = await Promise.all([
        call('write', 'POST', next.path, { body: next.body, headers: key, write }),
        call('write', 'POST', next.path, { body: next.body, headers: key, write }),
      ]);
      answer = both.find((a) => a.status === 201) ?? both[0];
    } else {
      answer = await call('write', 'POST', next.path, { body: next.body, headers, write });
    }
    if (answer === undefined || answer.status !== 201) {
      // Unexpected: start a fresh agreement rather than retry a step the ledger refused.
      step = 0;
      agreement++;
      continue;
    }
    revision = Number(answer.body.revision);
    step++;
    if (step === plan.length) {
      concluded.push(agreementId);
      step = 0;
      agreement++;
    }
  }
}

function start(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...apiNodeFlags(), script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function output(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kyoyaku-soak-'));
  const env = {
    LEDGER_DATA_DIR: dataDir,
    NODE_ENV: 'production',
    PORT: '0',
    LEDGER_LOG_LEVEL: 'warn',
    // The soak measures the ledger, not the abuse limits: one address sends everything.
    LEDGER_RATE_LIMIT_PER_ADDRESS: '0',
    LEDGER_RATE_LIMIT_PER_TOKEN: '0',
  };
  try {
    const server = start(join(DIST, 'apps/api/src/main.js'), [], env);
    const serverOutput = output(server);
    const serverExit = exited(server);
    for (let i = 0; !/serving at (http:\/\/\S+)/.test(serverOutput()); i++) {
      if (i > 1200 || server.exitCode !== null)
        throw new Error(`the server did not start:\n${serverOutput()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    baseUrl = /serving at (http:\/\/\S+)/.exec(serverOutput())?.[1] ?? '';
    const tokens = JSON.parse(readFileSync(join(dataDir, 'demo-tokens.json'), 'utf8')) as {
      role: string;
      token: string;
    }[];
    secretariat = tokens.find((t) => t.role === 'secretariat')?.token ?? '';
    const headBefore = BigInt(
      ((await (await fetch(`${baseUrl}/health`)).json()) as { store: { headPosition: string } }).store
        .headPosition,
    );

    const began = Date.now();
    const until = began + SECONDS * 1000;
    const clients = Array.from({ length: CLIENTS }, (_, i) => client(i, until));
    // An online backup by the CLI half-way, while the clients keep going.
    await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 2));
    const backupDir = join(dataDir, '..', `${dataDir.split('/').pop() ?? 'soak'}-backup`);
    const backupStarted = Date.now();
    const backup = start(join(DIST, 'apps/cli/src/main.js'), ['backup', '--to', backupDir], env);
    const backupOutput = output(backup);
    const backupCode = await exited(backup);
    const backupSeconds = (Date.now() - backupStarted) / 1000;
    await Promise.all(clients);
    const elapsed = (Date.now() - began) / 1000;

    server.kill('SIGTERM');
    const serverCode = await serverExit;
    if (serverCode !== 0)
      problems.push(`the server exited with ${String(serverCode)} on SIGTERM:\n${serverOutput()}`);
    if (backupCode !== 0) problems.push(`the backup exited with ${String(backupCode)}:\n${backupOutput()}`);

    // ---- the checks, on the data folder the server left ----------------------------------------
    const ledger = await openLedger(loadConfig(env), systemClock);
    let events: RecordedEvent[] = [];
    let rebuildSame = false;
    let verified = '';
    let backupPrefix = 'no backup';
    try {
      for (;;) {
        const page = await ledger.store.readAll({ after: BigInt(events.length), limit: 1000 });
        events = events.concat(page);
        if (page.length < 1000) break;
      }
      const byCorrelation = new Map<string, RecordedEvent[]>();
      for (const event of events) {
        const id = event.metadata.correlationId;
        byCorrelation.set(id, [...(byCorrelation.get(id) ?? []), event]);
      }
      const eventIds = new Set(events.map((e) => e.eventId));
      if (eventIds.size !== events.length) problems.push('an event id occurs twice in the ledger');
      for (const write of writes.values()) {
        const recorded = byCorrelation.get(write.correlationId) ?? [];
        const first = write.acknowledged[0];
        if (first !== undefined) {
          // Every acknowledgement (first answer, replays) names the same events, recorded once.
          for (const ack of write.acknowledged) {
            if (JSON.stringify(ack.eventIds) !== JSON.stringify(first.eventIds)) {
              problems.push(`${write.correlationId}: two answers name different events`);
            }
          }
          const ids = recorded.map((e) => e.eventId);
          if (JSON.stringify(ids) !== JSON.stringify(first.eventIds)) {
            problems.push(
              `${write.correlationId}: acknowledged ${first.eventIds.join(',')}, the ledger holds ${ids.join(',')}`,
            );
          }
          if (recorded.at(-1)?.position.toString() !== first.position) {
            problems.push(`${write.correlationId}: acknowledged at ${first.position}, recorded elsewhere`);
          }
        } else if (!write.unknown && recorded.length > 0) {
          problems.push(
            `${write.correlationId} was refused (${write.refused.join(', ')}) but is in the ledger`,
          );
        }
      }
      for (const [id, recorded] of byCorrelation) {
        if (
          id.startsWith('soak-') &&
          writes.get(id)?.acknowledged.length === 0 &&
          writes.get(id)?.unknown !== true
        ) {
          problems.push(`${id}: ${recorded.length} events in the ledger for a write nobody acknowledged`);
        }
      }

      await ledger.projector.catchUp();
      const before = ledger.readModels.dump(ledger.readModels.activeGeneration());
      const rebuilt = await ledger.projector.rebuild();
      const after = ledger.readModels.dump(rebuilt.generation);
      rebuildSame = before === after;
      if (!rebuildSame) problems.push('the read models differ from a fresh rebuild');

      const report = await verifyExport(ledger.integrity.exportLines(), {
        verifierKey: ledger.integrity.verifierKey,
      });
      verified = report.ok
        ? `OK (${report.events} events, ${report.streams} streams)`
        : `FAILED: ${report.problem}`;
      if (!report.ok) problems.push(`verification failed: ${report.problem}`);

      if (backupCode === 0) {
        const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
        const at = await ledger.integrity.checkpoint(BigInt(manifest.ledger.headPosition));
        backupPrefix =
          at.root === manifest.ledger.root
            ? `a prefix of the ledger (${manifest.ledger.headPosition} events, same root)`
            : 'NOT a prefix of the ledger';
        if (at.root !== manifest.ledger.root) problems.push('the backup is not a prefix of the ledger');
      }
    } finally {
      await ledger.close();
      rmSync(backupDir, { recursive: true, force: true });
    }

    // ---- the report --------------------------------------------------------------------------
    const acknowledged = [...writes.values()].filter((w) => w.acknowledged.length > 0).length;
    const refused = [...writes.values()].filter((w) => w.acknowledged.length === 0 && !w.unknown).length;
    console.log(
      `\nsoak: ${CLIENTS} clients, ${elapsed.toFixed(0)} s, 127.0.0.1 (node ${process.version}), ` +
        `demo data + ${(BigInt(events.length) - headBefore).toString()} events written\n`,
    );
    console.log('| requests | req/s | p50 (ms) | p99 (ms) | max (ms) |');
    console.log('|---|---:|---:|---:|---:|');
    for (const kind of ['read', 'write', 'all'] as const) {
      const ms = samples
        .filter((s) => kind === 'all' || s.kind === kind)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      console.log(
        `| ${kind} (${ms.length}) | ${(ms.length / elapsed).toFixed(0)} | ${percentile(ms, 50).toFixed(1)} | ` +
          `${percentile(ms, 99).toFixed(1)} | ${(ms.at(-1) ?? 0).toFixed(1)} |`,
      );
    }
    console.log('\n| answer | read | write |');
    console.log('|---|---:|---:|');
    const answers = [...new Set(samples.map((s) => s.answer))].sort();
    for (const answer of answers) {
      const count = (kind: Kind): number =>
        samples.filter((s) => s.kind === kind && s.answer === answer).length;
      console.log(`| ${answer} | ${count('read')} | ${count('write')} |`);
    }
    console.log(
      `\nwrites: ${writes.size} logical writes, ${acknowledged} acknowledged (each in the ledger exactly once), ` +
        `${refused} refused (none in the ledger), ${[...writes.values()].filter((w) => w.unknown).length} unknown`,
    );
    console.log(`read models equal a fresh rebuild: ${rebuildSame ? 'yes' : 'NO'}`);
    console.log(`hashes, chains and Merkle root: ${verified}`);
    console.log(
      `online backup half-way: exit ${String(backupCode)} in ${backupSeconds.toFixed(1)} s, ${backupPrefix}`,
    );
    console.log(`SIGTERM: the server exited with ${String(serverCode)}`);
    if (problems.length > 0) {
      console.log(`\nFAILED:\n${problems.slice(0, 20).join('\n')}`);
      process.exitCode = 1;
    } else console.log('\nall checks passed');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
