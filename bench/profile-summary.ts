// Where a process spends its CPU, from a V8 .cpuprofile (node --cpu-prof): self time grouped by
// area (a package, a Node subsystem, a Xionimus module) and the hottest functions. Used by
// stream.ts --cpu-prof; also on its own: `npx tsx bench/profile-summary.ts <file.cpuprofile>`.
/* eslint-disable security/detect-non-literal-fs-filename -- the benchmark's own files: a profile named on the command line */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  idleMs: number;
  layers: Array<{ layer: string; ms: number; share: number }>;
  areas: Array<{ area: string; ms: number; share: number }>;
  functions: Array<{ fn: string; where: string; ms: number; share: number }>;
  lines: string[];
}

/** Which part of the program a frame belongs to. */
export function areaOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8: garbage collection';
    if (functionName === '(program)') return 'V8/native: (program)';
    if (functionName === '(idle)') return '(idle)';
    return `native: ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) {
    const path = url.slice('node:'.length);
    if (path.startsWith('internal/deps/undici')) return 'node: undici inside fetch';
    if (path.startsWith('internal/webstreams')) return 'node: web streams';
    if (path.startsWith('internal/streams') || path === 'stream') return 'node: node streams';
    if (/^_http|^http|internal\/http/.test(path)) return 'node: http';
    if (/^net|internal\/stream_base|internal\/net/.test(path)) return 'node: net/sockets';
    if (/internal\/(process\/task_queues|timers)|^timers/.test(path)) return 'node: timers/microtasks';
    if (/internal\/(event_target|abort_controller|events)|^events/.test(path)) return 'node: events/AbortSignal';
    if (/internal\/(util|encoding|url|buffer)|^buffer|^util|^url|^string_decoder/.test(path))
      return 'node: util/buffer/encoding';
    return `node: ${path.replace(/^internal\//, '').split('/')[0]}`;
  }
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const server = /\/server\/(?:dist\/)?src\/(.+?)\.[jt]s$/.exec(url);
  if (server) return `xionimus: ${server[1]}`;
  const bench = /\/bench\/(.+?)\.[jt]s$/.exec(url);
  if (bench) return `bench: ${bench[1]}`;
  return url;
}

const NATIVE_SQLITE = new Set(['Statement', 'run', 'all', 'get', 'iterate', 'prepare', 'exec', 'pragma']);

/** A coarser grouping of areas: which layer of a streamed answer the time belongs to. */
export function layerOf(area: string, frame: CallFrame): string {
  if (area === 'V8: garbage collection') return 'garbage collection';
  if (area === 'native: runMicrotasks') return 'promise/microtask machinery (await, stream promises)';
  if (
    /^(ai|@ai-sdk\/.+|zod|eventsource-parser)$/.test(area) ||
    area === 'node: web streams' ||
    area === 'node: undici inside fetch' ||
    area === 'node: worker' // makeTransferable, called by every web stream constructor on Node 20
  ) {
    return 'AI SDK stream pipeline (streamText, web streams, fetch, zod)';
  }
  if (area === 'kysely' || area === 'better-sqlite3' || (!frame.url && NATIVE_SQLITE.has(frame.functionName))) {
    return 'database (kysely + better-sqlite3)';
  }
  if (area === 'jose' || area === 'node: crypto') return 'auth and crypto (jose, WebCrypto, randomUUID)';
  if (
    /^(fastify|@fastify\/.+|find-my-way|avvio|fast-json-stringify|ajv|ajv-formats|fast-uri|light-my-request|pino|typebox|@sinclair\/.+)$/.test(
      area,
    ) ||
    area === 'node: http' ||
    area === 'node: net/sockets' ||
    (!frame.url &&
      /^(writev|writeUtf8String|writeBuffer|writeLatin1String|readStart|onStreamRead)$/.test(frame.functionName))
  ) {
    return 'HTTP server and sockets (fastify, node:http, writes)';
  }
  if (area.startsWith('xionimus: ')) return 'Xionimus code';
  return 'other (node internals, timers, events, …)';
}

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\/.*\/node_modules\//, '')
    .replace(/^file:\/\/.*\/server\//, 'server/')
    .replace(/^node:/, 'node:');

export function summarizeProfile(profile: CpuProfile, file: string, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // Samples taken while the benchmark's own IPC code ran (stopping the profiler) are left out.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const result = /\/bench\/ipc\.[jt]s$/.test(byId.get(id)!.callFrame.url) || (up !== undefined && isOurs(up));
    ours.set(id, result);
    return result;
  };
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const areas = new Map<string, number>();
  const layers = new Map<string, number>();
  const functions = new Map<string, { fn: string; where: string; us: number }>();
  let idleUs = 0;
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    if (isOurs(id)) continue;
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame);
    if (area === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    areas.set(area, (areas.get(area) ?? 0) + us);
    const layer = layerOf(area, frame);
    layers.set(layer, (layers.get(layer) ?? 0) + us);
    const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}@${where}`;
    const entry = functions.get(key) ?? { fn: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const share = (us: number) => Math.round((1000 * us) / Math.max(1, busyUs)) / 10;
  const areaList = [...areas]
    .map(([area, us]) => ({ area, ms: Math.round(us / 1000), share: share(us) }))
    .sort((x, y) => y.ms - x.ms);
  const layerList = [...layers]
    .map(([layer, us]) => ({ layer, ms: Math.round(us / 1000), share: share(us) }))
    .sort((x, y) => y.ms - x.ms);
  const functionList = [...functions.values()]
    .sort((x, y) => y.us - x.us)
    .slice(0, top)
    .map((entry) => ({ fn: entry.fn, where: entry.where, ms: Math.round(entry.us / 1000), share: share(entry.us) }));
  const lines = [
    `  busy ${Math.round(busyUs / 1000)} ms, idle ${Math.round(idleUs / 1000)} ms; self time by layer (share of busy):`,
    ...layerList.map((layer) => `    ${`${layer.share.toFixed(1)}%`.padStart(6)}  ${layer.layer}`),
    '  self time by area:',
    ...areaList.slice(0, top).map((area) => `    ${`${area.share.toFixed(1)}%`.padStart(6)}  ${area.area}`),
    '  hottest functions (self time):',
    ...functionList.map((entry) =>
      `    ${`${entry.share.toFixed(1)}%`.padStart(6)}  ${entry.fn}  ${entry.where}`.trimEnd(),
    ),
  ];
  return {
    file,
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    layers: layerList,
    areas: areaList,
    functions: functionList,
    lines,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const summary = summarizeProfile(
    JSON.parse(readFileSync(file, 'utf8')) as CpuProfile,
    file,
    Number(process.argv[3] ?? 25),
  );
  console.log(summary.lines.join('\n'));
}
