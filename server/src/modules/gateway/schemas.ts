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
  { type: Type.String({ maxLength: 64 }), text: Type.Optional(Type.String()) },
  open,
);

export const InputMessage = Type.Object(
  {
    role: Type.Enum(['system', 'developer', 'user', 'assistant', 'tool']),
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
  },
  { ...open, description: 'OpenAI Chat Completions request; unknown fields (temperature, tools, …) are ignored' },
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

export const ChatCompletion = Type.Object({
  id: Type.String(),
  object: Type.Literal('chat.completion'),
  created: Type.Integer(),
  model: Type.String({ description: 'the model that answered (after any fallback)' }),
  choices: Type.Array(
    Type.Object({
      index: Type.Integer(),
      message: Type.Object({ role: Type.Literal('assistant'), content: Type.String(), refusal: Type.Null() }),
      logprobs: Type.Null(),
      finish_reason: Type.Enum([...FINISH_REASONS]),
    }),
  ),
  usage: Usage,
  xionimus: RouteInfo,
});

export type ChatCompletion = Static<typeof ChatCompletion>;

export const ModelList = Type.Object({
  object: Type.Literal('list'),
  data: Type.Array(
    Type.Object({
      id: Type.String(),
      object: Type.Literal('model'),
      created: Type.Integer(),
      owned_by: Type.String(),
    }),
  ),
});
