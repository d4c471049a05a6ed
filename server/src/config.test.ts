import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 8001,
      host: '127.0.0.1',
      nodeEnv: 'development',
      isProduction: false,
      databaseUrl: 'sqlite:./data/xionimus.db',
      redisUrl: undefined,
      rateLimitEnabled: true,
      corsOrigins: [],
      logLevel: 'info',
      registration: 'open',
      outboundAllowHosts: [],
      environment: 'development',
    });
    expect(config.appVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('converts numbers, booleans and comma lists, and treats empty values as unset', () => {
    const config = parseConfig({
      PORT: '9000',
      RATE_LIMIT_ENABLED: 'false',
      CORS_ORIGINS: 'https://a.test, https://b.test',
      OUTBOUND_ALLOW_HOSTS: 'localhost:11434,ollama.internal',
      HOST: '',
      DATABASE_URL: 'postgres://u@db:5432/x',
      OPENAI_API_KEY: 'sk-test',
    });
    expect(config.port).toBe(9000);
    expect(config.rateLimitEnabled).toBe(false);
    expect(config.corsOrigins).toEqual(['https://a.test', 'https://b.test']);
    expect(config.outboundAllowHosts).toEqual(['localhost:11434', 'ollama.internal']);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBe('postgres://u@db:5432/x');
    expect(config.providers.openai).toEqual({ apiKey: 'sk-test', baseUrl: undefined });
  });

  it('lists every invalid variable in one error, without showing secrets', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        REGISTRATION: 'sometimes',
        SECRET_KEY: 'short-secret',
        DATABASE_URL: 'mysql://x',
        OUTBOUND_ALLOW_HOSTS: 'http://bad/entry',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'REGISTRATION', 'SECRET_KEY', 'DATABASE_URL', 'OUTBOUND_ALLOW_HOSTS']) {
      expect(problems).toContain(name);
    }
    expect(problems).not.toContain('short-secret');
  });
});
