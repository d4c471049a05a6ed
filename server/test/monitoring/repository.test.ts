import { describe, expect, it } from 'vitest';
import { licenseAllowed, licenseProblems, productionPackages, scanRepository, scanText } from './repository.js';

// Built at run time so that this file itself holds no key-shaped literal of a real key's length.
const realLengthKey = `sk-proj-${'Ab3'.repeat(30)}`;
const privateKeyHeader = (kind: string) => `${'-'.repeat(5)}BEGIN ${kind}PRIVATE KEY${'-'.repeat(5)}`;

describe('secret scan', () => {
  it('reports a provider key, a JWT and a private key in source code, without printing them', () => {
    const findings = scanText(
      'server/src/modules/x/service.ts',
      [
        "const key = 'sk-ant-api03-abcdefghijklmnop';",
        "const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';",
        privateKeyHeader('OPENSSH '),
        "request.headers.authorization = 'Bearer a1b2c3d4e5f6g7h8i9j0k1l2';",
        '// prose about a Bearer access token is fine',
      ].join('\n'),
    );
    expect(findings.map((finding) => finding.line)).toEqual([1, 2, 3, 4]);
    expect(JSON.stringify(findings)).not.toContain('abcdefghijklmnop');
  });

  it('lets tests hold fake keys, but not a key of a real key’s length', () => {
    expect(scanText('server/test/auth.test.ts', "const fake = 'sk-test-0123456789';")).toEqual([]);
    expect(scanText('server/test/auth.test.ts', `const leaked = '${realLengthKey}';`)).toHaveLength(1);
    expect(scanText('server/test/auth.test.ts', privateKeyHeader('RSA '))).toHaveLength(1);
  });

  it('finds no secret in the repository', () => {
    const { scanned, findings } = scanRepository();
    expect(scanned).toBeGreaterThan(100);
    expect(findings).toEqual([]);
  });
});

describe('license check', () => {
  it('reads SPDX expressions: OR needs one allowed license, AND needs all', () => {
    expect(licenseAllowed('MIT')).toBe(true);
    expect(licenseAllowed('(MIT OR GPL-3.0-only)')).toBe(true);
    expect(licenseAllowed('(MIT AND GPL-3.0-only)')).toBe(false);
    expect(licenseAllowed('GPL-2.0-only')).toBe(false);
    expect(licenseAllowed('AGPL-3.0-or-later')).toBe(false);
    expect(licenseAllowed('LGPL-3.0-only')).toBe(true);
    expect(licenseAllowed('Apache-2.0 WITH LLVM-exception')).toBe(true);
    expect(licenseAllowed('')).toBe(false);
  });

  it('walks the server’s production tree only: no dev tools, no web-only packages', () => {
    const names = new Set(productionPackages().map((entry) => entry.name));
    for (const name of ['fastify', 'better-sqlite3', '@sentry/node', 'prom-client', 'pino'])
      expect(names).toContain(name);
    for (const name of ['vitest', 'prettier', 'react', 'vite']) expect(names).not.toContain(name);
  });

  it('allows every license in that tree', () => {
    expect(licenseProblems().refused).toEqual([]);
  });
});
