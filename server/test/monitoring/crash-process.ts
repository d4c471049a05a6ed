// Run as a child process by sentry.test.ts: turns error reporting on as main.ts does, then dies
// of an uncaught error whose message holds a provider key. Arguments: the DSN, the key.
import { parseConfig } from '../../src/config.js';
import { initSentry } from '../../src/platform/monitoring/sentry.js';

const [dsn = '', key = ''] = process.argv.slice(2);
initSentry(parseConfig({ SENTRY_DSN: dsn, ENVIRONMENT: 'crash-test', SENTRY_TRACES_SAMPLE_RATE: '0' }));
setTimeout(() => {
  throw new Error(`the worker died calling the provider with ${key}`);
}, 10);
