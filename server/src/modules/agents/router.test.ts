import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { builtInModels, discoveredModel, type ModelInfo, type ProviderName } from '../providers/registry.js';
import { defaultRoutingTable } from './routing-table.js';
import { route, type RouteRequest } from './router.js';

const withProviders = (...providers: ProviderName[]) =>
  builtInModels().filter((model) => providers.includes(model.provider));
const everything = builtInModels();
const ids = (models: readonly ModelInfo[]) => models.map((model) => model.id);

const trace = `TypeError: Cannot read properties of null (reading 'id')
    at getUser (/app/src/users.js:14:23)
    at processTicksAndRejections (node:internal/process/task_queues:95:5)`;

function routeError(request: RouteRequest): AppError {
  try {
    route(request);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected route() to throw');
}

describe('route', () => {
  it('classifies the message, picks the agent and explains both', () => {
    const result = route({ message: trace, available: everything });
    expect(result).toMatchObject({
      taskKind: 'debugging',
      classifiedBy: 'classifier',
      agent: { id: 'debugger', label: 'Debugger' },
    });
    expect(result.agent.systemPrompt).toMatch(/root cause/i);
    expect(result.signals).toContain('stack trace');
    expect(result.candidates[0]?.id).toBe('claude-sonnet-4-5');
    expect(result.reason).toBe(
      `classified as debugging (${result.signals.join(', ')}), so the Debugger answers; senior mode prefers claude-sonnet-4-5`,
    );
  });

  it('uses senior mode when no mode is given', () => {
    const withMode = route({ message: trace, available: everything, mode: 'senior' });
    expect(route({ message: trace, available: everything })).toEqual(withMode);
  });

  it('picks different primaries in junior and senior mode', () => {
    const junior = route({ message: 'Write a function that parses ISO dates', available: everything, mode: 'junior' });
    const senior = route({ message: 'Write a function that parses ISO dates', available: everything, mode: 'senior' });
    expect(junior.candidates[0]?.id).toBe('gpt-4.1-mini');
    expect(junior.candidates[0]?.tier).toBe('fast');
    expect(senior.candidates[0]?.id).toBe('claude-sonnet-4-5');
    expect(junior.reason).toContain('junior mode prefers gpt-4.1-mini');
  });

  it('lists the table models first, then every other available model once', () => {
    const result = route({ message: trace, available: [...everything, ...everything] });
    expect(ids(result.candidates).slice(0, 3)).toEqual(['claude-sonnet-4-5', 'gpt-4.1', 'o4-mini']);
    expect(new Set(ids(result.candidates)).size).toBe(everything.length);
    expect(result.candidates).toHaveLength(everything.length);
  });

  it('orders models outside the table by the tier the mode wants, then by price', () => {
    const result = route({ message: trace, available: everything, mode: 'senior' });
    const rest = result.candidates.slice(3);
    const strong = rest.filter((model) => model.tier === 'strong');
    expect(rest.slice(0, strong.length)).toEqual(strong);
    expect(ids(rest)).toEqual([
      'sonar-pro',
      'claude-opus-4-1',
      'gpt-4.1-nano',
      'gpt-4.1-mini',
      'sonar',
      'claude-haiku-4-5',
    ]);
  });

  it('routes a user with only Anthropic keys to Claude and says which preferred model was skipped', () => {
    const result = route({
      message: 'Summarize the latest news about WebAssembly with sources',
      available: withProviders('anthropic'),
    });
    expect(result.taskKind).toBe('research');
    expect(result.agent.id).toBe('researcher');
    expect(result.candidates[0]?.id).toBe('claude-sonnet-4-5');
    expect(result.reason).toContain(
      'sonar-pro, sonar and gpt-4.1 are not configured; using claude-sonnet-4-5, next in line for senior mode',
    );
    expect(result.reason).toContain('claude-sonnet-4-5 has no live web search');
    expect(result.candidates.every((model) => model.provider === 'anthropic')).toBe(true);
  });

  it('says "X is not configured; using Y" when only the first choice is missing', () => {
    const result = route({ message: trace, available: withProviders('openai') });
    expect(result.candidates[0]?.id).toBe('gpt-4.1');
    expect(result.reason).toContain('claude-sonnet-4-5 is not configured; using gpt-4.1');
  });

  it('answers a user who has only a local model with that model, whatever the task', () => {
    const local = discoveredModel('llama3.1:8b');
    for (const message of [trace, 'Write a poem about rain', 'latest news on Rust']) {
      const result = route({ message, available: [local] });
      expect(result.candidates).toEqual([local]);
      expect(result.reason).toContain('is configured; using llama3.1:8b (local server)');
    }
  });

  it('prefers a configured table model over a local one, and keeps the local one as a fallback', () => {
    const local = discoveredModel('qwen2.5-coder:7b');
    const result = route({ message: trace, available: [local, ...withProviders('openai')] });
    expect(result.candidates[0]?.id).toBe('gpt-4.1');
    expect(ids(result.candidates)).toContain('qwen2.5-coder:7b');
  });

  it('puts an explicitly chosen model first and keeps the route as fallbacks', () => {
    const result = route({ message: trace, model: 'gpt-4.1-mini', available: everything });
    expect(ids(result.candidates).slice(0, 4)).toEqual(['gpt-4.1-mini', 'claude-sonnet-4-5', 'gpt-4.1', 'o4-mini']);
    expect(result.candidates).toHaveLength(everything.length);
    expect(result.taskKind).toBe('debugging');
    expect(result.reason).toMatch(/; you chose gpt-4\.1-mini$/);
  });

  it("treats 'auto' like no model at all", () => {
    expect(route({ message: trace, model: 'auto', available: everything })).toEqual(
      route({ message: trace, available: everything }),
    );
  });

  it('lets an explicit task kind beat the classifier', () => {
    const result = route({ message: trace, taskKind: 'documentation', available: everything });
    expect(result).toMatchObject({ taskKind: 'documentation', classifiedBy: 'explicit', signals: [] });
    expect(result.agent.id).toBe('documenter');
    expect(result.reason).toBe(
      'you chose the documentation task, so the Documenter answers; senior mode prefers claude-sonnet-4-5',
    );
  });

  it('says so when nothing in the message points to a task', () => {
    const result = route({ message: 'hello there', available: everything });
    expect(result.taskKind).toBe('general');
    expect(result.reason).toBe(
      'classified as general (no specific cues), so the Assistant answers; senior mode prefers gpt-4.1',
    );
  });

  it("follows an admin's table", () => {
    const table = structuredClone(defaultRoutingTable());
    table.debugging = { agent: 'coder', models: { junior: ['gpt-4.1-nano'], senior: ['o4-mini'] } };
    const result = route({ message: trace, available: everything, table });
    expect(result.agent.id).toBe('coder');
    expect(result.candidates[0]?.id).toBe('o4-mini');
  });

  it('rejects a chosen model whose provider has no key, naming the model and the provider', () => {
    const error = routeError({ message: trace, model: 'claude-opus-4-1', available: withProviders('openai') });
    expect(error).toMatchObject({ code: 'model_not_available', statusCode: 400, internal: false });
    expect(error.message).toContain('claude-opus-4-1');
    expect(error.message).toContain('no key for Anthropic');
    expect(error.extra).toEqual({ model: 'claude-opus-4-1', provider: 'anthropic' });
  });

  it('rejects an unknown model and lists the available ones', () => {
    const error = routeError({ message: trace, model: 'gpt-7-ultra', available: withProviders('perplexity') });
    expect(error).toMatchObject({ code: 'model_not_available', statusCode: 400 });
    expect(error.message).toBe('gpt-7-ultra is not a known model. Available: sonar, sonar-pro.');
  });

  it('tells the user to add a key or a local server when no model is available', () => {
    const error = routeError({ message: trace, model: 'gpt-4.1', available: [] });
    expect(error).toMatchObject({ code: 'provider_not_configured', statusCode: 409, internal: false });
    expect(error.message).toMatch(/API key .* in Settings/);
    expect(error.message).toMatch(/local OpenAI-compatible server/);
  });
});
