import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/commands.js';
import { createSecretBox } from '../src/platform/crypto.js';
import { openDatabase } from '../src/platform/db/database.js';
import { registerAndLogin, startTestApp, TEST_SECRET_KEY } from './support/app.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const NEW_SECRET_KEY = 'the-new-secret-key-after-rotation-0123456789';

describe('rotating SECRET_KEY', () => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });
  afterAll(() => testDatabase.drop());

  async function cli(args: string[], env: Record<string, string>) {
    const lines: string[] = [];
    let error: unknown;
    try {
      await run(
        new Command('xionimus'),
        ['node', 'xionimus', ...args],
        { DATABASE_URL: testDatabase.url, NODE_ENV: 'test', ...env },
        { out: (line) => lines.push(line), stdin: Readable.from(['']) },
      );
    } catch (caught) {
      error = caught;
    }
    return { output: lines.join('\n'), error };
  }

  it('re-encrypts stored provider keys so they open with the new key alone', async () => {
    await (await testDatabase.open()).close();
    const before = await startTestApp({ databaseUrl: testDatabase.url });
    const owner = await registerAndLogin(before);
    const stored = await before.request('PUT', '/api/settings/api-keys/anthropic', {
      token: owner.token,
      body: { apiKey: 'sk-ant-rotation-test-key-1234' },
    });
    expect(stored.status).toBe(200);
    await before.close();

    // Without the old key the new one cannot open it: the CLI says so and changes nothing.
    const blind = await cli(['secrets', 'rotate'], { SECRET_KEY: NEW_SECRET_KEY });
    expect(String(blind.error)).toMatch(/1 stored key\(s\) were sealed with a key that is neither/);

    const rotated = await cli(['secrets', 'rotate'], {
      SECRET_KEY: NEW_SECRET_KEY,
      SECRET_KEY_PREVIOUS: TEST_SECRET_KEY,
    });
    expect(rotated.error).toBeUndefined();
    expect(rotated.output).toMatch(/re-encrypted 1 stored provider key/);
    // A second run finds nothing left to do.
    const again = await cli(['secrets', 'rotate'], { SECRET_KEY: NEW_SECRET_KEY });
    expect(again.error).toBeUndefined();
    expect(again.output).toMatch(/re-encrypted 0 /);

    const database = openDatabase(testDatabase.url);
    try {
      const row = await database.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
      const box = createSecretBox(NEW_SECRET_KEY);
      expect(row.key_id).toBe(box.keyId);
      expect(box.open({ ciphertext: row.ciphertext, keyId: row.key_id }, `api-key:${owner.user.id}:anthropic`)).toBe(
        'sk-ant-rotation-test-key-1234',
      );
    } finally {
      await database.close();
    }
  });
});
