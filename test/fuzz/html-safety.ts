/**
 * Checks on HTML the API serves: nothing a client typed may become markup. The text is read as a
 * browser's tokenizer would see tags; every tag and attribute must be one the page's template writes.
 */

export interface HtmlShape {
  tags: Set<string>;
  attributes: Set<string>;
}

const TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

interface Tag {
  name: string;
  attributes: { name: string; value: string }[];
  /** Text up to the matching close tag, for <script>. */
  content: string;
}

function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];
  for (const match of html.matchAll(TAG)) {
    if (match[0].startsWith('</')) continue;
    const name = (match[1] ?? '').toLowerCase();
    const attributes = [...(match[2] ?? '').matchAll(ATTRIBUTE)].map((a) => ({
      name: (a[1] ?? '').toLowerCase(),
      value: a[2] ?? a[3] ?? a[4] ?? '',
    }));
    const end = (match.index ?? 0) + match[0].length;
    const close = html.toLowerCase().indexOf(`</${name}`, end);
    tags.push({ name, attributes, content: close === -1 ? '' : html.slice(end, close) });
  }
  return tags;
}

export function shapeOf(html: string): HtmlShape {
  const tags = tagsOf(html);
  return {
    tags: new Set(tags.map((t) => t.name)),
    attributes: new Set(tags.flatMap((t) => t.attributes.map((a) => a.name))),
  };
}

/**
 * What is wrong with a page as served: script that would run (inline script, event handler
 * attributes, javascript: URLs), injected canary markup, and — given the template's own shape — any
 * tag or attribute the template never writes.
 */
export function htmlProblems(html: string, template?: HtmlShape): string[] {
  const problems: string[] = [];
  for (const tag of tagsOf(html)) {
    if (
      tag.name === 'script' &&
      (tag.content.trim() !== '' || !tag.attributes.some((a) => a.name === 'src'))
    ) {
      problems.push(`inline <script>: ${tag.content.slice(0, 80)}`);
    }
    if (tag.name.includes('canary')) problems.push(`injected tag <${tag.name}>`);
    for (const attribute of tag.attributes) {
      if (attribute.name.startsWith('on'))
        problems.push(`event handler attribute ${attribute.name} on <${tag.name}>`);
      if (/^\s*javascript:/i.test(attribute.value)) problems.push(`javascript: URL in ${attribute.name}`);
      if (/canary/i.test(attribute.name)) problems.push(`injected attribute ${attribute.name}`);
      if (template !== undefined && !template.attributes.has(attribute.name)) {
        problems.push(`attribute ${attribute.name} on <${tag.name}> is not one the template writes`);
      }
    }
    if (template !== undefined && !template.tags.has(tag.name)) {
      problems.push(`tag <${tag.name}> is not one the template writes`);
    }
  }
  return problems;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

/** The page's text as a reader sees it: tags dropped, entities decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(TAG, '')
    .replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name] ?? '');
}
