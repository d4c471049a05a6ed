// What .ci/check-runtime asks of the image's contents once the server is up, over real HTTP: each
// step goes through a part the bundle could break (native addons, files loaded by path, the
// review's worker thread, TypeScript and ESLint). Prints one line per check; exits with the
// number of failures.
//   node .ci/runtime-smoke.mjs <base url> <expected version>
/* global console, fetch, process, setTimeout, URL */
const [base, version] = process.argv.slice(2);
if (!base || !version) {
  console.error('usage: node .ci/runtime-smoke.mjs <base url> <expected version>');
  process.exit(2);
}

let failures = 0;
const check = (name, ok, detail) => {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
};

async function call(method, path, { body, token } = {}) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, json };
}

const short = (response) => `${response.status} ${response.text.slice(0, 160).replace(/\s+/g, ' ')}`;

const health = await call('GET', '/api/health');
check('liveness', health.status === 200 && health.json?.version === version, short(health));
const ready = await call('GET', '/api/health/ready');
check('readiness (SQLite migrated)', ready.status === 200 && ready.json?.checks?.database === 'ok', short(ready));
const metrics = await call('GET', '/metrics');
check('metrics from loopback', metrics.status === 200 && /^# HELP /m.test(metrics.text), `${metrics.status}`);
const web = await call('GET', '/');
check(
  'web app',
  web.status === 200 && web.type.startsWith('text/html') && /<div id="root">/.test(web.text),
  `${web.status} ${web.type}`,
);
// @fastify/swagger-ui serves its files from beside its own code: kept as a package for this.
const docs = await call('GET', '/docs/static/swagger-ui.css');
check(
  'API docs page assets',
  docs.status === 200 && docs.text.length > 10_000,
  `${docs.status}, ${docs.text.length} bytes`,
);
const openapi = await call('GET', '/openapi.json');
check('OpenAPI document', openapi.status === 200 && openapi.json?.info?.version === version, short(openapi));
const invalid = await call('POST', '/api/auth/login', { body: { email: 'nobody' } });
check(
  'schema validation answers problem+json',
  invalid.status === 400 && invalid.type.startsWith('application/problem+json'),
  short(invalid),
);

// Passwords are hashed by @node-rs/argon2 (a native addon); sessions are stored by better-sqlite3 (another).
const account = { email: 'runtime-check@example.com', password: 'a long enough passphrase', tokenDelivery: 'body' };
const registered = await call('POST', '/api/auth/register', { body: account });
check('register (argon2 hash)', registered.status === 201 && Boolean(registered.json?.accessToken), short(registered));
const wrong = await call('POST', '/api/auth/login', { body: { ...account, password: 'not the passphrase at all' } });
check('login with a wrong password is refused (argon2 verify)', wrong.status === 401, short(wrong));
const login = await call('POST', '/api/auth/login', { body: account });
check('login (argon2 verify)', login.status === 200 && Boolean(login.json?.accessToken), short(login));
const token = login.json?.accessToken;

const session = await call('POST', '/api/chat/sessions', { token, body: { title: 'runtime check' } });
check('chat session created (SQLite write)', session.status === 201, short(session));
const sessions = await call('GET', '/api/chat/sessions', { token });
check(
  'chat sessions listed (SQLite read)',
  sessions.status === 200 && sessions.json?.items?.some((item) => item.id === session.json?.id),
  short(sessions),
);

// A review runs on the worker thread pool (REVIEW_THREADS=1): worker.js from the bundle, ESLint
// and typescript-eslint, which loads the external TypeScript.
const snippet = 'const answer: number = eval(input as string);\nif (answer == 2) console.log(answer);\n';
const created = await call('POST', '/api/review', {
  token,
  body: { snippet: { content: snippet, language: 'typescript' }, ai: false },
});
check('review queued', created.status === 202, short(created));
let review;
for (let attempt = 0; attempt < 120 && created.json?.id; attempt++) {
  review = await call('GET', `/api/review/${created.json.id}`, { token });
  if (!['queued', 'running'].includes(review.json?.status)) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const rules = (review?.json?.findings ?? []).map((finding) => finding.ruleId);
check(
  'review finished with its findings (worker thread, ESLint, TypeScript parser)',
  review?.json?.status === 'complete' && rules.includes('xionimus/code-injection') && rules.includes('eqeqeq'),
  `${review?.json?.status ?? 'no answer'}: ${rules.join(', ') || review?.text.slice(0, 200)}`,
);

process.exitCode = failures;
