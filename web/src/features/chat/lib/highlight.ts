// Syntax highlighting for fenced code blocks (the shared lowlight instance). Unknown or
// unlabelled languages stay plain text.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { lowlight } from '@/lib/lowlight';

const isElement = (node: RootContent | ElementContent | undefined, tag: string): node is Element =>
  node?.type === 'element' && node.tagName === tag;

export function textOf(node: Element | ElementContent | Root | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value;
  if ('children' in node) return node.children.map((child) => textOf(child as ElementContent)).join('');
  return '';
}

/** The language of a `<code class="language-x">` element, if it names one. */
export function languageOf(code: Element | undefined): string | undefined {
  const classes: unknown = code?.properties.className;
  const list = Array.isArray(classes) ? classes.map(String) : typeof classes === 'string' ? classes.split(' ') : [];
  const found = list.find((name) => name.startsWith('language-'));
  return found?.slice('language-'.length).toLowerCase() || undefined;
}

/** The code element inside a `<pre>`, if it has one. */
export const codeOf = (pre: Element | undefined) =>
  pre?.children.find((child): child is Element => isElement(child, 'code'));

function walk(node: Root | Element) {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    const code = isElement(child, 'pre') ? codeOf(child) : undefined;
    if (!code) {
      walk(child);
      continue;
    }
    const language = languageOf(code);
    if (!language || !lowlight.registered(language)) continue;
    const tree = lowlight.highlight(language, textOf(code));
    code.children = tree.children as ElementContent[];
    const classes = Array.isArray(code.properties.className) ? code.properties.className : [];
    code.properties.className = [...classes, 'hljs'];
  }
}

/** A rehype plugin: highlights `pre > code.language-*` in place. */
export function rehypeHighlightCode() {
  return (tree: Root) => walk(tree);
}
