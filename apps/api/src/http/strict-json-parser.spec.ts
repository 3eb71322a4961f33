import { jsonLimitBroken, MAX_BODY_DEPTH } from './strict-json-parser';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
/** The most elements a body may hold for jsonLimitBroken to pass it: its exact element count. */
function elementCount(text: string): number {
  let limit = 0;
  while (jsonLimitBroken(bytes(text), limit) === 'elements') limit++;
  return limit;
}

describe('jsonLimitBroken', () => {
  it('counts array elements and object members, nested ones included, and nothing for empty containers', () => {
    expect(elementCount('0')).toBe(0);
    expect(elementCount('[]')).toBe(0);
    expect(elementCount('{ }')).toBe(0);
    expect(elementCount('[0]')).toBe(1);
    expect(elementCount('[ 1 , 2 ,3 ]')).toBe(3);
    expect(elementCount('{"a":[],"b":{}}')).toBe(2);
    expect(elementCount('{"a":[1,[2,3]],"b":{"c":null}}')).toBe(7);
    expect(elementCount('[[[]]]')).toBe(2);
  });

  it('reads strings as text: brackets, commas, escaped quotes and backslashes, multi-byte characters', () => {
    expect(elementCount('["[,{,]}", "\\\\", "\\"[,", "第1条、「甲」"]')).toBe(4);
    expect(jsonLimitBroken(bytes(`"${'['.repeat(MAX_BODY_DEPTH + 5)}"`), 0)).toBeNull();
  });

  it(`refuses more than ${MAX_BODY_DEPTH} levels of arrays and objects`, () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(jsonLimitBroken(bytes(nested(MAX_BODY_DEPTH)), 100)).toBeNull();
    expect(jsonLimitBroken(bytes(nested(MAX_BODY_DEPTH + 1)), 100)).toBe('depth');
    // Depth is the nesting, not the number of containers.
    expect(jsonLimitBroken(bytes(`[${new Array(100).fill('[]').join(',')}]`), 1000)).toBeNull();
  });
});
