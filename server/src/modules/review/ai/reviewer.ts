// The AI layer of a review: the agents run in parallel through the providers service (the
// user's key or the server's, with its retries and fallback), within a token budget. Their
// answers are JSON; every finding is checked against the files it cites: a line that does not
// exist drops the finding, a patch outside the file drops the patch.
import Value from 'typebox/value';
import type { RoutingTable } from '../../agents/router.js';
import { route } from '../../agents/router.js';
import type { ProvidersService } from '../../providers/service.js';
import { costMicros } from '../../providers/registry.js';
import type { UsageService } from '../../usage/service.js';
import type { AiReviewer, AiReviewInput, AiReviewOutput } from '../engine.js';
import type { AiSummary, RawFinding } from '../model.js';
import { lineStarts } from '../text.js';
import {
  AiAnswerSchema,
  AiFindingSchema,
  REVIEW_AGENTS,
  systemPrompt,
  type AiFinding,
  type ReviewAgent,
} from './agents.js';

export interface AiBudget {
  /** Input tokens for all agents together (the code is sent to each). */
  inputTokens: number;
  outputTokensPerAgent: number;
}

export const DEFAULT_AI_BUDGET: AiBudget = { inputTokens: 120_000, outputTokensPerAgent: 2_000 };

export interface AiReviewDeps {
  providers: Pick<ProvidersService, 'stream' | 'availableModels'>;
  routingTable?: () => Promise<RoutingTable>;
  usage?: Pick<UsageService, 'record' | 'assertWithinBudget'>;
  budget?: AiBudget;
}

/** Rough token count (4 characters a token): enough to stay within a budget. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

type ReviewedFile = AiReviewInput['files'][number];

function numbered(file: ReviewedFile): string {
  const lines = file.content.split('\n');
  const width = String(lines.length).length;
  const changed = file.changedLines?.length
    ? `\nChanged lines (review these): ${compactRanges(file.changedLines)}`
    : '';
  return `File: ${file.path} (${file.language})${changed}\n${lines.map((line, index) => `${String(index + 1).padStart(width)}| ${line}`).join('\n')}`;
}

function compactRanges(lines: readonly number[]): string {
  const ranges: string[] = [];
  let start = lines[0]!;
  let previous = start;
  for (const line of [...lines.slice(1), Number.NaN]) {
    if (line === previous + 1) {
      previous = line;
      continue;
    }
    ranges.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = line;
    previous = line;
  }
  return ranges.join(', ');
}

/** Files in order (those with static findings first) until the per-agent share is used up. */
function selectFiles(input: AiReviewInput, share: number) {
  const flagged = new Set(input.staticFindings.map((finding) => finding.file));
  const ordered = [...input.files].sort((a, b) => Number(flagged.has(b.path)) - Number(flagged.has(a.path)));
  const chosen: Array<{ file: ReviewedFile; text: string }> = [];
  const left: string[] = [];
  let used = 0;
  for (const file of ordered) {
    const text = numbered(file);
    const tokens = estimateTokens(text);
    if (used + tokens > share) {
      left.push(file.path);
      continue;
    }
    used += tokens;
    chosen.push({ file, text });
  }
  return { chosen, left };
}

function userMessage(chosen: Array<{ text: string }>, input: AiReviewInput): string {
  const known = input.staticFindings
    .slice(0, 60)
    .map((finding) => `- ${finding.file}:${finding.line} ${finding.ruleId}: ${finding.message}`);
  return [
    ...chosen.map((entry) => entry.text),
    '',
    known.length ? `Static analysis already reported:\n${known.join('\n')}` : 'Static analysis reported nothing.',
  ].join('\n\n');
}

/** The JSON object in a model's answer (it may come inside a Markdown code fence or with prose around it). */
export function parseAnswer(text: string): unknown[] {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) throw new Error('the answer holds no JSON object');
  const parsed: unknown = JSON.parse(text.slice(start, end + 1));
  if (!Value.Check(AiAnswerSchema, parsed)) throw new Error('the answer is not {"findings": [...]}');
  return parsed.findings;
}

interface Checked {
  findings: RawFinding[];
  dropped: number;
}

