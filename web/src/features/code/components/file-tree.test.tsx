import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { FileTree } from './file-tree';

function Harness({ onOpen }: { onOpen: (path: string) => void }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <FileTree
      label="Files"
      paths={['src/lib/util.ts', 'src/main.ts', 'README.md']}
      expanded={expanded}
      onToggle={(folder) =>
        setExpanded((previous) => {
          const next = new Set(previous);
          if (next.has(folder)) next.delete(folder);
          else next.add(folder);
          return next;
        })
      }
      selected={selected}
      onSelect={setSelected}
      openPath={null}
      onOpen={onOpen}
    />
  );
}

describe('the file tree view', () => {
  it('is a tree of items, with one tab stop, operated by the arrow keys', async () => {
    const onOpen = vi.fn();
    render(<Harness onOpen={onOpen} />);
    const tree = screen.getByRole('tree', { name: 'Files' });
    const items = () => screen.getAllByRole('treeitem');
    expect(items().map((item) => item.textContent)).toEqual(['▸src', '·README.md']);
    expect(screen.getByRole('treeitem', { name: 'src' })).toHaveAttribute('aria-posinset', '1');
    expect(screen.getByRole('treeitem', { name: 'README.md' })).toHaveAttribute('aria-setsize', '2');
    expect(items().filter((item) => item.tabIndex === 0)).toHaveLength(1);
    expect(tree).toBeInTheDocument();

    await userEvent.tab();
    const src = screen.getByRole('treeitem', { name: 'src' });
    expect(src).toHaveFocus();
    expect(src).toHaveAttribute('aria-expanded', 'false');

    await userEvent.keyboard('{ArrowRight}');
    expect(src).toHaveAttribute('aria-expanded', 'true');
    // A folder is named by its own row only, not by the items inside it.
    expect(src).toHaveAccessibleName('src');
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('treeitem', { name: 'lib' })).toHaveFocus();
    expect(screen.getByRole('treeitem', { name: 'lib' })).toHaveAttribute('aria-level', '2');
    await userEvent.keyboard('{ArrowDown}');
    const main = screen.getByRole('treeitem', { name: 'main.ts' });
    expect(main).toHaveFocus();
    expect(main).toHaveAttribute('aria-selected', 'true');
    expect(main).toHaveAttribute('aria-level', '2');

    await userEvent.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledWith('src/main.ts');

    await userEvent.keyboard('{ArrowLeft}');
    expect(src).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(src).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('treeitem', { name: 'README.md' })).toHaveFocus();
    await userEvent.keyboard('{Home}');
    expect(src).toHaveFocus();
  });
});
