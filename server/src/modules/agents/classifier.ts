// Guesses what a chat message asks for, so the router can pick an agent without a model call.
// Weighted rules, not first match: every rule that matches adds its weight to one task kind and
// the highest score wins. Pure string work on the first 20 000 characters. Patterns are literal
// alternatives without nested quantifiers (eslint's safe-regex check); "verb … noun" phrases are
// matched on words with a bounded gap instead of regex wildcards.
import type { TaskKind } from './routing-table.js';

export interface Classification {
  kind: TaskKind;
  /** 0–1: how clearly the winning kind beat the others. */
  confidence: number;
  /** The matched rules of the winning kind, strongest first, in plain words. */
  signals: string[];
}

const MAX_CHARS = 20_000;
// Line rules read lines of code or logs; longer lines are prose or minified code.
const MAX_LINE = 400;
// Pasted code is context as much as a request: together, code artifacts add at most this much,
// so "review this" or "this crashes" beside a long snippet still wins.
const CODE_EVIDENCE_CAP = 4;
// Reviewing, debugging and documenting are about code: their cues count more with code beside them.
const CODE_CONTEXT_BONUS = 2;
const MIN_SCORE = 2;
// Ties go to the more specific kind.
const PRIORITY: readonly TaskKind[] = [
  'debugging',
  'code-review',
  'documentation',
  'research',
  'creative',
  'code',
  'general',
];

/** What the rules read: the message cut to size and split into prose and code. */
interface Scan {
  /** The whole (capped) message, code included: stack traces and errors are read here. */
  full: string;
  /** The message without fenced and inline code, whitespace collapsed: requests are read here. */
  prose: string;
  /** The prose in lower-case words, for "verb … noun" phrases. */
  words: string[];
  fences: number;
  inlineCode: boolean;
  stackFrames: number;
  keywordLines: number;
  codeLikeLines: number;
  sql: boolean;
  hasCode: boolean;
}

interface Rule {
  kind: TaskKind;
  signal: string;
  weight: number;
  /** A code artifact rather than a request; these share CODE_EVIDENCE_CAP. */
  evidence?: boolean;
  matches: (scan: Scan) => boolean;
}

/** A set of words; an entry ending in * matches every word it begins (inflections, German compounds). */
interface WordSet {
  exact: ReadonlySet<string>;
  prefixes: readonly string[];
}

function wordSet(list: string): WordSet {
  const entries = list.split(' ');
  return {
    exact: new Set(entries.filter((entry) => !entry.endsWith('*'))),
    prefixes: entries.filter((entry) => entry.endsWith('*')).map((entry) => entry.slice(0, -1)),
  };
}

const inSet = (set: WordSet, word: string) =>
  set.exact.has(word) || set.prefixes.some((prefix) => word.startsWith(prefix));

/** Whether words from each set follow one another, each at most `gap` words after the previous. */
function phrase(words: readonly string[], gap: number, sets: readonly WordSet[]): boolean {
  const continues = (index: number, depth: number): boolean => {
    const set = sets[depth];
    if (set === undefined) return true;
    const end = Math.min(words.length - 1, index + gap);
    for (let next = index + 1; next <= end; next += 1) {
      const word = words[next];
      if (word !== undefined && inSet(set, word) && continues(next, depth + 1)) return true;
    }
    return false;
  };
  return words.some((word, index) => sets[0] !== undefined && inSet(sets[0], word) && continues(index, 1));
}

const inProse =
  (...patterns: RegExp[]) =>
  (scan: Scan) =>
    patterns.some((pattern) => pattern.test(scan.prose));
const inFull =
  (...patterns: RegExp[]) =>
  (scan: Scan) =>
    patterns.some((pattern) => pattern.test(scan.full));
const near =
  (gap: number, ...sets: WordSet[]) =>
  (scan: Scan) =>
    phrase(scan.words, gap, sets);

