/**
 * Reading a whole list through the API's pages (`?after=&limit=`, `nextCursor` null on the last),
 * for the screens that need every entry: the 沿革 of an agreement, a history, a register.
 */
import { queryString } from './api-client';
import type { Page, VersionList, VersionPage } from './api-types';

/** Reads one resource (the caller's token and abort signal already bound). */
export type Get = <T>(path: string) => Promise<T>;

/** The API's largest page: fewest requests. */
const PAGE_LIMIT = 500;

/** Every page of a list, in order. */
export async function everyPage<P extends Page<unknown>>(get: Get, path: string): Promise<P[]> {
  const pages: P[] = [];
  let after: string | null = null;
  do {
    const page: P = await get<P>(
      `${path}${queryString({ limit: PAGE_LIMIT, ...(after === null ? {} : { after }) })}`,
    );
    pages.push(page);
    after = page.nextCursor;
  } while (after !== null);
  return pages;
}

/** Every entry of a list, in order. */
export async function allPages<T>(get: Get, path: string): Promise<T[]> {
  return (await everyPage<Page<T>>(get, path)).flatMap((page) => page.items);
}

/** The whole 沿革 of an agreement: every version, in 施行日 order, and the abolition if any. */
export async function readVersions(get: Get, agreementId: string): Promise<VersionList> {
  const pages = await everyPage<VersionPage>(get, `/agreements/${agreementId}/versions`);
  const last = pages.at(-1);
  return {
    today: last?.today ?? '',
    versions: pages.flatMap((page) => page.items),
    ...(last?.abolition === undefined ? {} : { abolition: last.abolition }),
  };
}
