import { describe, expect, it } from '@jest/globals';
import { appPath, href, matchRoute } from './routes';

describe('pages and their addresses under /app', () => {
  it('finds the page of each address', () => {
    expect(matchRoute('/')).toEqual({ page: 'home' });
    expect(matchRoute('/regions/aomori')).toEqual({ page: 'region', regionId: 'aomori' });
    expect(matchRoute('/agreements/aomori-hiranai')).toEqual({
      page: 'agreement',
      agreementId: 'aomori-hiranai',
    });
    expect(matchRoute('/agreements/aomori-hiranai/')).toEqual({
      page: 'agreement',
      agreementId: 'aomori-hiranai',
    });
    expect(matchRoute('/agreements/aomori-hiranai/comparison')).toEqual({
      page: 'comparison',
      agreementId: 'aomori-hiranai',
    });
    expect(matchRoute('/agreements/aomori-hiranai/history')).toEqual({
      page: 'history',
      agreementId: 'aomori-hiranai',
    });
    expect(matchRoute('/agreements/aomori-hiranai/proceedings')).toEqual({
      page: 'proceedings',
      agreementId: 'aomori-hiranai',
    });
    expect(matchRoute('/regions/aomori/cost-shares')).toEqual({ page: 'cost-shares', regionId: 'aomori' });
    expect(matchRoute('/regions/aomori/consultations')).toEqual({
      page: 'consultations',
      regionId: 'aomori',
    });
    expect(matchRoute('/agreements/aomori-hiranai/doubts')).toEqual({
      page: 'doubts',
      agreementId: 'aomori-hiranai',
    });
    expect(matchRoute('/doubts/hiranai-2024-publicity')).toEqual({
      page: 'dossier',
      doubtId: 'hiranai-2024-publicity',
    });
    expect(matchRoute('/ledger')).toEqual({ page: 'ledger' });
    expect(matchRoute('/sign-in')).toEqual({ page: 'sign-in' });
  });

  it('says so for an address that is no page (ids as the API allows them)', () => {
    expect(matchRoute('/agreements/Aomori')).toEqual({ page: 'not-found', path: '/agreements/Aomori' });
    expect(matchRoute('/agreements/x/y')).toEqual({ page: 'not-found', path: '/agreements/x/y' });
  });

  it('maps browser paths to application paths and back', () => {
    expect(appPath('/app')).toBe('/');
    expect(appPath('/app/')).toBe('/');
    expect(appPath('/app/ledger')).toBe('/ledger');
    expect(href('/ledger')).toBe('/app/ledger');
    expect(href('/agreements/x?asOf=2021-04-01')).toBe('/app/agreements/x?asOf=2021-04-01');
  });
});
