// The OpenAI Chat Completions wire format, as far as the gateway uses it. One schema validates a
// request, types the handler and the service, and documents the endpoint.
import Type, { type Static } from 'typebox';
import { Nullable } from '../../platform/http.js';

// OpenAI clients send many optional fields (temperature, top_p, user, n, tools, seed, …), and some
// tools send them as null. This endpoint therefore accepts unknown members everywhere: the one
// deliberate exception to the rest of the API, which rejects unknown fields.
const open = { additionalProperties: true } as const;

// Parts are checked by the service, so that an image gets a clear "not supported" instead of a
// schema error about a union.
export const ContentPart = Type.Object(
  {
    type: Type.String({ maxLength: 64 }),
    text: Type.Optional(Type.String()),
    image_url: Type.Optional(
      Type.Object(
        {
          url: Type.String({ minLength: 1, description: 'an https:// address or a data:image/…;base64, URL' }),
          detail: Type.Optional(Nullable(Type.String({ maxLength: 16 }))),
        },
        open,
      ),
    ),
  },
  open,
);

/** A call the model made in an earlier turn, as the caller sends it back. */
const ToolCallIn = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.Optional(Type.Literal('function')),
    function: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), arguments: Type.String() }, open),
  },
  open,
);

export const InputMessage = Type.Object(
  {
    role: Type.Enum(['system', 'developer', 'user', 'assistant', 'tool']),
    tool_calls: Type.Optional(Nullable(Type.Array(ToolCallIn, { maxItems: 128 }))),
    tool_call_id: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    // Null is what clients send for an assistant turn that only called tools. The array comes
    // first: the app's Ajv coerces types ('array' mode), and a string branch tried first would
    // unwrap a one-part array into its part before the array branch saw it.
    content: Type.Union([Type.Array(ContentPart, { maxItems: 100 }), Type.String(), Type.Null()]),
  },
  open,
);

export const CompletionRequest = Type.Object(
  {
    model: Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        "a model id from GET /v1/models, 'auto' (route by the message), or a task alias such as xionimus-code",
    }),
    messages: Type.Array(InputMessage, { minItems: 1, maxItems: 1000 }),
    stream: Type.Optional(Nullable(Type.Boolean())),
    stream_options: Type.Optional(
      Nullable(Type.Object({ include_usage: Type.Optional(Nullable(Type.Boolean())) }, open)),
    ),
    max_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    max_completion_tokens: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    temperature: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 2 }))),
    top_p: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1 }))),
    presence_penalty: Type.Optional(Nullable(Type.Number({ minimum: -2, maximum: 2 }))),
    frequency_penalty: Type.Optional(Nullable(Type.Number({ minimum: -2, maximum: 2 }))),
    seed: Type.Optional(Nullable(Type.Integer())),
    stop: Type.Optional(Nullable(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 4 })]))),
    n: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1, description: 'one choice per call' }))),
    logprobs: Type.Optional(
      Nullable(Type.Boolean({ description: 'the log probability of each output token (OpenAI models)' })),
    ),
    top_logprobs: Type.Optional(
      Nullable(Type.Integer({ minimum: 0, maximum: 20, description: 'with logprobs: the likeliest alternatives' })),
    ),
    reasoning_effort: Type.Optional(
      Nullable(
        Type.Enum(['minimal', 'low', 'medium', 'high'], {
          description:
            'for models that reason: OpenAI’s reasoning effort, or Claude’s extended thinking (minimal and low 1,024, medium 4,096, high 16,384 tokens)',
        }),
      ),
    ),
    response_format: Type.Optional(
      Nullable(
        Type.Union([
          Type.Object({ type: Type.Enum(['text', 'json_object']) }, open),
          Type.Object(
            {
              type: Type.Literal('json_schema'),
              json_schema: Type.Object(
                {
                  name: Type.String({ minLength: 1, maxLength: 64 }),
                  description: Type.Optional(Type.String()),
                  schema: Type.Optional(Type.Object({}, open)),
                  strict: Type.Optional(Nullable(Type.Boolean())),
                },
                open,
              ),
            },
            open,
          ),
        ]),
      ),
    ),
    tools: Type.Optional(
      Nullable(
        Type.Array(
          Type.Object(
            {
              type: Type.Literal('function'),
              function: Type.Object(
                {
                  name: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,64}$' }),
                  description: Type.Optional(Type.String()),
                  parameters: Type.Optional(Type.Object({}, open)),
                  strict: Type.Optional(Nullable(Type.Boolean())),
                },
                open,
              ),
            },
            open,
          ),
          { maxItems: 128 },
        ),
      ),
    ),
    parallel_tool_calls: Type.Optional(
      Nullable(
        Type.Boolean({
          description: 'false: at most one tool call per answer (OpenAI, OpenAI-compatible servers, Claude)',
        }),
      ),
    ),
    user: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 256,
          description: 'your identifier of the end user, passed to OpenAI and OpenAI-compatible servers',
        }),
      ),
    ),
    logit_bias: Type.Optional(
      Nullable(
        Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Number({ minimum: -100, maximum: 100 }), {
          additionalProperties: false,
          description: 'token id → bias, passed to OpenAI and OpenAI-compatible servers',
        }),
      ),
    ),
    tool_choice: Type.Optional(
      Nullable(
        Type.Union([
          Type.Enum(['none', 'auto', 'required']),
          Type.Object(
            {
              type: Type.Literal('function'),
              function: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) }, open),
            },
            open,
          ),
        ]),
      ),
    ),
  },
  {
    ...open,
    description:
      'OpenAI Chat Completions request. Sampling settings, response_format, tools, tool_choice, parallel_tool_calls, user, logit_bias and logprobs are passed to the model where its provider takes them; other fields (service_tier, store, …) are ignored',
  },
);

