import fc from 'fast-check';

/**
 * Input a hostile or careless client sends. The canary names (kl-canary, klCanary) let the HTML checks
 * recognise an injection that got through as markup.
 */
export const MARKUP_PAYLOADS = [
  '<script>klCanary()</script>',
  '<kl-canary>',
  '"><img src=x onerror=klCanary()>',
  "'><svg onload=klCanary()>",
  '" onmouseover="klCanary()" x="',
  "' onfocus='klCanary()' autofocus x='",
  'javascript:klCanary()',
  '</td></tr></table><script>klCanary()</script>',
  '<!--',
  ']]><kl-canary>',
  '<style>body{display:none}</style>',
  '&lt;kl-canary&gt;',
  '{{constructor.constructor("klCanary()")()}}',
] as const;

export const SQL_PAYLOADS = [
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '1; SELECT * FROM access_tokens --',
  "x' UNION SELECT token_hash FROM access_tokens --",
  '%',
  '_',
  '\\',
] as const;

/** Dates that look right and are not: no 29 February in 2019, no month 13, no day 0. */
export const IMPOSSIBLE_DATES = [
  '2019-02-29',
  '2021-02-29',
  '1900-02-29',
  '2019-13-01',
  '2019-00-10',
  '2019-04-31',
  '2019-12-32',
  '2019-12-00',
  '0000-01-01',
  '99999-01-01',
  '2019-2-1',
  '2019/12/25',
  '令和元年12月25日',
  '2019-12-25T00:00:00Z',
  '2019-12-25 ',
  '２０１９-１２-２５',
  '-2019-12-25',
  '2019-12-25\u0000',
] as const;

export const ODD_INSTANTS = [
  '2019-02-29T00:00:00Z',
  '2026-01-01T25:00:00Z',
  '2026-01-01T00:60:00Z',
  '2026-01-01T00:00:00',
  '2026-01-01T00:00:00+24:00',
  '2026-01-01T00:00:00.1234567890Z',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  'now',
] as const;

/** Numbers written as JSON text, so they can be out of what a double holds. */
export const RAW_NUMBERS = [
  '1e400',
  '-1e400',
  '9007199254740993',
  '-9007199254740993',
  '99999999999999999999999999',
  '-0',
  '0.1',
  '1.5',
  '-1',
  '0',
  '2147483648',
  '1e-400',
] as const;

export const NUMERIC_STRINGS = [
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '99999999999999999999999',
  '18446744073709551616',
  '9223372036854775808',
  '',
  ' 1',
  '1 ',
  '+1',
  '٣',
] as const;

const CONTROL = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u200b',
  '\ufeff',
  '\u202e',
);
const ODD_UNICODE = fc.constantFrom(
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '\ufffd',
  '\uFA19',
  '\u304B\u3099',
  '\u{2F800}',
  'Ａ',
  '𠮷',
  'ﾃﾞ',
  '\u0301',
);

/** A string from any of the hostile families, or a mix of them with ordinary text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...MARKUP_PAYLOADS),
  fc.constantFrom(...SQL_PAYLOADS),
  fc.constantFrom(...IMPOSSIBLE_DATES),
  fc.constantFrom(...ODD_INSTANTS),
  fc.constantFrom(...NUMERIC_STRINGS),
  fc
    .array(fc.oneof(CONTROL, ODD_UNICODE, fc.string({ maxLength: 4 })), { maxLength: 12 })
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(fc.constantFrom('a', '連', '<', '"', '\u0000'), fc.integer({ min: 1_000, max: 70_000 }))
    .map(([c, n]) => c.repeat(n)),
  fc.constant(''),
  fc.constant(' '),
);

/** Any JSON value of the wrong kind. */
export const wrongTypeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  hostileString,
);

/** A header value Node will send (latin-1 printable): hostile, but a valid HTTP header. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('"12"', 'W/"3"', '*', '"-1"', '"99999999999999999999"', 'abc', '', ' ', '"', 'null'),
  fc.constantFrom(...SQL_PAYLOADS, ...MARKUP_PAYLOADS.filter((p) => !/[^\t\x20-\x7e]/.test(p))),
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\t\x20-\x7e]/g, '')),
  fc.integer({ min: 200, max: 6_000 }).map((n) => 'k'.repeat(n)),
  fc.constant('\u00ff\u00e9latin1'),
);

/** Bytes that are not UTF-8, in the places a JSON string may hide them. */
export const INVALID_UTF8 = [
  Buffer.from([0xff]),
  Buffer.from([0xfe, 0xff]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0x80, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0xe3, 0x81]),
  Buffer.from([0x80]),
] as const;

/** Path segments: traversal, encodings the router must not trip on, and ordinary mistakes. */
export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '..',
    '%2e%2e',
    '..%2f..%2fetc%2fpasswd',
    '%00',
    '%ZZ',
    '%',
    '%FF',
    '%C0%AF',
    '%E3%81',
    '%2F',
    '%20',
    '-',
    'A',
    'UPPER-CASE',
    '0',
    '-1',
    '1.5',
    'NaN',
    '99999999999999999999',
    '%F0%9F%98%80',
    '%E9%80%A3%E6%90%BA',
  ),
  hostileString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')).slice(0, 8_000)),
  fc.integer({ min: 65, max: 300 }).map((n) => 'a'.repeat(n)),
);

/** Query values: everything above, percent-encoded, and encodings left broken on purpose. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...IMPOSSIBLE_DATES, ...ODD_INSTANTS, ...NUMERIC_STRINGS).map(encodeURIComponent),
  hostileString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '')).slice(0, 6_000)),
  fc.constantFrom('%ZZ', '%', '%FF', '%C0%AF', '%00', 'a%00b', '%E3%81', 'true', 'false', '[]', '{}'),
);
