/**
 * The text of each page of a PDF, read back well enough to check what a print shows (page numbers,
 * headings): objects and their Flate streams, each page's content streams, the fonts' ToUnicode
 * CMaps, and the strings of the text operators (Tj, TJ, ' and ") decoded through them. Enough for the
 * PDFs Chromium (Skia) and LibreOffice write; not a general PDF reader (no encryption, no
 * cross-reference streams with compressed objects beyond object streams, no Type0 descendants without
 * a ToUnicode map). A font's ToUnicode map may give a kanji back as the radical that shares its glyph
 * (⻘ for 青, ⽉ for 月: Skia does): compare digits and ASCII here, words through the DOM.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

/** Objects by number, from `n 0 obj … endobj` and from object streams (/Type /ObjStm). */
function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const pattern = /(\d+)\s+\d+\s+obj\b/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const streamAt = body.search(/\bstream\r?\n/);
    if (streamAt < 0) {
      objects.set(Number(match[1]), { dict: body });
    } else {
      const dict = body.slice(0, streamAt);
      const dataStart = start + streamAt + (/\bstream\r\n/.test(body.slice(streamAt, streamAt + 8)) ? 8 : 7);
      const dataEnd = text.lastIndexOf('endstream', end);
      let data = pdf.subarray(dataStart, dataEnd);
      if (/\/FlateDecode/.test(dict)) {
        try {
          data = inflateSync(data);
        } catch {
          data = inflateSync(data.subarray(0, data.length - 1));
        }
      }
      objects.set(Number(match[1]), { dict, stream: data });
    }
    pattern.lastIndex = end;
  }
  for (const object of [...objects.values()]) {
    if (!/\/Type\s*\/ObjStm/.test(object.dict) || object.stream === undefined) continue;
    const count = Number(/\/N\s+(\d+)/.exec(object.dict)?.[1] ?? 0);
    const first = Number(/\/First\s+(\d+)/.exec(object.dict)?.[1] ?? 0);
    const content = object.stream.toString('latin1');
    const header = content.slice(0, first).trim().split(/\s+/).map(Number);
    for (let i = 0; i < count; i++) {
      const number = header[2 * i] ?? 0;
      const offset = first + (header[2 * i + 1] ?? 0);
      const next = i + 1 < count ? first + (header[2 * i + 3] ?? 0) : content.length;
      objects.set(number, { dict: content.slice(offset, next) });
    }
  }
  return objects;
}

const refsIn = (text: string): number[] => [...text.matchAll(/(\d+)\s+\d+\s+R/g)].map((m) => Number(m[1]));

/** The value of `/Key` in a dictionary's text: an inline `<< … >>` (balanced) or a reference's object. */
function entry(objects: Map<number, PdfObject>, dict: string, key: string): string | undefined {
  const at = dict.search(new RegExp(`/${key}(?![A-Za-z])`));
  if (at < 0) return undefined;
  const rest = dict.slice(at + key.length + 1).trimStart();
  if (rest.startsWith('<<')) {
    let depth = 0;
    for (let i = 0; i < rest.length - 1; i++) {
      if (rest.startsWith('<<', i)) {
        depth++;
        i++;
      } else if (rest.startsWith('>>', i)) {
        depth--;
        i++;
        if (depth === 0) return rest.slice(0, i + 1);
      }
    }
    return rest;
  }
  const ref = /^(\d+)\s+\d+\s+R/.exec(rest);
  if (ref) return objects.get(Number(ref[1]))?.dict;
  return rest;
}

interface CMap {
  bytes: number;
  map: Map<number, string>;
}

function hexToString(hex: string): string {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  if (hex.length === 2) out = String.fromCharCode(parseInt(hex, 16));
  return out;
}

function parseCMap(text: string): CMap {
  const map = new Map<number, string>();
  let bytes = 1;
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) {
      bytes = Math.max(bytes, (m[1] ?? '').length / 2);
      map.set(parseInt(m[1] ?? '0', 16), hexToString(m[2] ?? ''));
    }
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = block[1] ?? '';
    for (const m of body.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1] ?? '0', 16);
      const hi = parseInt(m[2] ?? '0', 16);
      bytes = Math.max(bytes, (m[1] ?? '').length / 2);
      const target = m[3] ?? '';
      if (target.startsWith('[')) {
        [...target.matchAll(/<([0-9A-Fa-f]*)>/g)].forEach((t, i) => map.set(lo + i, hexToString(t[1] ?? '')));
      } else {
        const base = target.slice(1, -1);
        const prefix = base.slice(0, -4);
        const last = parseInt(base.slice(-4), 16);
        for (let code = lo; code <= hi; code++) {
          map.set(
            code,
            prefix.length > 0
              ? hexToString(prefix) + String.fromCharCode(last + code - lo)
              : String.fromCharCode(last + code - lo),
          );
        }
      }
    }
  }
  return { bytes, map };
}

