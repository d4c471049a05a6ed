// The sandbox's public surface: the run panel (Code screen), the Run action for chat code
// blocks, the language mapping they share, and the translations.
export { RunPanel, type RunPanelHandle } from './components/run-panel';
export { useCodeBlockRun } from './components/code-block-run';
export { sandboxLanguageOf, sandboxLanguageOfPath } from './lib/languages';
export type { SandboxLanguage } from './api/types';
export { sandboxEn } from './locales/en';
export { sandboxDe } from './locales/de';
