import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  security.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Object lookups by computed keys are everywhere in typed code; this rule only flags noise.
      'security/detect-object-injection': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in server/src/config.ts only.' },
      ],
    },
  },
  {
    // Entry points hand the environment to config.ts; tests pick their services from it.
    files: [
      'server/src/cli/index.ts',
      'server/test/**',
      'vitest.config.ts',
      'web/vite.config.ts',
      'bench/**',
      'e2e/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // These read paths from the operator's configuration, never from request input.
    files: [
      'server/src/config.ts',
      'server/src/secret-key.ts',
      'server/src/platform/db/database.ts',
      'server/src/platform/db/backup.ts',
      // …or from the server's own install (the built web app next to it).
      'server/src/modules/web/routes.ts',
    ],
    rules: { 'security/detect-non-literal-fs-filename': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'server/test/**', 'e2e/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'security/detect-non-literal-fs-filename': 'off',
    },
  },
  {
    // The web app: React's hook rules (with the React Compiler's checks).
    files: ['web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    // Features own their insides (conventions, web 12): another feature is reached only through
    // its index, '@/features/<name>'; inside a feature, relative imports stay within it.
    files: ['web/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/features/*/**'], message: "Import another feature through its index: '@/features/<name>'." },
            { group: ['../../*'], message: "Leave the feature through '@/…' imports, not '../../'." },
          ],
        },
      ],
    },
  },
  {
    // Shared code (lib, components, locales) must not depend on any feature.
    files: ['web/src/{lib,components,locales}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/features/**'], message: 'Shared code must not import a feature.' }] },
      ],
    },
  },
  prettier,
);