export type CompletionRequest = Static<typeof CompletionRequest>;
export type InputMessage = Static<typeof InputMessage>;

export const FINISH_REASONS = ['stop', 'length', 'content_filter', 'tool_calls'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

const Usage = Type.Object({
  prompt_tokens: Type.Integer(),
  completion_tokens: Type.Integer(),
  total_tokens: Type.Integer(),
});

/** Xionimus's extension member: who answered and why. OpenAI clients ignore it. */
export const RouteInfo = Type.Object({
  agent: Type.String(),
  taskKind: Type.String(),
  reason: Type.String(),
  provider: Type.String(),
  citations: Type.Array(Type.Object({ url: Type.String(), title: Type.Optional(Type.String()) })),
});

export const ToolCallOut = Type.Object({
  id: Type.String(),
  type: Type.Literal('function'),
  function: Type.Object({ name: Type.String(), arguments: Type.String({ description: 'JSON text' }) }),
});

const TokenLogprob = Type.Object({
  token: Type.String(),
  logprob: Type.Number(),
  bytes: Type.Optional(Nullable(Type.Array(Type.Integer()))),
});

/** The log probabilities of an answer's tokens, as OpenAI returns them (asked for with logprobs). */
const Logprobs = Type.Object({
  content: Nullable(
    Type.Array(Type.Intersect([TokenLogprob, Type.Object({ top_logprobs: Type.Array(TokenLogprob) })])),
  ),
  refusal: Nullable(Type.Array(TokenLogprob)),
});

export const ChatCompletion = Type.Object({
  id: Type.String(),
  object: Type.Literal('chat.completion'),
  created: Type.Integer(),
  model: Type.String({ description: 'the model that answered (after any fallback)' }),
  choices: Type.Array(
    Type.Object({
      index: Type.Integer(),
      message: Type.Object({
        role: Type.Literal('assistant'),
        // Null when the model only called tools, as OpenAI answers.
        content: Nullable(Type.String()),
        refusal: Type.Null(),
        reasoning_content: Type.Optional(
          Type.String({ description: 'the model’s thinking, where its provider sends it (DeepSeek’s extension)' }),
        ),
        tool_calls: Type.Optional(Type.Array(ToolCallOut)),
      }),
      logprobs: Nullable(Logprobs),
      finish_reason: Type.Enum([...FINISH_REASONS]),
    }),
  ),
  usage: Usage,
  xionimus: RouteInfo,
});

export type ChatCompletion = Static<typeof ChatCompletion>;

export const Model = Type.Object({
  id: Type.String(),
  object: Type.Literal('model'),
  created: Type.Integer(),
  owned_by: Type.String(),
});

export const ModelList = Type.Object({ object: Type.Literal('list'), data: Type.Array(Model) });