/** The bytes of a literal string `( … )` with its escapes. */
function literalBytes(literal: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i] ?? '';
    if (c !== '\\') {
      out.push(c.charCodeAt(0));
      continue;
    }
    const next = literal[++i] ?? '';
    const octal = /^[0-7]{1,3}/.exec(literal.slice(i));
    if (octal) {
      out.push(parseInt(octal[0], 8));
      i += octal[0].length - 1;
    } else {
      const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
      if (next !== '\n') out.push(escapes[next] ?? next.charCodeAt(0));
    }
  }
  return out;
}

function decode(bytes: number[], cmap: CMap | undefined): string {
  if (cmap === undefined) return String.fromCharCode(...bytes);
  let out = '';
  for (let i = 0; i + cmap.bytes <= bytes.length; i += cmap.bytes) {
    let code = 0;
    for (let j = 0; j < cmap.bytes; j++) code = code * 256 + (bytes[i + j] ?? 0);
    out += cmap.map.get(code) ?? '';
  }
  return out;
}

/** The text shown on each page, in content order; text objects (BT … ET) are separated by a line break. */
export function pdfPageTexts(pdf: Buffer): string[] {
  const objects = readObjects(pdf);
  const pages = [...objects.entries()]
    .filter(([, o]) => /\/Type\s*\/Page(?![s\w])/.test(o.dict))
    .sort(([a], [b]) => a - b);
  // Pages in the order the page tree lists them.
  const order: number[] = [];
  const visit = (number: number): void => {
    const object = objects.get(number);
    if (object === undefined) return;
    if (/\/Type\s*\/Pages/.test(object.dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(object.dict)?.[1] ?? '';
      refsIn(kids).forEach(visit);
    } else order.push(number);
  };
  const root = [...objects.entries()].find(
    ([, o]) => /\/Type\s*\/Pages/.test(o.dict) && !/\/Parent/.test(o.dict),
  );
  if (root) visit(root[0]);
  const pageNumbers = order.length > 0 ? order : pages.map(([n]) => n);
  return pageNumbers.map((number) => {
    const page = objects.get(number)?.dict ?? '';
    const resources = entry(objects, page, 'Resources') ?? '';
    const fontDict = entry(objects, resources, 'Font') ?? '';
    const fonts = new Map<string, CMap | undefined>();
    for (const m of fontDict.matchAll(/\/([^\s/<>[\]()]+)\s+(\d+)\s+\d+\s+R/g)) {
      const font = objects.get(Number(m[2]))?.dict ?? '';
      const toUnicode = /\/ToUnicode\s+(\d+)\s+\d+\s+R/.exec(font);
      const stream = toUnicode ? objects.get(Number(toUnicode[1]))?.stream : undefined;
      fonts.set(m[1] ?? '', stream === undefined ? undefined : parseCMap(stream.toString('latin1')));
    }
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/.exec(page)?.[1] ?? '';
    const content = refsIn(contents)
      .map((ref) => objects.get(ref)?.stream?.toString('latin1') ?? '')
      .join('\n');
    let font: CMap | undefined;
    let out = '';
    const tokens =
      /\/([^\s/<>[\]()]+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f\s]*)>|\(((?:\\[\s\S]|[^\\)])*)\)|\b(ET)\b/g;
    for (let m = tokens.exec(content); m !== null; m = tokens.exec(content)) {
      if (m[1] !== undefined) font = fonts.get(m[1]);
      else if (m[2] !== undefined) {
        const hex = m[2].replace(/\s+/g, '');
        const bytes: number[] = [];
        for (let i = 0; i + 2 <= hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
        out += decode(bytes, font);
      } else if (m[3] !== undefined) out += decode(literalBytes(m[3]), font);
      else if (m[4] !== undefined) out += '\n';
    }
    return out;
  });
}
