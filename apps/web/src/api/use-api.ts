import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../session';
import { type ApiError, apiGet, asApiError } from './api-client';

export type Loaded<T> =
  { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ok'; data: T; etag: string | null };

type Stored<T> = Loaded<T> & { path: string | null };

/**
 * Reads one API resource for a page, with the signed-in token (needed where the server requires a
 * token to read). A newer path cancels the older request and shows loading; `reload` reads the same
 * path again and keeps showing the old answer meanwhile, so forms on the page keep their input.
 * Pass null to read nothing.
 */
export function useApi<T>(path: string | null): Loaded<T> & { reload: () => void } {
  const { session } = useSession();
  const token = session?.token;
  const [stored, setStored] = useState<Stored<T>>({ state: 'loading', path: null });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (path === null) return undefined;
    const controller = new AbortController();
    apiGet<T>(path, token, controller.signal).then(
      (response) => {
        if (controller.signal.aborted) return;
        setStored({ state: 'ok', data: response.data, etag: response.etag, path });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setStored({
          state: 'error',
          path,
          error: asApiError(error),
        });
      },
    );
    return () => controller.abort();
  }, [path, token, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  if (stored.path !== path) return { state: 'loading', reload };
  return { ...stored, reload };
}
