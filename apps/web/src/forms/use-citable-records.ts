/**
 * The records a consultation's outcomes may cite, read from the public routes: for each agreement
 * of the region with a participant as its partner, its history (every page) and proceedings and,
 * for a token that may read them, its doubts; for each project of the region with a participant
 * besides the core city, its cost-share decisions. About 4 requests per agreement and 1 per project
 * and doubt (23 on the demo); a ledger of hundreds of agreements would want one server route.
 */
import { useEffect, useMemo, useState } from 'react';
import { apiGet, asApiError, queryString } from '../api/api-client';
import { allPages, type Get } from '../api/pages';
import type {
  AgreementListItem,
  DoubtListItem,
  Page,
  Proceeding,
  ProjectCostShares,
  ProjectSummary,
  TimelineEntry,
} from '../api/api-types';
import type { Loaded } from '../api/use-api';
import { useI18n } from '../i18n/i18n';
import {
  type CitableDoubt,
  type CitableRecord,
  citableRecords,
  type CitableSources,
} from '../lib/citable-records';
import { useSession } from '../session';

const PAGE = 500;

async function readSources(
  get: Get,
  regionId: string,
  participants: readonly string[] | null,
  readDoubts: boolean,
): Promise<CitableSources> {
  const takesPart = (code: string) => participants === null || participants.includes(code);
  const [agreements, projects] = await Promise.all([
    get<Page<AgreementListItem>>(`/agreements${queryString({ regionId, limit: PAGE })}`),
    allPages<ProjectSummary>(get, `/regions/${regionId}/projects`),
  ]);
  return {
    agreements: await Promise.all(
      agreements.items
        .filter((a) => takesPart(a.partner.code))
        .map(async (summary) => {
          const base = `/agreements/${summary.agreementId}`;
          const [history, proceedings, doubts] = await Promise.all([
            allPages<TimelineEntry>(get, `${base}/history`),
            get<Proceeding[]>(`${base}/proceedings`),
            readDoubts
              ? allPages<DoubtListItem>(get, `${base}/doubts`).then((list) =>
                  Promise.all(list.map((d) => get<CitableDoubt>(`/doubts/${d.doubtId}`))),
                )
              : Promise.resolve([]),
          ]);
          // A 勧告 shown in the history lives on the region's stream: not an agreement's record.
          return { summary, history: history.filter((e) => e.streamId === undefined), proceedings, doubts };
        }),
    ),
    projects: await Promise.all(
      projects
        .filter((p) => p.participants.some((m) => m.code !== p.coreCity.code && takesPart(m.code)))
        .map(async (p) => {
          const register = await get<ProjectCostShares>(`/projects/${p.projectId}/cost-shares`);
          return {
            projectId: p.projectId,
            name: p.name,
            decisions: register.fiscalYears.flatMap((y) => y.decisions),
          };
        }),
    ),
  };
}

/**
 * `participants`: the codes of the consultation's participants (null: every agreement and project of
 * the region); `active` false reads nothing. Named in the language shown.
 */
export function useCitableRecords(
  regionId: string,
  participants: readonly string[] | null,
  active: boolean,
): Loaded<CitableRecord[]> {
  const { t } = useI18n();
  const { session } = useSession();
  const token = session?.token;
  // Doubts are shown to the parties' clerks, the secretariat and admins only.
  const readDoubts = session !== null && session.role !== 'reader';
  const key = participants === null ? '' : participants.join(',');
  const [loaded, setLoaded] = useState<Loaded<CitableSources>>({ state: 'loading' });
  useEffect(() => {
    if (!active) return undefined;
    const controller = new AbortController();
    const get: Get = async <T>(path: string) => (await apiGet<T>(path, token, controller.signal)).data;
    setLoaded({ state: 'loading' });
    readSources(get, regionId, key === '' ? null : key.split(','), readDoubts).then(
      (data) => {
        if (!controller.signal.aborted) setLoaded({ state: 'ok', data, etag: null });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoaded({
          state: 'error',
          error: asApiError(error),
        });
      },
    );
    return () => controller.abort();
  }, [regionId, key, active, token, readDoubts]);
  return useMemo(
    () =>
      loaded.state === 'ok' ? { state: 'ok', data: citableRecords(t, loaded.data), etag: null } : loaded,
    [loaded, t],
  );
}
