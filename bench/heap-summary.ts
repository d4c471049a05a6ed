// What a process's heap holds, from V8 heap snapshots (v8.writeHeapSnapshot): self size and count
// per kind of object (constructor name for objects, function name for closures), and the
// difference between two snapshots divided by the number of streams opened in between. Used by
// stream.ts --heap-snapshot; also on its own:
//   npx tsx bench/heap-summary.ts <after.heapsnapshot> [<before.heapsnapshot> <streams>]
/* eslint-disable security/detect-non-literal-fs-filename -- the benchmark's own files: snapshots named by stream.ts or on the command line */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export type HeapCensus = Map<string, { count: number; bytes: number }>;

/** Self size and count by kind: `<type> <name>`, names of strings and numbers left out. */
export function heapCensus(file: string): HeapCensus {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const census: HeapCensus = new Map();
  for (let index = 0; index < snapshot.nodes.length; index += width) {
    const type = types[snapshot.nodes[index + typeAt]!]!;
    const named = type === 'object' || type === 'closure' || type === 'native' || type === 'array' || type === 'hidden';
    const name = named ? (snapshot.strings[snapshot.nodes[index + nameAt]!] ?? '?').slice(0, 60) : '';
    const key = `${type}${name ? ` ${name}` : ''}`;
    const entry = census.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[index + sizeAt]!;
    census.set(key, entry);
  }
  return census;
}

export interface HeapGrowth {
  kind: string;
  countPerStream: number;
  bytesPerStream: number;
}

/** What each stream added, by kind, largest first. */
export function heapGrowth(before: HeapCensus, after: HeapCensus, streams: number, top = 25): HeapGrowth[] {
  return [...after]
    .map(([kind, entry]) => {
      const base = before.get(kind) ?? { count: 0, bytes: 0 };
      return {
        kind,
        countPerStream: Math.round(((entry.count - base.count) / streams) * 10) / 10,
        bytesPerStream: Math.round((entry.bytes - base.bytes) / streams),
      };
    })
    .sort((x, y) => y.bytesPerStream - x.bytesPerStream)
    .slice(0, top);
}

export function growthLines(growth: HeapGrowth[]): string[] {
  const total = growth.reduce((sum, entry) => sum + Math.max(0, entry.bytesPerStream), 0);
  return [
    `  live heap added per open stream, largest kinds (these ${growth.length}: ${(total / 1024).toFixed(1)} KB):`,
    ...growth.map(
      (entry) =>
        `    ${`${(entry.bytesPerStream / 1024).toFixed(2)} KB`.padStart(10)}  ${`× ${entry.countPerStream}`.padEnd(9)} ${entry.kind}`,
    ),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [after, before, streams] = process.argv.slice(2);
  if (!after) {
    console.error('usage: tsx bench/heap-summary.ts <after.heapsnapshot> [<before.heapsnapshot> <streams>]');
    process.exit(2);
  }
  const census = heapCensus(after);
  if (before) {
    console.log(growthLines(heapGrowth(heapCensus(before), census, Number(streams ?? 1), 30)).join('\n'));
  } else {
    const rows = [...census].sort((x, y) => y[1].bytes - x[1].bytes).slice(0, 30);
    for (const [kind, entry] of rows)
      console.log(`${(entry.bytes / 2 ** 20).toFixed(2).padStart(9)} MB  ${String(entry.count).padStart(8)}  ${kind}`);
  }
}
