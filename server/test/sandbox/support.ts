// Whether bubblewrap works on this machine: the sandbox tests need it (and CI must have it).
import { probeIsolation, systemRoot } from '../../src/modules/sandbox/isolation.js';
import type { TestApp } from '../support/app.js';
import { collectSse, type ParsedEvent } from '../support/sse.js';

const reason = await probeIsolation(systemRoot(), process.getuid?.() === 0);
if (reason && process.env.CI === 'true') throw new Error(`the sandbox tests need bubblewrap: ${reason}`);
if (reason) console.warn(`skipping the sandbox tests: ${reason}`);

export const isolationWorks = !reason;

export async function runEvents(server: TestApp, token: string, id: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/sandbox/runs/${id}/events`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  if (response.status !== 200) throw new Error(`events answered ${response.status}: ${await response.text()}`);
  return collectSse(response);
}

export const streamed = (events: ParsedEvent[], stream: 'stdout' | 'stderr') =>
  events
    .filter((event) => event.event === stream)
    .map((event) => event.data.text as string)
    .join('');

/** Starts a run, follows its events to the end, and reads the stored run. */
export async function run(server: TestApp, token: string, body: Record<string, unknown>) {
  const created = await server.request('POST', '/api/sandbox/runs', { token, body });
  if (created.status !== 202) throw new Error(`run answered ${created.status}: ${created.text}`);
  const events = await runEvents(server, token, created.body.id);
  const stored = (await server.request('GET', `/api/sandbox/runs/${created.body.id}`, { token })).body;
  return { id: created.body.id as string, events, stored, exit: events.at(-1) };
}
