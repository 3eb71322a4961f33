import { csvAttachment, toCsv } from './csv';

describe('toCsv', () => {
  it('starts with a BOM, ends every line with CRLF and keeps Japanese intact', () => {
    const csv = toCsv(['団体名', '負担額'], [['青森市', 1500000n]]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toBe('\uFEFF団体名,負担額\r\n青森市,1500000\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180), and writes empties for null', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [['x,y', 'say "はい"', '一行目\n二行目', null]])).toBe(
      '\uFEFFa,b,c,d\r\n"x,y","say ""はい""","一行目\n二行目",\r\n',
    );
  });

  it('neutralises text a spreadsheet would run as a formula, but not numbers', () => {
    const csv = toCsv(
      ['v'],
      [['=HYPERLINK("http://x")'], ['+1'], ['-2'], ['@SUM(A1)'], ['\tx'], [-350000n], [-1]],
    );
    expect(csv.split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""http://x"")"`,
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      '-350000',
      '-1',
    ]);
  });

  it('neutralises the full-width ＝＋－＠ at the start of a cell as their ASCII forms (spreadsheets read them as formulas)', () => {
    const csv = toCsv(['v'], [['＝HYPERLINK("http://x")'], ['＋1'], ['－2'], ['＠SUM(A1)'], ['１＝１']]);
    expect(csv.split('\r\n').slice(1, -1)).toEqual([
      `"'＝HYPERLINK(""http://x"")"`,
      "'＋1",
      "'－2",
      "'＠SUM(A1)",
      '１＝１',
    ]);
  });

  it('names the attachment safely', () => {
    expect(csvAttachment('cost-shares-aomori-2020')).toBe(
      'attachment; filename="cost-shares-aomori-2020.csv"',
    );
    expect(csvAttachment('a"b/c')).toBe('attachment; filename="a_b_c.csv"');
  });
});