// Lines of a stack trace, one pattern per runtime; each is tested on one trimmed, short line.
const STACK_HEADERS = [
  /^Traceback \(most recent call last\)/, // Python
  /^Exception in thread "/, // Java
  /^Caused by: [\w$.]+/, // Java
  /^goroutine \d+ \[/, // Go
  /^thread '[^']*' panicked at/, // Rust
  /^stack backtrace:$/, // Rust
];
const STACK_FRAMES = [
  /^at .*:\d+\)?$/, // JavaScript at f (file.js:10:5), Java at a.B.c(B.java:42)
  /^at .*\((?:Native Method|Unknown Source|<anonymous>)\)$/, // Java, JavaScript
  /^at .*:line \d+$/, // .NET
  /^File ".*", line \d+/, // Python
  /^from .*:\d+:in /, // Ruby
  /:\d+:in [`'‘]/, // Ruby, first line
  /^#\d+ .*\(\d+\): /, // PHP
  /\.go:\d+ \+0x[0-9a-f]+$/, // Go
  /^\d+: 0x[0-9a-f]+ - /, // Rust
];

// How only code starts a line; lower case on purpose, since prose starts with a capital.
const KEYWORD_LINES = [
  /^(?:async )?def \w+ ?\(/,
  /^(?:export )?(?:default )?(?:abstract )?class \w+ ?(?:[({:<]|extends\b|implements\b|$)/,
  /^import (?:type )?(?:\{|\*|['"]|[\w$.]+ ?(?:,|;|$|from\b|as\b))/,
  /^from [\w.]+ import /,
  /^(?:export )?(?:default )?(?:async )?function\*? ?[\w$]* ?\(/,
  /^(?:export )?(?:const|let|var) (?:[{[]|[\w$]+ ?[:=])/,
  /^(?:public|private|protected|internal) \w/,
  /^(?:static )?(?:void|int|bool|boolean|char|double|float|long|String|string) \w+ ?\(/,
  /^(?:pub )?(?:async )?fn \w+/,
  /^func \w+ ?\(/,
  /^func \([^)]{0,80}\) ?\w+ ?\(/,
  /^#(?:include|define|ifndef|pragma)\b/,
  /^package [\w.]+;?$/,
  /^@[\w.]+(?:\(|$)/,
  /^<\/?[a-z][\w-]*(?: |\/?>)/,
  /^\$ (?:npm|npx|yarn|pnpm|pip|python|node|git|docker|cargo|go|make|curl|sudo|cd|ls)\b/,
];
const CODE_LIKE_LINE = /[;{}]$|^[}\])]|\):$|=>|===|!==|&&|\|\||::|->|\w\(.*\)$/;

const SQL_STATEMENTS = [
  /\bSELECT\b[^;]{1,300}?\bFROM\b/,
  /\b(?:INSERT INTO|DELETE FROM|CREATE (?:TABLE|INDEX|VIEW)|ALTER TABLE|DROP TABLE)\b/,
  /\bupdate \w+ set \w+ ?=/i,
  /\binsert into \w+ ?\(/i,
];
const SQL_COLUMN = /^(?:distinct )?(?:\*|[\w.]+|[\w.]+\.\*|\w+\([^)]{0,60}\))$/i;

// "select name, email from users" is SQL; "select the best option from the list" is not.
function looksLikeSql(flat: string): boolean {
  if (SQL_STATEMENTS.some((pattern) => pattern.test(flat))) return true;
  for (const match of flat.matchAll(/\bselect (.{1,200}?) from [\w."`]/gi)) {
    const columns = (match[1] ?? '').split(',');
    if (columns.every((column) => SQL_COLUMN.test(column.trim().replace(/ as \w+$/i, '')))) return true;
  }
  return false;
}

