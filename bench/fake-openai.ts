// A minimal, fast fake of OpenAI's Chat Completions streaming API, run as its own process by
// bench/stream.ts. Every answer is the same: a role chunk, CHUNKS content chunks, a finish chunk,
// a usage chunk and `data: [DONE]`, built once. In fast mode the whole stream leaves in one write
// (the fake must never be the bottleneck); with `headGapMs` the role and first content chunk
// leave at once and the rest `headGapMs` later, as a real model's next tokens do, so that the
// first token can travel alone; in slow mode the first content chunk is sent at once and one
// more every `chunkDelayMs`, so that streams stay open until the parent releases them.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onParentMessage, sendToParent, type ChildStats } from './ipc.js';

const CHUNKS = Number(process.env.FAKE_CHUNKS ?? 200);
const MODEL = 'gpt-4.1-nano';

const frame = (payload: unknown) => Buffer.from(`data: ${JSON.stringify(payload)}\n\n`);
const base = {
  id: 'chatcmpl-bench0000000000000000000000',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: MODEL,
  service_tier: 'default',
  system_fingerprint: 'fp_bench000',
};
// OpenAI pads every chunk with a random `obfuscation` string of varying length (see the recorded
// openai-text fixture), so that chunk sizes do not give away the tokens.
const PAD = 'Qup1BsQ3yhjoJbEFdTh';
const choice = (delta: object, finishReason: string | null, index = 0) => ({
  ...base,
  choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  usage: null,
  obfuscation: PAD.slice(0, 3 + ((index * 7) % 14)),
});

/** The frames of one answer, in order; content chunks are indexes 1..CHUNKS. */
export const FRAMES: Buffer[] = [
  frame(choice({ role: 'assistant', content: '', refusal: null }, null)),
  ...Array.from({ length: CHUNKS }, (_, index) => frame(choice({ content: `w${index % 10} ` }, null, index))),
  frame(choice({}, 'stop')),
  frame({
    ...base,
    choices: [],
    usage: {
      prompt_tokens: 16,
      completion_tokens: CHUNKS,
      total_tokens: 16 + CHUNKS,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
    },
  }),
  Buffer.from('data: [DONE]\n\n'),
];
const WHOLE = Buffer.concat(FRAMES);
const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-request-id': 'req_bench',
  'openai-processing-ms': '1',
};
const NOT_FOUND = Buffer.from(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));

// Chosen by the parent over IPC; the environment sets the start values (for runs by hand).
let chunkDelayMs = Number(process.env.FAKE_CHUNK_DELAY_MS ?? 0);
let headGapMs = Number(process.env.FAKE_HEAD_GAP_MS ?? 0);
let served = 0;
const HEAD = Buffer.concat([FRAMES[0]!, FRAMES[1]!]);
const REST = Buffer.concat(FRAMES.slice(2));
/** Slow streams in progress: the response and the index of its next frame. */
const slow = new Map<ServerResponse, { next: number; timer: NodeJS.Timeout | undefined }>();

function finishSlow(res: ServerResponse) {
  const state = slow.get(res);
  if (!state) return;
  clearTimeout(state.timer);
  slow.delete(res);
  if (res.destroyed || res.writableEnded) return;
  res.cork();
  for (let index = state.next; index < FRAMES.length; index++) res.write(FRAMES[index]);
  res.end();
  res.uncork();
}

function startSlow(res: ServerResponse) {
  res.writeHead(200, HEADERS);
  // The role chunk and the first content chunk at once: the time to first token stays short.
  res.write(HEAD);
  const state = { next: 2, timer: undefined as NodeJS.Timeout | undefined };
  slow.set(res, state);
  const tick = () => {
    if (res.destroyed) return;
    // The last content chunk is kept back: only a release ends a slow stream.
    if (state.next < CHUNKS) res.write(FRAMES[state.next++]);
    state.timer = setTimeout(tick, chunkDelayMs);
  };
  // Spread the ticks of many streams over the interval instead of firing them together.
  state.timer = setTimeout(tick, Math.random() * chunkDelayMs);
  res.once('close', () => {
    clearTimeout(state.timer);
    slow.delete(res);
  });
}

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method !== 'POST' || !url.endsWith('/chat/completions')) {
    req.resume();
    res.writeHead(404, { 'content-type': 'application/json', 'content-length': NOT_FOUND.length });
    res.end(NOT_FOUND);
    return;
  }
  // Answer once the request body is in, as the real API does.
  req.on('data', () => undefined);
  req.once('end', () => {
    served++;
    if (chunkDelayMs > 0) {
      startSlow(res);
      return;
    }
    res.writeHead(200, HEADERS);
    if (headGapMs > 0) {
      res.write(HEAD);
      setTimeout(() => res.end(REST), headGapMs);
      return;
    }
    res.end(WHOLE);
  });
});
server.keepAliveTimeout = 30_000;

server.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, () => {
  sendToParent({ type: 'ready', port: (server.address() as AddressInfo).port, pid: process.pid });
});

onParentMessage((message) => {
  if (message.type === 'mode') {
    chunkDelayMs = message.chunkDelayMs;
    headGapMs = message.headGapMs ?? 0;
    return { type: 'ok' };
  }
  if (message.type === 'release') {
    for (const res of [...slow.keys()]) finishSlow(res);
    return { type: 'ok' };
  }
  if (message.type === 'stats') {
    return { type: 'stats', memory: process.memoryUsage(), open: slow.size, served } satisfies ChildStats;
  }
  return undefined;
});
