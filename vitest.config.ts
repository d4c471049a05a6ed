import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { POSTGRES_URL, serviceAvailable } from './server/test/support/services.js';

const postgres = await serviceAvailable('PostgreSQL', POSTGRES_URL);

// Integration tests run once per database dialect (kysely's DIALECTS pattern):
// SQLite always, PostgreSQL when reachable (required when CI=true).
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['server/src/**/*.ts'],
      exclude: ['server/src/**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 80 },
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['server/src/**/*.test.ts'] },
      },
      {
        // The web app's components and logic, in jsdom.
        extends: true,
        plugins: [react()],
        resolve: { alias: { '@': fileURLToPath(new URL('./web/src', import.meta.url)) } },
        test: {
          name: 'web',
          include: ['web/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['web/src/test/setup.ts'],
        },
      },
      {
        // The real server in-process (fresh SQLite, fake AI providers) driven through Chromium.
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['server/test/**/*.test.ts'],
          env: { TEST_DIALECT: 'sqlite' },
        },
      },
      ...(postgres
        ? [
            {
              extends: true,
              test: {
                name: 'postgres',
                include: ['server/test/**/*.test.ts'],
                env: { TEST_DIALECT: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