function scan(message: string): Scan {
  const full = message.slice(0, MAX_CHARS);
  // Odd parts sit inside ``` fences; an unclosed fence (half-pasted code) runs to the end.
  const parts = full.split('```');
  const outsideFences = parts.filter((_, index) => index % 2 === 0).join('\n');
  const fences = Math.floor(parts.length / 2);
  const inlineCode = /`[^`\n]+`/.test(outsideFences);
  const prose = outsideFences
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ');
  const words = prose.toLowerCase().match(/[\p{L}\p{N}_][\p{L}\p{N}_'+#]*/gu) ?? [];

  let stackFrames = 0;
  let keywordLines = 0;
  let codeLikeLines = 0;
  for (const rawLine of full.split('\n')) {
    if (rawLine.length > MAX_LINE) continue;
    const line = rawLine.trim().replace(/\s+/g, ' ');
    if (line === '') continue;
    if (STACK_HEADERS.some((pattern) => pattern.test(line))) stackFrames += 2;
    else if (STACK_FRAMES.some((pattern) => pattern.test(line))) stackFrames += 1;
    else if (KEYWORD_LINES.some((pattern) => pattern.test(line))) keywordLines += 1;
    if (CODE_LIKE_LINE.test(line)) codeLikeLines += 1;
  }
  const sql = looksLikeSql(full.replace(/\s+/g, ' '));
  const hasCode = fences > 0 || inlineCode || keywordLines > 0 || codeLikeLines >= 2 || sql || stackFrames > 0;
  return { full, prose, words, fences, inlineCode, stackFrames, keywordLines, codeLikeLines, sql, hasCode };
}

const CODE_NOUNS = wordSet(
  'code function functions method methods class classes script program component endpoint api module query regex hook cli parser dockerfile makefile snippet implementation pr diff patch changes commit test tests funktion funktionen methode klasse skript programm komponente abfrage änderungen',
);
const WRITE = wordSet(
  'write compose create draft generate give make tell build come schreib* erstell* verfass* dicht* erzähl* erfind* generier* bau*',
);
const CREATIVE_FORMS = wordSet(
  'poem poems haiku haikus sonnet sonnets limerick limericks story stories tale tales slogan slogans tagline taglines lyrics song songs jingle jingles rap joke jokes ballad fable fables screenplay gedicht* geschichte* kurzgeschichte* märchen slogan* songtext* liedtext* lied lieder witz* reim* fabel*',
);
const REVIEW = wordSet('review reviews reviewe reviewen critique audit assess check');
const GERMAN_REVIEW = wordSet('reviewen reviewt begutachten überprüfen prüfen anschauen ansehen');
const QUALITY = wordSet(
  'ok okay good correct fine right idiomatic safe secure efficient clean readable acceptable reasonable gut korrekt richtig sauber sicher',
);
const REPORT = wordSet(
  'get gets getting got see seeing receive receiving return returns show shows showing give gives have has throw throws throwing',
);
const PROBLEM = wordSet('error errors exception exceptions crash crashes stacktrace traceback bug bugs');
const GERMAN_RUNS = wordSet('funktioniert geht klappt läuft kompiliert startet lädt');
const NOT = wordSet('nicht');
const IS = wordSet('is ist');
const GERMAN_REPORT = wordSet('bekomme kriege erhalte wirft zeigt');
const GERMAN_PROBLEM = wordSet('fehler* exception*');
const DOC_VERBS = wordSet('write create generate add update schreibe erstelle ergänze');
const DOC_NOUNS = wordSet('docs documentation comments doku dokumentation kommentare');
const EXPLAIN = wordSet('explain erkläre erklär');
const API_NOUNS = wordSet('api apis endpoint endpoints interface sdk library module schnittstelle bibliothek');

const RULES: readonly Rule[] = [
  // Debugging
  { kind: 'debugging', signal: 'stack trace', weight: 5, matches: (s) => s.stackFrames >= 2 },
  { kind: 'debugging', signal: 'stack trace', weight: 4, matches: (s) => s.stackFrames === 1 },
  {
    kind: 'debugging',
    signal: 'error message',
    weight: 3,
    matches: inFull(
      /\b[A-Z]\w*(?:Error|Exception|Panic)\b:/,
      /(?:^|\s)(?:error|fatal|panic|uncaught|unhandled):\s/im,
      /\berror\[E\d+\]:/,
      /\bsegfault|\b(?:segmentation fault|core dumped|SIGSEGV|SIGABRT|panicked at|OOMKilled)\b|\bnpm ERR!/i,
      /\b(?:ENOENT|EACCES|EPERM|ECONNREFUSED|ECONNRESET|EADDRINUSE|ETIMEDOUT)\b/,
      /\b(?:is not a function|is not defined|cannot read propert(?:y|ies) of|undefined is not|null pointer|out of memory|non-zero exit|exit (?:code|status) [1-9])/i,
      /\bfehlermeldung/i,
    ),
  },
  {
    kind: 'debugging',
    signal: 'exception name',
    weight: 2,
    matches: inFull(/\b[A-Z]\w*(?:Error|Exception)\b/, /\b(?:segfault|panic|traceback)\b/i),
  },
  {
    kind: 'debugging',
    signal: 'reports a failure',
    weight: 3,
    matches: (s) =>
      /\b(?:doesn't|does not|don't|do not|isn't|is not|aren't|won't|will not|can't|cannot|stopped|no longer|not) (?:work|works|working|compile|compiling|run|running|load|loading|start|starting|build|building)\b/i.test(
        s.prose,
      ) ||
      /\b(?:crash|crashes|crashed|crashing|fails|failing|failed|broken|breaks|broke|hangs|freezes|segfaults|segfaulted)\b/i.test(
        s.prose,
      ) ||
      /\breturns? (?:undefined|null|nan|none|nil|empty|an empty|the wrong|wrong)\b/i.test(s.prose) ||
      /\b(?:stürzt|abgestürzt|absturz|kaputt|fehlgeschlagen|schlägt fehl)/i.test(s.prose) ||
      phrase(s.words, 3, [REPORT, PROBLEM]) ||
      phrase(s.words, 3, [GERMAN_RUNS, NOT]) ||
      phrase(s.words, 3, [GERMAN_REPORT, GERMAN_PROBLEM]),
  },
  {
    kind: 'debugging',
    signal: 'asks to fix a bug',
    weight: 4,
    matches: inProse(
      /\b(?:fix|debug|troubleshoot|diagnose) (?:this|that|it|my|the|these|those)\b/i,
      /\b(?:debugging|root cause|find the bug|what causes (?:this|the))\b/i,
      /\b(?:behebe|beheben|debugge|debuggen|repariere|reparieren|fixe|finde den fehler)\b/i,
    ),
  },
  { kind: 'debugging', signal: 'mentions a bug', weight: 2, matches: inProse(/\b(?:bug|bugs|buggy)\b/i) },
  { kind: 'debugging', signal: 'mentions an error', weight: 1, matches: inProse(/\berrors?\b/i, /fehler/i) },

  // Code review
  {
    kind: 'code-review',
    signal: 'asks for a review',
    weight: 5,
    matches: (s) =>
      /\b(?:code|pr|pull request|pull-request|security)[ -]?reviews?\b/i.test(s.prose) ||
      /(?<![\p{L}])(?:überprüfe|überprüfen|überprüf|prüfe|begutachte|begutachten|bewerte|kontrolliere)(?![\p{L}])/iu.test(
        s.prose,
      ) ||
      phrase(s.words, 3, [REVIEW, CODE_NOUNS]) ||
      phrase(s.words, 2, [CODE_NOUNS, GERMAN_REVIEW]),
  },
  { kind: 'code-review', signal: 'asks for a review', weight: 2, matches: inProse(/\breview/i) },
  {
    kind: 'code-review',
    signal: 'asks whether the code is good',
    weight: 5,
    matches: (s) =>
      phrase(s.words, 3, [IS, CODE_NOUNS, QUALITY]) ||
      /\b(?:any|are there) (?:issues|problems|improvements|bugs) (?:with|in) (?:this|my|the)\b/i.test(s.prose) ||
      /\b(?:can|could) (?:this|it|my code|the code) be improved\b/i.test(s.prose) ||
      /\b(?:verbesserungsvorschläge|was hältst du von)/i.test(s.prose),
  },
  {
    kind: 'code-review',
    signal: 'asks whether the code is good',
    weight: 3,
    matches: (s) =>
      s.hasCode &&
      /\b(?:best practices?|code smells?|idiomatic|how (?:can|do|would) (?:i|you) improve)\b/i.test(s.prose),
  },
  {
    kind: 'code-review',
    signal: "asks what's wrong with the code",
    weight: 3,
    matches: (s) => s.hasCode && /\b(?:what's|what is) wrong (?:with|in|here)\b|\bwas ist falsch\b/i.test(s.prose),
  },

  // Documentation
  {
    kind: 'documentation',
    signal: 'asks for documentation',
    weight: 5,
    matches: (s) =>
      /\bdocument(?:ing)? (?:this|the|my|these|that|it|all|each|every|our|its|how|what|your)\b/i.test(s.prose) ||
      /\bdokumentier/i.test(s.prose) ||
      phrase(s.words, 3, [DOC_VERBS, DOC_NOUNS]),
  },
  {
    kind: 'documentation',
    signal: 'doc comments',
    weight: 5,
    matches: inProse(
      /\b(?:docstrings?|jsdoc|tsdoc|javadoc|doxygen|rustdoc|godoc|phpdoc|pydoc|typedoc|xml doc comments?|doc[ -]?comments?)\b/i,
    ),
  },
  {
    kind: 'documentation',
    signal: 'README or guide',
    weight: 4,
    matches: inProse(
      /\b(?:readme|changelog|api reference|api docs|user guide|usage guide|getting started guide|man page)\b/i,
      /\b(?:benutzerhandbuch|handbuch|anleitung)\b/i,
    ),
  },
  { kind: 'documentation', signal: 'asks to explain an API', weight: 3, matches: near(3, EXPLAIN, API_NOUNS) },
  {
    kind: 'documentation',
    signal: 'mentions documentation',
    weight: 2,
    matches: inProse(/\b(?:documentation|docs|dokumentation|doku)\b/i),
  },

  // Research
  {
    kind: 'research',
    signal: 'asks for research',
    weight: 4,
    matches: inProse(/\bresearch/i, /\brecherch/i, /\b(?:studies|papers|state of the art)\b/i),
  },
  {
    kind: 'research',
    signal: 'asks for sources',
    weight: 4,
    matches: inProse(/\b(?:sources|cite|citing|citation|citations|with links)\b/i, /\bquellen/i),
  },
  {
    kind: 'research',
    signal: 'asks about current events',
    weight: 3,
    matches: inProse(
      /\b(?:news|headlines|what happened|who won|who is the current|who is the new|what's new in|release date|announced)\b/i,
      /\b(?:nachrichten|neuigkeiten|was ist passiert|wer hat gewonnen|was gibt es neues)\b/i,
    ),
  },
  {
    kind: 'research',
    signal: 'asks for the latest information',
    weight: 2,
    matches: inProse(
      /\b(?:latest|newest|current|currently|recent|recently|up-to-date|up to date|nowadays|as of|this week|this month|this year|today|right now)\b/i,
      /\b(?:aktuell|aktuelle|aktuellen|aktueller|neueste|neuesten|heute|derzeit|momentan)\b/i,
    ),
  },
  { kind: 'research', signal: 'mentions a recent year', weight: 2, matches: inProse(/\b20[2-9]\d\b/) },
  {
    kind: 'research',
    signal: 'asks for a comparison',
    weight: 2,
    matches: (s) =>
      !s.hasCode && /\b(?:vs|versus|compare|comparison|compared to|pros and cons|vergleich\w*)\b/i.test(s.prose),
  },

  // Creative writing
  {
    kind: 'creative',
    signal: 'asks for creative writing',
    weight: 2,
    // A user story is a requirement, not fiction.
    matches: (s) => phrase(s.words, 4, [WRITE, CREATIVE_FORMS]) && !/\buser stor/i.test(s.prose),
  },
  {
    kind: 'creative',
    signal: 'poem',
    weight: 3,
    matches: inProse(
      /\b(?:poem|poems|poetry|haiku|sonnet|sonnets|limerick|verses|rhyme|rhymes|rhyming)\b/i,
      /gedicht|\b(?:reim|reime|reimen|reimt)\b/i,
    ),
  },
  {
    kind: 'creative',
    signal: 'story',
    weight: 3,
    matches: inProse(
      /(?<!\buser )\b(?:story|stories)\b(?! points?)/i,
      /\b(?:fairy tale|fairy tales|fable|fables|fiction|screenplay|bedtime)\b/i,
      /\b(?:kurzgeschichte|märchen|geschichte)/i,
    ),
  },
  {
    kind: 'creative',
    signal: 'slogan',
    weight: 3,
    matches: inProse(
      /\b(?:slogan|slogans|tagline|taglines|catchphrase|motto|jingle|ad copy|werbespruch|werbeslogan)\b/i,
    ),
  },
  {
    kind: 'creative',
    signal: 'lyrics',
    weight: 3,
    matches: inProse(/\b(?:lyrics|song|songs|rap|liedtext|songtext)\b/i),
  },
  { kind: 'creative', signal: 'joke', weight: 3, matches: inProse(/\b(?:joke|jokes|pun|puns|witz|witze)\b/i) },

  // Code: requests
  {
    kind: 'code',
    signal: 'asks for code',
    weight: 4,
    matches: (s) =>
      phrase(s.words, 4, [WRITE, CODE_NOUNS]) || /\b(?:write|show me) (?:the )?code\b|\bcode snippet\b/i.test(s.prose),
  },
  {
    kind: 'code',
    signal: 'asks to implement',
    weight: 3,
    matches: inProse(/\b(?:implement|implementier|programmier)/i),
  },
  {
    kind: 'code',
    signal: 'asks to refactor',
    weight: 4,
    matches: inProse(
      /\b(?:refactor|refaktor)/i,
      /\b(?:clean up|optimize|optimise|speed up) (?:this|my|the) (?:code|function|query|loop)\b/i,
    ),
  },
  {
    kind: 'code',
    signal: 'regular expression',
    weight: 3,
    matches: inProse(
      /\b(?:regex|regexes|regexp|regular expression|regular expressions|regulären ausdruck|regulärer ausdruck)\b/i,
    ),
  },
  {
    kind: 'code',
    signal: 'asks for tests',
    weight: 3,
    matches: inProse(/\b(?:unit tests?|unit-tests?|integration tests?|test cases|write tests|testfälle)\b/i),
  },

  {
    kind: 'code',
    // Tips a question about code towards an explanation rather than a bug hunt; alone it is too weak to count.
    signal: 'asks how something works',
    weight: 1,
    matches: inProse(
      /\b(?:difference between|what is|what are|explain|how does|how do)\b/i,
      /\b(?:unterschied zwischen|was ist|erkläre)\b/i,
    ),
  },

  // Code: artifacts
  { kind: 'code', signal: 'code block', weight: 3, evidence: true, matches: (s) => s.fences > 0 },
  { kind: 'code', signal: 'inline code', weight: 1, evidence: true, matches: (s) => s.inlineCode },
  { kind: 'code', signal: 'programming keywords', weight: 2, evidence: true, matches: (s) => s.keywordLines > 0 },
  { kind: 'code', signal: 'SQL query', weight: 3, evidence: true, matches: (s) => s.sql },
  { kind: 'code', signal: 'code-like lines', weight: 2, evidence: true, matches: (s) => s.codeLikeLines >= 2 },
  {
    kind: 'code',
    signal: 'mentions a programming language',
    weight: 2,
    evidence: true,
    matches: inProse(
      /\b(?:python|javascript|typescript|java|kotlin|rust|golang|ruby|php|scala|haskell|elixir|perl|lua|dart|sql|postgres|postgresql|mysql|sqlite|bash|powershell|html|css|react|vue|angular|svelte|nodejs|node\.js|deno|django|flask|fastapi|rails|laravel|docker|kubernetes|terraform|graphql|webpack|vite)\b/i,
      /\b(?:c\+\+|c#)(?!\w)/i,
      /\b(?:in|with|using) Go\b/,
    ),
  },

  {
    kind: 'code',
    signal: 'programming concepts',
    weight: 2,
    evidence: true,
    matches: inProse(
      /\b(?:list comprehension|async\/await|promises?|closures?|recursion|recursive|generics|lambdas?|pointers?|algorithms?|data structures?|linked list|hash ?map|big o|time complexity|compiler|variables?|arrays?|for loop|while loop|callbacks?|memoi[sz]ation|dependency injection|design patterns?|mutex|race condition|orm|rest api|endpoints?|git)\b/i,
      /\b(?:variable|variablen|schleife|schleifen|algorithmus|datenstruktur|rekursion|zeiger)\b/i,
    ),
  },

  // General: language rather than code
  {
    kind: 'general',
    signal: 'about grammar or wording',
    weight: 5,
    matches: inProse(
      /\b(?:grammar|grammatical|spelling|punctuation|sentence|proofread|wording|synonym|synonyms|idiom)\b/i,
      /\b(?:grammatik|rechtschreibung|zeichensetzung|satz|formulierung)\b/i,
    ),
  },
  {
    kind: 'general',
    signal: 'asks for a translation',
    weight: 2,
    matches: inProse(/\b(?:translate|translation)\b/i, /(?<![\p{L}])übersetz/iu),
  },
];

const CONTEXT_KINDS: readonly TaskKind[] = ['debugging', 'code-review', 'documentation'];

const round = (value: number) => Math.round(value * 100) / 100;

export function classifyTask(message: string): Classification {
  const text = scan(message);
  const requests = new Map<TaskKind, number>();
  const evidence = new Map<TaskKind, number>();
  const matched = new Map<TaskKind, { signal: string; weight: number }[]>();

  for (const rule of RULES) {
    if (!rule.matches(text)) continue;
    const bucket = rule.evidence ? evidence : requests;
    bucket.set(rule.kind, (bucket.get(rule.kind) ?? 0) + rule.weight);
    const list = matched.get(rule.kind) ?? [];
    list.push({ signal: rule.signal, weight: rule.weight });
    matched.set(rule.kind, list);
  }

  const scores = new Map(requests);
  for (const [kind, weight] of evidence) {
    scores.set(kind, (scores.get(kind) ?? 0) + Math.min(weight, CODE_EVIDENCE_CAP));
  }
  if (text.hasCode) {
    for (const kind of CONTEXT_KINDS) {
      const score = scores.get(kind);
      if (score === undefined) continue;
      scores.set(kind, score + CODE_CONTEXT_BONUS);
      matched.get(kind)?.push({ signal: 'code included', weight: CODE_CONTEXT_BONUS });
    }
  }

  // A stable sort keeps PRIORITY's order among equal scores.
  const ranked = PRIORITY.map((kind) => ({ kind, score: scores.get(kind) ?? 0 })).sort((a, b) => b.score - a.score);
  const [top, second] = ranked;
  if (top === undefined || top.score < MIN_SCORE) {
    return { kind: 'general', confidence: top !== undefined && top.score > 0 ? 0.4 : 0.5, signals: [] };
  }
  const signals = (matched.get(top.kind) ?? [])
    .sort((a, b) => b.weight - a.weight)
    .map((entry) => entry.signal)
    .filter((signal, index, all) => all.indexOf(signal) === index);
  return { kind: top.kind, confidence: round(top.score / (top.score + (second?.score ?? 0) + 2)), signals };
}
