import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { builtInModels } from '../providers/registry.js';
import { AGENTS, agentFor } from './agents.js';
import { DEVELOPER_MODES, RoutingTableSchema, TASK_KINDS, defaultRoutingTable } from './routing-table.js';

const models = new Map(builtInModels().map((model) => [model.id, model]));

describe('default routing table', () => {
  it('is valid against the schema an admin override is checked with', () => {
    expect(Value.Check(RoutingTableSchema, defaultRoutingTable())).toBe(true);
  });

  it('routes every task kind in both modes to models the registry knows', () => {
    const table = defaultRoutingTable();
    for (const kind of TASK_KINDS) {
      for (const mode of DEVELOPER_MODES) {
        const ids = table[kind].models[mode];
        expect(ids.length, `${kind}/${mode}`).toBeGreaterThan(0);
        for (const id of ids) expect(models.has(id), `${kind}/${mode}: ${id}`).toBe(true);
      }
    }
  });

  it('starts junior lists with a fast model and senior lists with a strong one', () => {
    const table = defaultRoutingTable();
    for (const kind of TASK_KINDS) {
      expect(models.get(table[kind].models.junior[0]!)?.tier, kind).toBe('fast');
      expect(models.get(table[kind].models.senior[0]!)?.tier, kind).toBe('strong');
    }
  });

  it('sends research to Perplexity first and creative senior work to Claude Opus', () => {
    const table = defaultRoutingTable();
    expect(table.research.models.senior.slice(0, 2)).toEqual(['sonar-pro', 'sonar']);
    expect(table.creative.models.senior[0]).toBe('claude-opus-4-1');
    expect(table.debugging.models.senior).toEqual(['claude-sonnet-4-5', 'gpt-4.1', 'o4-mini']);
  });

  it('cannot be changed by a caller, since every request shares it', () => {
    expect(() => {
      defaultRoutingTable().code.models.senior.push('gpt-4.1-nano');
    }).toThrow(TypeError);
    expect(defaultRoutingTable().code.models.senior).not.toContain('gpt-4.1-nano');
  });

  it('rejects an override with an unknown agent, an unknown task kind or an empty model list', () => {
    const valid = structuredClone(defaultRoutingTable());
    expect(Value.Check(RoutingTableSchema, valid)).toBe(true);
    expect(Value.Check(RoutingTableSchema, { ...valid, code: { ...valid.code, agent: 'hacker' } })).toBe(false);
    expect(Value.Check(RoutingTableSchema, { ...valid, poetry: valid.creative })).toBe(false);
    expect(
      Value.Check(RoutingTableSchema, {
        ...valid,
        code: { ...valid.code, models: { junior: [], senior: ['gpt-4.1'] } },
      }),
    ).toBe(false);
    const { research: _omitted, ...missing } = valid;
    expect(Value.Check(RoutingTableSchema, missing)).toBe(false);
  });
});

describe('agents', () => {
  it('defines every agent the table can name, each with a label and a system prompt', () => {
    for (const agent of Object.values(AGENTS)) {
      expect(agent.label.length).toBeGreaterThan(0);
      expect(agent.systemPrompt.length).toBeGreaterThan(100);
      expect(agent.systemPrompt).toContain("Reply in the language of the user's message.");
    }
  });

  it('gives each task kind its specialist by default', () => {
    expect(TASK_KINDS.map((kind) => agentFor(kind).id)).toEqual([
      'assistant',
      'coder',
      'reviewer',
      'debugger',
      'documenter',
      'researcher',
      'writer',
    ]);
  });

  it("follows an admin's table when it assigns a different agent", () => {
    const table = structuredClone(defaultRoutingTable());
    table.documentation.agent = 'coder';
    expect(agentFor('documentation', table)).toBe(AGENTS.coder);
  });

  it('tells the specialists what a senior engineer expects of them', () => {
    expect(AGENTS.debugger.systemPrompt).toMatch(/stack trace/i);
    expect(AGENTS.debugger.systemPrompt).toMatch(/root cause/i);
    expect(AGENTS.reviewer.systemPrompt).toMatch(/severity/i);
    expect(AGENTS.reviewer.systemPrompt).toMatch(/line/i);
    expect(AGENTS.coder.systemPrompt).toMatch(/runnable/i);
    expect(AGENTS.coder.systemPrompt).toMatch(/assumptions/i);
    expect(AGENTS.researcher.systemPrompt).toMatch(/cite/i);
    expect(AGENTS.documenter.systemPrompt).toMatch(/markdown/i);
  });
});
