// The AI review agents: one focus each (security, performance, bugs, tests, documentation,
// style), the same answer format for all: JSON findings with line ranges and, where the change
// is clear, a patch replacing whole lines.
import Type, { type Static } from 'typebox';
import { CATEGORIES, SEVERITIES, type Category } from '../model.js';

export interface ReviewAgent {
  id: string;
  category: Category;
  focus: string;
}

export const REVIEW_AGENTS: readonly ReviewAgent[] = [
  {
    id: 'security',
    category: 'security',
    focus:
      'security: injection (SQL, shell, code, path traversal), broken authentication and authorisation, secrets, unsafe deserialisation, SSRF, XSS, weak cryptography, missing input validation',
  },
  {
    id: 'performance',
    category: 'performance',
    focus:
      'performance: needless work in loops, N+1 queries, blocking calls on hot paths, sequential awaits that could run in parallel, unbounded memory growth, missing caching or pagination',
  },
  {
    id: 'bugs',
    category: 'bug',
    focus:
      'bugs: wrong logic, off-by-one errors, unhandled errors and promise rejections, null and undefined cases, race conditions, resource leaks, wrong types',
  },
  {
    id: 'tests',
    category: 'maintainability',
    focus:
      'tests: behaviour that has no test and would break silently, edge cases worth a test; point at the code to test and describe the test in one or two sentences',
  },
  {
    id: 'documentation',
    category: 'maintainability',
    focus:
      'documentation: public functions whose contract (inputs, errors, side effects) is not clear from the code, misleading comments and names',
  },
  {
    id: 'style',
    category: 'style',
    focus:
      'style and readability: confusing names, deep nesting, dead code, inconsistent conventions; only what a senior reviewer would ask to change',
  },
];

export const AiPatchSchema = Type.Object(
  {
    startLine: Type.Integer({ minimum: 1 }),
    endLine: Type.Integer({ minimum: 1 }),
    replacement: Type.String({ maxLength: 20_000, description: 'the new text of lines startLine..endLine' }),
  },
  { additionalProperties: false },
);

export const AiFindingSchema = Type.Object(
  {
    file: Type.String({ minLength: 1, maxLength: 1024 }),
    line: Type.Integer({ minimum: 1 }),
    endLine: Type.Optional(Type.Integer({ minimum: 1 })),
    severity: Type.Enum([...SEVERITIES]),
    category: Type.Optional(Type.Enum([...CATEGORIES])),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    message: Type.String({ minLength: 1, maxLength: 4000 }),
    patch: Type.Optional(AiPatchSchema),
  },
  { additionalProperties: true },
);
export type AiFinding = Static<typeof AiFindingSchema>;

export const AiAnswerSchema = Type.Object({ findings: Type.Array(Type.Unknown(), { maxItems: 100 }) });

export function systemPrompt(agent: ReviewAgent): string {
  return [
    `You are a senior code reviewer. Review only for ${agent.focus}.`,
    'The user message holds the files, each line prefixed with its number ("12| code"). Cite those numbers; never cite a line that is not shown.',
    'Report real problems only, at most 20, most severe first; an empty list is a good answer for sound code. Skip what the static analysis already reported unless you add something it missed.',
    'Answer with one JSON object and nothing else, exactly in this shape:',
    '{"findings":[{"file":"<path as given>","line":<first line>,"endLine":<last line>,"severity":"critical|high|medium|low|info",' +
      `"category":"${agent.category}","title":"<short title>","message":"<what is wrong, why it matters, how to fix it>",` +
      '"patch":{"startLine":<n>,"endLine":<m>,"replacement":"<the new text of lines n..m, without line numbers>"}}]}',
    'Include "patch" only when the fix is certain and local; leave it out otherwise.',
  ].join('\n');
}
