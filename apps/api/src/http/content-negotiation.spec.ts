import { preferredType } from './content-negotiation';

const JSON_OR_TEXT = ['application/json', 'text/plain'] as const;
const pick = (accept: string | undefined): string => preferredType(accept, JSON_OR_TEXT, 'application/json');

describe('preferredType', () => {
  it('gives the fallback without Accept, or when no offered type is named', () => {
    expect(pick(undefined)).toBe('application/json');
    expect(pick('image/png')).toBe('application/json');
    expect(pick('')).toBe('application/json');
  });

  it('gives the type the client lists first among equal weights', () => {
    expect(pick('text/plain')).toBe('text/plain');
    expect(pick('text/plain, application/json')).toBe('text/plain');
    expect(pick('application/json, text/plain')).toBe('application/json');
  });

  it('weighs quality values: q=0 refuses a type, a higher q wins over the order', () => {
    expect(pick('application/json;q=0, text/plain')).toBe('text/plain');
    expect(pick('application/json; q=0.5, text/plain; q=0.8')).toBe('text/plain');
    expect(pick('text/plain;q=0.1, application/json')).toBe('application/json');
  });

  it('matches whole media types only, case-insensitively, and reads wildcards by specificity', () => {
    expect(pick('text/plainer')).toBe('application/json');
    expect(pick('TEXT/PLAIN')).toBe('text/plain');
    expect(pick('text/*')).toBe('text/plain');
    // */* weighs every type alike: the route's usual type.
    expect(pick('*/*')).toBe('application/json');
    // The specific range decides, not the wildcard: text/plain refused though text/* is welcome.
    expect(pick('text/*, text/plain;q=0')).toBe('application/json');
    // A browser's navigation.
    expect(
      preferredType(
        'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        ['application/json', 'text/html'] as const,
        'application/json',
      ),
    ).toBe('text/html');
  });

  it('ignores a weight it cannot read rather than refusing the type', () => {
    expect(pick('text/plain;q=2')).toBe('text/plain');
    expect(pick('text/plain;q=abc, application/json;q=0.5')).toBe('text/plain');
  });
});
