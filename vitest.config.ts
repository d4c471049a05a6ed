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
