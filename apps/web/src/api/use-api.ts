import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../session';
import { type ApiError, apiGet, type ApiResponse, asApiError } from './api-client';
import type { VersionList } from './api-types';
import { readVersions } from './pages';

export type Loaded<T> =
  { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ok'; data: T; etag: string | null };

type Stored<T> = Loaded<T> & { key: string | null };

type Load<T> = (token: string | undefined, signal: AbortSignal) => Promise<ApiResponse<T>>;

/**
 * Reads what `load` reads for a page, with the signed-in token (needed where the server requires a
 * token to read), once per `key`. A newer key cancels the older request and shows loading; `reload`
 * reads again and keeps showing the old answer meanwhile, so forms on the page keep their input.
 * A null key reads nothing.
 */
function useLoaded<T>(key: string | null, load: Load<T>): Loaded<T> & { reload: () => void } {
  const { session } = useSession();
  const token = session?.token;
  const [stored, setStored] = useState<Stored<T>>({ state: 'loading', key: null });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    load(token, controller.signal).then(
      (response) => {
        if (controller.signal.aborted) return;
        setStored({ state: 'ok', data: response.data, etag: response.etag, key });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setStored({
          state: 'error',
          key,
          error: asApiError(error),
        });
      },
    );
    return () => controller.abort();
    // `load` reads what `key` names: a new key is a new read.
  }, [key, token, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  if (stored.key !== key) return { state: 'loading', reload };
  return { ...stored, reload };
}

/** Reads one API resource for a page (see useLoaded). Pass null to read nothing. */
export function useApi<T>(path: string | null): Loaded<T> & { reload: () => void } {
  return useLoaded(path, (token, signal) =>
    path === null ? Promise.reject(new Error('nothing to read')) : apiGet<T>(path, token, signal),
  );
}

/** The whole 沿革 of an agreement, every page of GET …/versions read (readVersions). */
export function useVersions(agreementId: string): Loaded<VersionList> & { reload: () => void } {
  return useLoaded(`/agreements/${agreementId}/versions`, async (token, signal) => ({
    data: await readVersions(
      async <R>(path: string): Promise<R> => (await apiGet<R>(path, token, signal)).data,
      agreementId,
    ),
    etag: null,
  }));
}
