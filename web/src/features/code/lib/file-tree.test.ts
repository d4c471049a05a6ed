import { describe, expect, it } from 'vitest';
import { ancestorsOf, buildTree, folderOf, visibleNodes, type TreeNode } from './file-tree';

const outline = (nodes: TreeNode[]): unknown =>
  nodes.map((node) => (node.kind === 'folder' ? { [node.path + '/']: outline(node.children) } : node.path));

describe('the file tree', () => {
  it('builds folders from flat paths, folders first, names in natural order', () => {
    const tree = buildTree([
      'src/lib/b.ts',
      'README.md',
      'src/app10.ts',
      'src/app2.ts',
      'a.txt',
      'src/lib/a.ts',
      'docs/x.md',
    ]);
    expect(outline(tree)).toEqual([
      { 'docs/': ['docs/x.md'] },
      { 'src/': [{ 'src/lib/': ['src/lib/a.ts', 'src/lib/b.ts'] }, 'src/app2.ts', 'src/app10.ts'] },
      'a.txt',
      'README.md',
    ]);
    const src = tree[1] as Extract<TreeNode, { kind: 'folder' }>;
    expect(src.name).toBe('src');
    expect(src.children[0]).toMatchObject({ kind: 'folder', name: 'lib', path: 'src/lib' });
  });

  it('ignores empty path segments instead of inventing nameless folders', () => {
    expect(outline(buildTree(['/a//b.ts', '']))).toEqual([{ 'a/': ['a/b.ts'] }]);
  });

  it('lists only what is visible: children of expanded folders, with their depth and parent', () => {
    const tree = buildTree(['src/lib/a.ts', 'src/main.ts', 'top.ts']);
    const closed = visibleNodes(tree, new Set());
    expect(closed.map((item) => item.node.path)).toEqual(['src', 'top.ts']);
    const open = visibleNodes(tree, new Set(['src', 'src/lib']));
    expect(
      open.map((item) => [item.node.path, item.depth, item.parentPath, `${item.position} of ${item.setSize}`]),
    ).toEqual([
      ['src', 1, null, '1 of 2'],
      ['src/lib', 2, 'src', '1 of 2'],
      ['src/lib/a.ts', 3, 'src/lib', '1 of 1'],
      ['src/main.ts', 2, 'src', '2 of 2'],
      ['top.ts', 1, null, '2 of 2'],
    ]);
  });

  it('knows the folders that contain a file, and where new files go', () => {
    expect(ancestorsOf('a/b/c.ts')).toEqual(['a', 'a/b']);
    expect(ancestorsOf('c.ts')).toEqual([]);
    const files = ['src/lib/a.ts', 'top.ts'];
    expect(folderOf('src/lib/a.ts', files)).toBe('src/lib');
    expect(folderOf('src', files)).toBe('src');
    expect(folderOf('top.ts', files)).toBe('');
    expect(folderOf('gone', files)).toBe('');
    expect(folderOf(null, files)).toBe('');
  });
});
