// The text of a Markdown message as a reader sees it, for search excerpts: no `**`, backticks,
// fences, heading marks or link targets. Blocks (paragraphs, list items, code) are separated
// by a space, the inline pieces of one block joined as they are.
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes } from 'mdast';

const PHRASING = new Set([
  'paragraph',
  'heading',
  'emphasis',
  'strong',
  'delete',
  'link',
  'linkReference',
  'tableCell',
]);

function text(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'image':
    case 'imageReference':
      return node.alt ?? '';
    case 'break':
      return ' ';
    case 'html':
      return '';
    default:
      return 'children' in node ? node.children.map(text).join(PHRASING.has(node.type) ? '' : ' ') : '';
  }
}

export const plainText = (markdown: string) => text(fromMarkdown(markdown));
