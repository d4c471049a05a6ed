// The providers feature's public surface: keys, models and the first-run setup.
export { modelsQueryKey, useModels } from './api/get-models';
export type { ModelsResponse } from './api/get-models';
export { PROVIDERS, type ModelInfo, type ProviderName } from './api/types';
export { ApiKeysPanel } from './components/api-keys-panel';
export { RequireProvider } from './components/require-provider';
export { SetupPage } from './components/setup-page';
export { providersEn } from './locales/en';
export { providersDe } from './locales/de';
