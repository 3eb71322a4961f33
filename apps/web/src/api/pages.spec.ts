import type { VersionListItem, VersionPage } from './api-types';
import { readVersions } from './pages';

function version(number: number): VersionListItem {
  return { number, effectiveFrom: `2020-04-0${number}` } as VersionListItem;
}

describe('readVersions', () => {
  it('reads every page of the 沿革, following nextCursor with the largest page, and keeps the abolition', async () => {
    const pages: Record<string, VersionPage> = {
      '/agreements/a/versions?limit=500': {
        today: '2026-11-27',
        items: [version(1), version(2)],
        nextCursor: '2',
      },
      '/agreements/a/versions?limit=500&after=2': {
        today: '2026-11-27',
        items: [version(3)],
        nextCursor: null,
        abolition: {
          proceedingId: 'p9',
          concludedOn: '2024-03-22',
          effectiveOn: '2024-04-01',
          reason: '廃止',
          label: '令和6年3月22日廃止（令和6年4月1日施行）',
        },
      },
    };
    const asked: string[] = [];
    const get = <T>(path: string): Promise<T> => {
      asked.push(path);
      const page = pages[path];
      return page === undefined ? Promise.reject(new Error(path)) : Promise.resolve(page as T);
    };
    const list = await readVersions(get, 'a');
    expect(asked).toEqual(Object.keys(pages));
    expect(list.versions.map((v) => v.number)).toEqual([1, 2, 3]);
    expect(list.today).toBe('2026-11-27');
    expect(list.abolition?.label).toBe('令和6年3月22日廃止（令和6年4月1日施行）');
  });
});
