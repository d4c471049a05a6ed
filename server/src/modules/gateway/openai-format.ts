// Shapes gateway answers and errors the way OpenAI's API does, so that OpenAI client libraries
// parse them: chat.completion objects, chat.completion.chunk events, and `error` members.
import { isAppError } from '../../platform/errors.js';
import { PROBLEM_TYPE_BASE } from '../../platform/http.js';
import type { ChatCompletion, FinishReason } from './schemas.js';
import type { TokenLogprob } from '../providers/service.js';
import type { Completion, CompletionEvent, CompletionResult, TokenUsage } from './service.js';

export interface OpenAiError {
  message: string;
  type: string;
  code: string;
}

const logprobsOf = (logprobs: TokenLogprob[] | undefined) => (logprobs ? { content: logprobs, refusal: null } : null);

const usageOf = (usage: TokenUsage) => ({
  prompt_tokens: usage.inputTokens,
  completion_tokens: usage.outputTokens,
  total_tokens: usage.inputTokens + usage.outputTokens,
});

const routeInfo = (completion: Completion, citations: CompletionResult['citations']) => ({
  ...completion.route,
  provider: completion.model.provider,
  citations,
});

export function completionBody(completion: Completion, result: CompletionResult): ChatCompletion {
  return {
    id: completion.id,
    object: 'chat.completion',
    created: completion.created,
    model: completion.model.id,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: result.text === '' && result.toolCalls.length > 0 ? null : result.text,
          refusal: null,
          ...(result.reasoning ? { reasoning_content: result.reasoning } : {}),
          ...(result.toolCalls.length > 0
            ? {
                tool_calls: result.toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function' as const,
                  function: { name: call.name, arguments: call.arguments },
                })),
              }
            : {}),
        },
        logprobs: logprobsOf(result.logprobs),
        finish_reason: result.finishReason,
      },
    ],
    usage: usageOf(result.usage),
    xionimus: routeInfo(completion, result.citations),
  };
}

/**
 * The chunks of a streamed answer. With include_usage, every chunk carries `usage: null` and a
 * last chunk with no choices carries the totals, as OpenAI sends them.
 */
export function chunks(completion: Completion, includeUsage: boolean) {
  const chunk = (delta: object, finishReason: FinishReason | null, extra: object = {}, logprobs?: TokenLogprob[]) => ({
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model.id,
    choices: [{ index: 0, delta, logprobs: logprobsOf(logprobs), finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
    ...extra,
  });
  return {
    /** The first chunk names the role, and (an extension OpenAI clients ignore) who answers and why. */
    first: () => chunk({ role: 'assistant', content: '' }, null, { xionimus: routeInfo(completion, []) }),
    text: (text: string, logprobs?: TokenLogprob[]) => chunk({ content: text }, null, {}, logprobs),
    reasoning: (text: string) => chunk({ reasoning_content: text }, null),
    /** A tool call's id, type and name open it; later chunks carry only pieces of its arguments. */
    tool: ({ index, id, name, arguments: piece }: Extract<CompletionEvent, { type: 'tool-delta' }>) =>
      chunk(
        {
          tool_calls: [
            id === undefined
              ? { index, function: { arguments: piece } }
              : { index, id, type: 'function', function: { name, arguments: piece } },
          ],
        },
        null,
      ),
    /** `logprobs`: those not sent with a text chunk yet, when asked for. */
    finish: (finishReason: FinishReason, citations: CompletionResult['citations'], logprobs?: TokenLogprob[]) =>
      chunk({}, finishReason, citations.length > 0 ? { xionimus: { citations } } : {}, logprobs),
    usage: (usage: TokenUsage) => ({
      id: completion.id,
      object: 'chat.completion.chunk',
      created: completion.created,
      model: completion.model.id,
      choices: [],
      usage: usageOf(usage),
    }),
  };
}

/** OpenAI's error `type` for an HTTP status. */
function errorType(status: number) {
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'insufficient_quota';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

interface Problem {
  type: string;
  status: number;
  detail: string;
  code: string;
}

export const isProblem = (payload: unknown): payload is Problem =>
  typeof payload === 'object' &&
  payload !== null &&
  typeof (payload as Problem).type === 'string' &&
  (payload as Problem).type.startsWith(PROBLEM_TYPE_BASE) &&
  typeof (payload as Problem).status === 'number' &&
  typeof (payload as Problem).detail === 'string';

/** A problem+json body that OpenAI clients also understand: the same facts under `error`. */
export const withOpenAiError = <P extends Problem>(problem: P) => ({
  ...problem,
  error: { message: problem.detail, type: errorType(problem.status), code: problem.code } satisfies OpenAiError,
});

/** The `error` of a stream that failed after it started; internal details stay in the log. */
export function streamError(error: unknown, requestId: string): OpenAiError {
  if (isAppError(error) && !error.internal) {
    return { message: error.message, type: errorType(error.statusCode), code: error.code };
  }
  const status = isAppError(error) ? error.statusCode : 500;
  return {
    message: `the answer failed; quote request id ${requestId} when reporting it`,
    type: errorType(status),
    code: isAppError(error) ? error.code : 'internal_error',
  };
}