/** Keeps findings that cite a file and lines that exist; turns patches into text edits. */
export function checkFindings(items: readonly unknown[], agent: ReviewAgent, files: readonly ReviewedFile[]): Checked {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const findings: RawFinding[] = [];
  let dropped = 0;
  for (const item of items) {
    if (!Value.Check(AiFindingSchema, item)) {
      dropped++;
      continue;
    }
    const finding = item as AiFinding;
    const file = byPath.get(finding.file.replace(/^\.\//, '')) ?? (files.length === 1 ? files[0] : undefined);
    const starts = file ? lineStarts(file.content) : [];
    if (!file || finding.line > starts.length) {
      dropped++;
      continue;
    }
    const endLine = Math.min(Math.max(finding.endLine ?? finding.line, finding.line), starts.length);
    const result: RawFinding = {
      file: file.path,
      line: finding.line,
      column: 1,
      ...(endLine !== finding.line ? { endLine } : {}),
      ruleId: `ai/${agent.id}`,
      severity: finding.severity,
      category: finding.category ?? agent.category,
      message: `${finding.title.replace(/[.:]\s*$/, '')}: ${finding.message}`,
      source: 'ai',
    };
    const patch = finding.patch;
    if (patch && patch.startLine <= patch.endLine && patch.endLine <= starts.length) {
      const start = starts[patch.startLine - 1]!;
      const next = starts[patch.endLine];
      // Whole lines: up to the end of endLine, keeping its line break.
      const end = next === undefined ? file.content.length : next - 1;
      findings.push({
        ...result,
        fix: {
          description: `AI (${agent.id}): ${finding.title}`,
          origin: 'ai',
          edits: [{ start, end, text: patch.replacement.replace(/\r?\n$/, '') }],
        },
      });
    } else findings.push(result);
  }
  return { findings, dropped };
}

/** The AI reviewer for one user, or why there is none. */
export function createAiReviewerFactory(deps: AiReviewDeps) {
  const budget = deps.budget ?? DEFAULT_AI_BUDGET;
  return async (userId: string): Promise<AiReviewer | { unavailable: string }> => {
    const available = await deps.providers.availableModels(userId);
    if (available.length === 0)
      return { unavailable: 'no AI provider is configured; add an API key in Settings for a deeper review' };
    try {
      await deps.usage?.assertWithinBudget(userId);
    } catch (error) {
      return { unavailable: (error as Error).message };
    }
    const { candidates } = route({
      message: 'code review',
      taskKind: 'code-review',
      mode: 'senior',
      available,
      ...(deps.routingTable ? { table: await deps.routingTable() } : {}),
    });
    return (input) => review(userId, candidates, input);
  };

  async function review(
    userId: string,
    candidates: ReturnType<typeof route>['candidates'],
    input: AiReviewInput,
  ): Promise<AiReviewOutput> {
    const agents = REVIEW_AGENTS.filter((agent) => input.categories.includes(agent.category));
    const window = Math.max(1000, (candidates[0]?.contextWindow ?? 32_000) - budget.outputTokensPerAgent - 2_000);
    const share = Math.min(Math.floor(budget.inputTokens / Math.max(1, agents.length)), window);
    const { chosen, left } = selectFiles(input, share);
    const summary: AiSummary = { status: 'used', agents: [], inputTokens: 0, outputTokens: 0, dropped: 0, merged: 0 };
    if (chosen.length === 0) {
      return {
        findings: [],
        summary: {
          ...summary,
          status: 'failed',
          detail: 'the code is larger than the AI token budget; only the static review ran',
        },
      };
    }
    const message = userMessage(chosen, input);
    const reviewed = chosen.map((entry) => entry.file);
    const results = await Promise.all(
      agents.map(async (agent) => {
        const started = performance.now();
        let text = '';
        let model: string | undefined;
        let usage = { provider: '', inputTokens: 0, outputTokens: 0, cost: 0 };
        try {
          for await (const event of deps.providers.stream({
            userId,
            candidates,
            system: systemPrompt(agent),
            messages: [{ role: 'user', content: message }],
            maxOutputTokens: budget.outputTokensPerAgent,
            signal: input.signal ?? new AbortController().signal,
          })) {
            if (event.type === 'start') model = event.model.id;
            if (event.type === 'text') text += event.text;
            if (event.type === 'finish') {
              const info = candidates.find((candidate) => candidate.id === model);
              usage = {
                provider: info?.provider ?? '',
                inputTokens: event.inputTokens,
                outputTokens: event.outputTokens,
                cost: info ? costMicros(info, event.inputTokens, event.outputTokens) : 0,
              };
            }
          }
          await deps.usage?.record({
            userId,
            source: 'api',
            provider: usage.provider,
            model: model ?? 'unknown',
            outcome: 'complete',
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            costMicros: usage.cost,
            latencyMs: performance.now() - started,
          });
          const checked = checkFindings(parseAnswer(text), agent, reviewed);
          return { agent, model, usage, ...checked, status: 'done' as const };
        } catch (error) {
          return {
            agent,
            model,
            usage,
            findings: [] as RawFinding[],
            dropped: 0,
            status: 'failed' as const,
            detail: (error as Error).message.slice(0, 300),
          };
        }
      }),
    );
    for (const result of results) {
      summary.agents.push({
        agent: result.agent.id,
        status: result.status,
        ...(result.model ? { model: result.model } : {}),
        findings: result.findings.length,
        ...('detail' in result && result.detail ? { detail: result.detail } : {}),
      });
      summary.inputTokens += result.usage.inputTokens;
      summary.outputTokens += result.usage.outputTokens;
      summary.dropped += result.dropped;
    }
    if (results.every((result) => result.status === 'failed')) summary.status = 'failed';
    if (left.length)
      summary.detail = `not sent to the AI (token budget): ${left.slice(0, 10).join(', ')}${left.length > 10 ? ', …' : ''}`;
    return { findings: results.flatMap((result) => result.findings), summary };
  }
}
