// Turns Perplexity's citation markers ("… as reported [1].") into numbered links to the
// sources, outside code. Markers without a matching source stay as they are.
import type { Link, Parent, Root, RootContent, Text } from 'mdast';

export interface CitationSource {
  index: number;
  url: string;
  title?: string | null;
}

const MARKER = /\[(\d{1,3})\]/g;
const SKIP = new Set(['link', 'linkReference', 'inlineCode', 'code', 'definition', 'html']);

function split(node: Text, byIndex: Map<number, CitationSource>): RootContent[] {
  const parts: RootContent[] = [];
  let last = 0;
  for (const match of node.value.matchAll(MARKER)) {
    const source = byIndex.get(Number(match[1]));
    if (!source) continue;
    const start = match.index;
    if (start > last) parts.push({ type: 'text', value: node.value.slice(last, start) });
    const link: Link = {
      type: 'link',
      url: source.url,
      title: source.title ?? null,
      children: [{ type: 'text', value: `[${source.index}]` }],
      data: { hProperties: { className: ['citation'], dataCitation: String(source.index) } },
    };
    parts.push(link);
    last = start + match[0].length;
  }
  if (parts.length === 0) return [node];
  if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
  return parts;
}

function walk(node: Parent, byIndex: Map<number, CitationSource>) {
  const children: RootContent[] = [];
  for (const child of node.children as RootContent[]) {
    if (child.type === 'text') children.push(...split(child, byIndex));
    else {
      if ('children' in child && !SKIP.has(child.type)) walk(child, byIndex);
      children.push(child);
    }
  }
  node.children = children as Parent['children'];
}

export function remarkCitations(options: { citations?: readonly CitationSource[] } = {}) {
  const byIndex = new Map((options.citations ?? []).map((citation) => [citation.index, citation]));
  return (tree: Root) => {
    if (byIndex.size > 0) walk(tree, byIndex);
  };
}
