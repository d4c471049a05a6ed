// Reads an OpenAI Chat Completions request into what the providers take: the caller's system
// prompt, the turns (with tool calls, tool results and images to read), and the call settings
// (sampling, stop sequences, seed, response format, tools). Everything malformed is a 400 that
// names the field, before any provider is asked.
import { AppError } from '../../platform/errors.js';
import type { CallSettings, ChatTurn, ImageInput, ToolCall } from '../providers/service.js';
import { MAX_IMAGES_PER_CALL, type ImagePart, type PendingImage } from './images.js';
import type { CompletionRequest, InputMessage } from './schemas.js';

/** A message's text, and its image parts (user messages only). */
function partsOf(message: InputMessage, index: number) {
  if (message.content === null) return { text: '', images: [] };
  if (typeof message.content === 'string') return { text: message.content, images: [] };
  const texts: string[] = [];
  const images: Array<{ part: ImagePart; path: string }> = [];
  message.content.forEach((part, partIndex) => {
    const path = `body/messages/${index}/content/${partIndex}`;
    if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    else if (part.type === 'image_url' && part.image_url && message.role === 'user') {
      images.push({ part: part.image_url, path });
    } else {
      const detail =
        part.type === 'text'
          ? `${path} is a text part without text`
          : part.type === 'image_url'
            ? part.image_url
              ? `${path} is an image in a message of role ${message.role}; only user messages hold images`
              : `${path} is an image part without image_url`
            : `${path} has type ${part.type}; only text and image_url parts are supported`;
      throw new AppError('unsupported_content', 400, detail, { extra: { path, partType: part.type } });
    }
  });
  return { text: texts.join('\n'), images };
}

/** Arguments sent back with an earlier tool call, parsed: providers take them as JSON values. */
function parsedArguments(text: string, path: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('invalid_tool_arguments', 400, `${path} is not valid JSON`, { extra: { path } });
  }
}

/** The caller's messages as a system prompt (theirs, if any) and the turns the providers take. */
export function conversation(messages: readonly InputMessage[]) {
  const system: string[] = [];
  const turns: ChatTurn[] = [];
  /** Tool names by call id: a `tool` message names only the call it answers. */
  const called = new Map<string, string>();
  const pendingImages: PendingImage[] = [];
  messages.forEach((message, index) => {
    const { text, images } = partsOf(message, index);
    if (images.length > 0) {
      const turn = { role: 'user' as const, content: text, images: [] as ImageInput[] };
      images.forEach((image, at) => pendingImages.push({ images: turn.images, at, ...image }));
      turns.push(turn);
      return;
    }
    if (message.role === 'tool') {
      const id = message.tool_call_id;
      const toolName = id ? called.get(id) : undefined;
      if (!id || !toolName) {
        throw new AppError(
          'unknown_tool_call',
          400,
          id
            ? `body/messages/${index}/tool_call_id ${id} answers no tool call of an earlier assistant message`
            : `body/messages/${index} is a tool message without tool_call_id`,
        );
      }
      turns.push({ role: 'tool', content: text, toolCallId: id, toolName });
      return;
    }
    if (message.role === 'assistant' && message.tool_calls?.length) {
      const toolCalls: ToolCall[] = message.tool_calls.map((call, callIndex) => {
        called.set(call.id, call.function.name);
        return {
          id: call.id,
          name: call.function.name,
          input: parsedArguments(
            call.function.arguments,
            `body/messages/${index}/tool_calls/${callIndex}/function/arguments`,
          ),
        };
      });
      turns.push({ role: 'assistant', content: text, toolCalls });
      return;
    }
    if (text.trim() === '') return;
    if (message.role === 'system' || message.role === 'developer') system.push(text);
    else turns.push({ role: message.role, content: text });
  });
  if (pendingImages.length > MAX_IMAGES_PER_CALL) {
    throw new AppError(
      'too_many_images',
      400,
      `body/messages hold ${pendingImages.length} images; send at most ${MAX_IMAGES_PER_CALL} per call`,
    );
  }
  const lastUser = turns.findLast((turn) => turn.role === 'user');
  if (!lastUser) throw new AppError('no_user_message', 400, 'messages must contain a user message with text');
  return {
    system: system.length > 0 ? system.join('\n\n') : undefined,
    turns,
    lastUser: lastUser.content,
    pendingImages,
  };
}

/** The request's sampling, format and tool fields in the AI SDK's terms (unset ones left out). */
export function callSettings(request: CompletionRequest): CallSettings {
  if ('functions' in request || 'function_call' in request) {
    throw new AppError(
      'unsupported_parameter',
      400,
      'functions and function_call are OpenAI’s deprecated form of tools; send tools and tool_choice instead',
    );
  }
  const settings: CallSettings = {};
  if (typeof request.temperature === 'number') settings.temperature = request.temperature;
  if (typeof request.top_p === 'number') settings.topP = request.top_p;
  if (typeof request.presence_penalty === 'number') settings.presencePenalty = request.presence_penalty;
  if (typeof request.frequency_penalty === 'number') settings.frequencyPenalty = request.frequency_penalty;
  if (typeof request.seed === 'number') settings.seed = request.seed;
  if (request.stop !== undefined && request.stop !== null) {
    const stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
    if (stop.length > 0) settings.stopSequences = stop;
  }
  const format = request.response_format;
  if (format?.type === 'json_object') settings.responseFormat = { type: 'json' };
  else if (format?.type === 'json_schema' && 'json_schema' in format) {
    const { name, description, schema } = format.json_schema;
    settings.responseFormat = {
      type: 'json',
      name,
      ...(description ? { description } : {}),
      ...(schema ? { schema } : {}),
    };
  }
  if (request.tools?.length) {
    settings.tools = request.tools.map(({ function: tool }) => ({
      type: 'function' as const,
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      inputSchema: tool.parameters ?? { type: 'object', properties: {} },
      ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
    }));
  }
  const choice = request.tool_choice;
  if (choice !== undefined && choice !== null) {
    if (!settings.tools) {
      throw new AppError('invalid_tool_choice', 400, 'body/tool_choice is set, but body/tools names no tool');
    }
    if (typeof choice === 'string') settings.toolChoice = { type: choice };
    else if (settings.tools.some((tool) => tool.name === choice.function.name)) {
      settings.toolChoice = { type: 'tool', toolName: choice.function.name };
    } else {
      throw new AppError(
        'invalid_tool_choice',
        400,
        `body/tool_choice names ${choice.function.name}, which is not one of body/tools`,
      );
    }
  }
  return settings;
}
