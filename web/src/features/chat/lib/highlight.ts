// Syntax highlighting for fenced code blocks, with a fixed set of languages bundled locally
// (lowlight = highlight.js over hast). Unknown or unlabelled languages stay plain text.
import type { Element, ElementContent, Root, RootContent } from 'hast';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';

const lowlight = createLowlight({
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  kotlin,
  markdown,
  php,
  python,
  ruby,
  rust,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml,
});
lowlight.registerAlias({ typescript: ['tsx', 'mts', 'cts'], javascript: ['jsx', 'mjs', 'cjs'], shell: ['console'] });

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
