// The workspace API lists files flat and sorted ("src/a.ts", "src/lib/b.ts"); the tree view
// needs folders. Folders exist only through the files inside them.

export interface TreeFile {
  kind: 'file';
  name: string;
  path: string;
}

export interface TreeFolder {
  kind: 'folder';
  name: string;
  path: string;
  children: TreeNode[];
}

export type TreeNode = TreeFile | TreeFolder;

const byKindThenName = (a: TreeNode, b: TreeNode) =>
  a.kind !== b.kind ? (a.kind === 'folder' ? -1 : 1) : a.name.localeCompare(b.name, undefined, { numeric: true });

/** Folders first, then files, each by name; empty path segments ("a//b", "/a") are ignored. */
export function buildTree(paths: readonly string[]): TreeNode[] {
  const root: TreeFolder = { kind: 'folder', name: '', path: '', children: [] };
  const folders = new Map<string, TreeFolder>([['', root]]);
  for (const path of paths) {
    const parts = path.split('/').filter(Boolean);
    const fileName = parts.pop();
    if (!fileName) continue;
    let parent = root;
    for (const part of parts) {
      const folderPath = parent.path ? `${parent.path}/${part}` : part;
      let folder = folders.get(folderPath);
      if (!folder) {
        folder = { kind: 'folder', name: part, path: folderPath, children: [] };
        folders.set(folderPath, folder);
        parent.children.push(folder);
      }
      parent = folder;
    }
    parent.children.push({
      kind: 'file',
      name: fileName,
      path: parts.length ? `${parts.join('/')}/${fileName}` : fileName,
    });
  }
  const sort = (nodes: TreeNode[]) => {
    nodes.sort(byKindThenName);
    for (const node of nodes) if (node.kind === 'folder') sort(node.children);
  };
  sort(root.children);
  return root.children;
}

export interface VisibleNode {
  node: TreeNode;
  depth: number;
  parentPath: string | null;
  /** The number of siblings (itself included) and its 1-based place among them. */
  setSize: number;
  position: number;
}

/** The nodes a reader sees, in order: the children of expanded folders only. */
export function visibleNodes(
  nodes: readonly TreeNode[],
  expanded: ReadonlySet<string>,
  depth = 1,
  parentPath: string | null = null,
): VisibleNode[] {
  const result: VisibleNode[] = [];
  for (const [index, node] of nodes.entries()) {
    result.push({ node, depth, parentPath, setSize: nodes.length, position: index + 1 });
    if (node.kind === 'folder' && expanded.has(node.path))
      result.push(...visibleNodes(node.children, expanded, depth + 1, node.path));
  }
  return result;
}

/** The folders that contain a path ("a/b/c.ts" → "a", "a/b"), to reveal a file. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'));
}

/** The folder new files go into while `selected` (a file or folder path) is selected. */
export function folderOf(selected: string | null, files: readonly string[]): string {
  if (selected === null || selected === '') return '';
  if (files.includes(selected)) return selected.split('/').slice(0, -1).join('/');
  return files.some((path) => path.startsWith(`${selected}/`)) ? selected : '';
}
