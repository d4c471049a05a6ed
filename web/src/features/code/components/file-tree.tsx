// The workspace's files as an ARIA tree (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/):
// one tab stop, arrows move between visible items, Right/Left open and close folders (or step
// into and out of them), Enter opens a file, Home/End jump to the first and last item.
import { useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cx } from '@/lib/cx';
import { buildTree, visibleNodes, type TreeNode } from '../lib/file-tree';

export interface FileTreeProps {
  paths: readonly string[];
  expanded: ReadonlySet<string>;
  onToggle: (folder: string) => void;
  /** The focused item (a file or folder path), which the toolbar's actions apply to. */
  selected: string | null;
  onSelect: (path: string) => void;
  /** The file in the editor. */
  openPath: string | null;
  onOpen: (path: string) => void;
  dirtyPath?: string | null;
  label: string;
}

export function FileTree({
  paths,
  expanded,
  onToggle,
  selected,
  onSelect,
  openPath,
  onOpen,
  dirtyPath,
  label,
}: FileTreeProps) {
  const { t } = useTranslation('code');
  const tree = useMemo(() => buildTree(paths), [paths]);
  const visible = useMemo(() => visibleNodes(tree, expanded), [tree, expanded]);
  const items = useRef(new Map<string, HTMLLIElement>());
  const focusable = visible.some(({ node }) => node.path === selected) ? selected : (visible[0]?.node.path ?? null);

  const focus = (path: string | undefined) => {
    if (path === undefined) return;
    onSelect(path);
    items.current.get(path)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent, node: TreeNode, parentPath: string | null) => {
    const index = visible.findIndex((item) => item.node.path === node.path && item.node.kind === node.kind);
    const isOpenFolder = node.kind === 'folder' && expanded.has(node.path);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        focus(visible[index + 1]?.node.path);
        break;
      case 'ArrowUp':
        focus(visible[index - 1]?.node.path);
        break;
      case 'Home':
        focus(visible[0]?.node.path);
        break;
      case 'End':
        focus(visible.at(-1)?.node.path);
        break;
      case 'ArrowRight':
        if (node.kind === 'folder' && !isOpenFolder) onToggle(node.path);
        else if (isOpenFolder) focus(visible[index + 1]?.node.path);
        break;
      case 'ArrowLeft':
        if (isOpenFolder) onToggle(node.path);
        else if (parentPath !== null) focus(parentPath);
        break;
      case 'Enter':
      case ' ':
        if (node.kind === 'folder') onToggle(node.path);
        else onOpen(node.path);
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  // A flat list of the visible items with their level, size and position set explicitly (the
  // APG's flat variant): nested groups would put every child's name into its folder's content.
  const rows = visible.map(({ node, depth, parentPath, setSize, position }) => {
    const isFolder = node.kind === 'folder';
    const open = isFolder && expanded.has(node.path);
    return (
      <li
        key={`${node.kind}:${node.path}`}
        ref={(element) => {
          if (element) items.current.set(node.path, element);
          else items.current.delete(node.path);
        }}
        role="treeitem"
        aria-label={!isFolder && node.path === dirtyPath ? `${node.name}, ${t('editor.unsaved')}` : undefined}
        aria-level={depth}
        aria-setsize={setSize}
        aria-posinset={position}
        aria-expanded={isFolder ? open : undefined}
        aria-selected={node.path === selected}
        aria-current={!isFolder && node.path === openPath ? 'true' : undefined}
        tabIndex={node.path === focusable ? 0 : -1}
        className={cx('tree__item', isFolder ? 'tree__item--folder' : 'tree__item--file')}
        data-path={node.path}
        onKeyDown={(event) => onKeyDown(event, node, parentPath)}
        onClick={() => {
          onSelect(node.path);
          if (isFolder) onToggle(node.path);
          else onOpen(node.path);
        }}
      >
        <span
          className={cx('tree__row', node.path === openPath && !isFolder && 'tree__row--open')}
          style={{ paddingInlineStart: `${(depth - 1) * 14 + 8}px` }}
        >
          <span className="tree__icon" aria-hidden="true">
            {isFolder ? (open ? '▾' : '▸') : '·'}
          </span>
          <span className="tree__name">{node.name}</span>
          {!isFolder && node.path === dirtyPath && (
            <span className="tree__dirty" title={t('editor.unsaved')} aria-hidden="true">
              ●
            </span>
          )}
        </span>
      </li>
    );
  });

  if (tree.length === 0) return <p className="text-muted tree__empty">{t('tree.empty')}</p>;
  return (
    <ul role="tree" aria-label={label} className="tree">
      {rows}
    </ul>
  );
}
