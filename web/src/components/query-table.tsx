// A list query (or a paged one) as a table: a spinner while it loads, its error, a line when
// it is empty, else a row per item.
import type { ReactNode } from 'react';
import { ErrorMessage } from './error-message';
import { Spinner } from './spinner';
import { TableWrap } from './table-wrap';

type ItemList<Item> = { items: readonly Item[] } | { pages: ReadonlyArray<{ items: readonly Item[] }> };

export function QueryTable<Item>({
  query,
  label,
  empty,
  columns,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data?: ItemList<Item> };
  /** Names the scrolling region and captions the table. */
  label: string;
  /** Shown instead of a table without rows; without it, the table shows. */
  empty?: string;
  columns: readonly ReactNode[];
  /** One `<tr>` per item. */
  children: (item: Item) => ReactNode;
}) {
  if (query.isPending) return <Spinner />;
  if (query.isError) return <ErrorMessage error={query.error} />;
  const { data } = query;
  const items = !data ? [] : 'pages' in data ? data.pages.flatMap((page) => page.items) : data.items;
  if (empty !== undefined && items.length === 0) return <p className="text-muted">{empty}</p>;
  return (
    <TableWrap label={label}>
      <table className="table">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{items.map((item) => children(item))}</tbody>
      </table>
    </TableWrap>
  );
}
