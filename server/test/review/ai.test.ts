import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatApp, type ChatApp } from '../support/chat.js';
import { collectSse } from '../support/sse.js';

const SNIPPET = [
  'export async function listOrders(db, req) {', // 1
  '  const limit = req.query.limit;', // 2
  '  const rows = await db.all("SELECT * FROM orders LIMIT 10");', // 3
  '  for (const row of rows) row.total = await price(row);', // 4
  '  const mine = await db.all(', // 5
  '    "SELECT * FROM orders WHERE owner = \'" + req.user.name + "\'");', // 6
  '  return { rows, mine, limit };', // 7
  '}', // 8
  '',
].join('\n');

const answer = (findings: unknown[]) => JSON.stringify({ findings });

const AI_FINDINGS = [
  {
    file: 'orders.js',
    line: 6,
    endLine: 7,
    severity: 'critical',
    category: 'security',
    title: 'SQL injection',
    message: 'req.user.name goes straight into the query; an attacker-controlled name reads every order.',
  },
  {
    file: 'orders.js',
    line: 3,
    severity: 'medium',
    category: 'bug',
    title: 'Limit ignored',
    message: 'The query ignores the requested limit.',
    patch: {
      startLine: 3,
      endLine: 3,
      replacement: '  const rows = await db.all("SELECT * FROM orders LIMIT ?", [Number(limit) || 10]);',
    },
  },
  {
    file: 'orders.js',
    line: 99,
    severity: 'high',
    category: 'bug',
    title: 'Hallucinated',
    message: 'This line does not exist.',
  },
];

describe('the AI layer of a review', () => {
  let chat: ChatApp;
  beforeAll(async () => {
    chat = await startChatApp({ providers: ['openai'] });
  });
  afterAll(() => chat.close());

  async function review(body: Record<string, unknown>) {
    const created = await chat.server.request('POST', '/api/review', { token: chat.user.token, body });
    expect(created.status).toBe(202);
    const response = await fetch(`${chat.server.url}/api/review/${created.body.id}/events`, {
      headers: { authorization: `Bearer ${chat.user.token}` },
    });
    const events = await collectSse(response);
    const stages = events.filter((event) => event.event === 'progress').map((event) => event.data.stage);
    return {
      events,
      stages,
      review: (await chat.server.request('GET', `/api/review/${created.body.id}`, { token: chat.user.token })).body,
    };
  }

  it('merges AI findings with static ones, adds new ones with patches and drops a hallucinated line', async () => {
    chat.fake.reset();
    for (let agent = 0; agent < 6; agent++)
      chat.fake.enqueue('openai', { text: `\`\`\`json\n${answer(AI_FINDINGS)}\n\`\`\`` });
    const { review: result, stages } = await review({ snippet: { content: SNIPPET, filename: 'orders.js' } });
    expect(stages).toContain('ai');

    const ai = result.overview.ai;
    // Each agent's SQL finding joined the static one.
    expect(ai).toMatchObject({ status: 'used', merged: 6 });
    expect(ai.agents.map((agent: any) => agent.agent)).toEqual([
      'security',
      'performance',
      'bugs',
      'tests',
      'documentation',
      'style',
    ]);
    expect(ai.agents.every((agent: any) => agent.status === 'done' && agent.model === 'o4-mini')).toBe(true);
    // Every agent cited line 99, and each of those was dropped.
    expect(ai.dropped).toBe(6);
    expect(ai.inputTokens).toBeGreaterThan(0);

    const sql = result.findings.find((finding: any) => finding.ruleId === 'xionimus/sql-injection');
    expect(sql).toMatchObject({
      source: 'both',
      line: 6,
      severity: 'critical',
      aiMessage: expect.stringContaining('req.user.name'),
    });
    const limit = result.findings.filter((finding: any) => finding.ruleId.startsWith('ai/') && finding.line === 3);
    expect(limit).toHaveLength(1);
    expect(limit[0]).toMatchObject({ source: 'ai', category: 'bug', fix: { origin: 'ai' }, fixState: 'available' });
    expect(result.findings.some((finding: any) => finding.line === 99)).toBe(false);

    // The agents saw numbered lines and the static findings, through the server's key.
    const request = chat.fake.requests.find((entry) => entry.path.endsWith('/chat/completions'))!;
    expect(request.headers.authorization).toBe('Bearer sk-server-openai-0123456789');
    const prompt = request.body.messages.at(-1).content as string;
    expect(prompt).toContain('File: orders.js (javascript)');
    expect(prompt).toContain('6|     "SELECT * FROM orders WHERE owner');
    expect(prompt).toContain('xionimus/sql-injection');

    // The AI's patch, previewed as a diff and applied to the review's copy of the file.
    const preview = await chat.server.request('GET', `/api/review/${result.id}/fixes/${limit[0].id}`, {
      token: chat.user.token,
    });
    expect(preview.body.diff).toContain(
      '+  const rows = await db.all("SELECT * FROM orders LIMIT ?", [Number(limit) || 10]);',
    );
    const applied = await chat.server.request('POST', `/api/review/${result.id}/fixes/${limit[0].id}/apply`, {
      token: chat.user.token,
      body: { sha256: preview.body.sha256 },
    });
    expect(applied.status).toBe(200);
    expect(applied.body.content.split('\n')[2]).toBe(
      '  const rows = await db.all("SELECT * FROM orders LIMIT ?", [Number(limit) || 10]);',
    );
  });

  it('keeps the agents that answered when others fail, and the static review always', async () => {
    chat.fake.reset();
    chat.fake.enqueue('openai', { text: 'Sorry, I cannot help with that.' });
    chat.fake.enqueue('openai', { text: answer([]) });
    const { review: result } = await review({
      snippet: { content: SNIPPET, filename: 'orders.js' },
      only: ['security', 'performance'],
    });
    expect(result.status).toBe('complete');
    const statuses = result.overview.ai.agents.map((agent: any) => agent.status).sort();
    expect(statuses).toEqual(['done', 'failed']);
    expect(result.overview.ai.agents.find((agent: any) => agent.status === 'failed').detail).toMatch(/no JSON/);
    expect(result.findings.map((finding: any) => finding.ruleId)).toEqual([
      'xionimus/sql-injection',
      'no-await-in-loop',
    ]);
  });

  it('finishes with the static findings when every provider call fails', async () => {
    chat.fake.reset();
    for (let call = 0; call < 20; call++) chat.fake.enqueue('openai', { status: 500 });
    const { review: result } = await review({
      snippet: { content: SNIPPET, filename: 'orders.js' },
      only: ['security'],
    });
    expect(result.status).toBe('complete');
    expect(result.overview.ai).toMatchObject({ status: 'failed', agents: [{ agent: 'security', status: 'failed' }] });
    expect(result.findings).toHaveLength(1);
  });

  it('runs no agent with ai: false', async () => {
    chat.fake.reset();
    const { review: result } = await review({ snippet: { content: SNIPPET, filename: 'orders.js' }, ai: false });
    expect(result.overview.ai.status).toBe('off');
    expect(chat.fake.requests).toHaveLength(0);
  });
});
