// Reads the Prometheus text exposition format (what /metrics serves): samples with their labels,
// and the metric families that `# TYPE` lines declare.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

// eslint-disable-next-line security/detect-unsafe-regex -- reads /metrics output in tests, one line at a time
const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Metric families (`# TYPE name kind`), with the series names each one exposes. */
export function metricFamilies(text: string): Map<string, string[]> {
  const families = new Map<string, string[]>();
  for (const [, name, kind] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const series =
      kind === 'histogram'
        ? [`${name}_bucket`, `${name}_sum`, `${name}_count`]
        : kind === 'summary'
          ? [name!, `${name}_sum`, `${name}_count`]
          : [name!];
    families.set(name!, series);
  }
  return families;
}

/** The value of the one sample with this name whose labels include `labels`; undefined when none. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const found = samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
