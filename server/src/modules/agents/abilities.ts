// What a call needs of a model beyond text (calling tools, reading images), and which of the
// available models can do it: the registry says so for hosted models; a server of the user's own
// (openai-compatible) decides for itself. Used by the gateway and by chat before routing.
import { AppError } from '../../platform/errors.js';
import { modelCan, type ModelInfo } from '../providers/registry.js';

const ABILITIES = {
  tools: { code: 'tools_not_supported', can: 'call tools', otherwise: 'send no tools' },
  vision: { code: 'images_not_supported', can: 'read images', otherwise: 'send no images' },
} as const;

/**
 * The models that can do what the call needs (call tools, read images): the registry says so for
 * hosted models; a server of the caller's own (openai-compatible) decides for itself.
 */
export function ableModels<M extends ModelInfo>(
  available: M[],
  named: string | undefined,
  needs: ReadonlyArray<keyof typeof ABILITIES>,
): M[] {
  let usable = available;
  for (const need of needs) {
    const { code, can, otherwise } = ABILITIES[need];
    const able = usable.filter((model) => modelCan(model, need));
    if (named !== undefined && usable.some((model) => model.id === named) && !able.some((m) => m.id === named)) {
      throw new AppError(code, 400, `${named} cannot ${can}; choose another model or ${otherwise}`);
    }
    if (able.length === 0 && usable.length > 0) {
      throw new AppError(
        code,
        400,
        `none of the models you can use can ${can} (${usable.map((model) => model.id).join(', ')}); ${otherwise}`,
      );
    }
    usable = able;
  }
  return usable;
}
