// Line pattern rules for languages without a parser here (Python, Go, Java, C/C++, shell), and
// for the parts of JavaScript/TypeScript files the parser could not read. Each rule is a regular
// expression on one line, with an optional exception, a context it needs within a few lines,
// and for some a mechanical fix.
/* eslint-disable security/detect-unsafe-regex -- these run on single lines of at most 2000 characters, and the
   flagged groups are optional (`(?:…)?`), not nested repetition: matching stays linear. */
import type { Language, RawFinding } from '../model.js';
import { ruleInfo } from '../rule-catalog.js';
import { lineStarts, splitLines } from '../text.js';

interface LineFix {
  /** 0-based column in the line where the replaced text starts. */
  column: number;
  length: number;
  text: string;
  description: string;
}

interface PatternRule {
  ruleId: string;
  languages: readonly Language[];
  pattern: RegExp;
  message: string;
  /** A line matching this is fine after all (a literal argument, a safe loader). */
  unless?: RegExp;
  /** Must match within ±3 lines of the same paragraph (e.g. a password nearby for a weak hash). */
  near?: RegExp;
  fix?: (line: string, match: RegExpExecArray) => LineFix | undefined;
}

const PY = ['python'] as const;
const GO = ['go'] as const;
const JAVA = ['java'] as const;
const C = ['c', 'cpp'] as const;
const SH = ['shell'] as const;
const JS = ['javascript', 'typescript'] as const;

const PASSWORD_NEAR = /pass(?:word|wd|phrase)?|pwd/i;

/** Replaces the first occurrence of `from` at or after the match with `to`. */
const replaceIn =
  (from: string, to: string, description: string) =>
  (line: string, match: RegExpExecArray): LineFix | undefined => {
    const column = line.indexOf(from, match.index);
    return column < 0 ? undefined : { column, length: from.length, text: to, description };
  };

export const PATTERN_RULES: PatternRule[] = [
  // ---- Python ----
  {
    ruleId: 'python/sql-injection',
    languages: PY,
    pattern:
      /\.(?:execute|executemany|executescript|raw|read_sql(?:_query)?)\s*\(\s*(?:f["']|["'][^"']*["']\s*(?:%|\+|\.format\b))|\bf["'][^"']*\b(?:select\b.+\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from)\b[^"']*\{|["']\s*(?:select\b[^"']*\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from)\b[^"']*["']\s*(?:%\s*[\w(]|\+\s*\w|\.format\()/i,
    message: 'SQL built with string formatting: pass the values as query parameters (cursor.execute(sql, params))',
  },
  {
    ruleId: 'python/code-injection',
    languages: PY,
    pattern: /(?<![\w.])(?:eval|exec)\s*\(/,
    unless: /(?<![\w.])(?:eval|exec)\s*\(\s*["'][^"'{}]*["']\s*\)/,
    message: 'eval()/exec() runs a string as code: use ast.literal_eval or json.loads for data',
  },
  {
    ruleId: 'python/unsafe-deserialization',
    languages: PY,
    pattern: /\b(?:c?[pP]ickle|dill|marshal|shelve|jsonpickle)\.(?:loads?|Unpickler|open|decode)\s*\(/,
    message: 'deserialising data with pickle/marshal can run arbitrary code: use json for data from outside',
  },
  {
    ruleId: 'python/yaml-load',
    languages: PY,
    pattern: /\byaml\.(load|load_all)\s*\(/,
    unless: /Loader\s*=\s*(?:yaml\.)?C?SafeLoader/,
    message: 'yaml.load without SafeLoader can build arbitrary Python objects: use yaml.safe_load',
    fix: (line, match) =>
      /Loader\s*=/.test(line)
        ? undefined
        : replaceIn(`yaml.${match[1]}(`, `yaml.safe_${match[1]}(`, 'use yaml.safe_load')(line, match),
  },
  {
    ruleId: 'python/subprocess-shell',
    languages: PY,
    pattern: /\bsubprocess\.\w+\s*\(.*\bshell\s*=\s*True/,
    message: 'subprocess with shell=True runs the command through a shell: pass an argument list without shell=True',
  },
  {
    ruleId: 'python/os-system',
    languages: PY,
    pattern: /\bos\.(?:system|popen)\s*\(/,
    unless: /\bos\.(?:system|popen)\s*\(\s*["'][^"'{}%]*["']\s*\)/,
    message:
      'os.system/os.popen with a built command allows shell injection: use subprocess.run([...]) without a shell',
  },
  {
    ruleId: 'python/tls-verification-disabled',
    languages: PY,
    pattern: /\bverify\s*=\s*False\b|\bssl\._create_unverified_context\b|\bcert_reqs\s*=\s*ssl\.CERT_NONE\b/,
    message: 'TLS certificate verification is turned off (man-in-the-middle): keep verify=True or pass a CA bundle',
    fix: (line, match) =>
      match[0].startsWith('verify') ? replaceIn('False', 'True', 'verify certificates')(line, match) : undefined,
  },
  {
    ruleId: 'python/weak-password-hash',
    languages: PY,
    pattern: /\bhashlib\.(?:md5|sha1)\s*\(|\bhashlib\.new\s*\(\s*["'](?:md5|sha1)["']/,
    near: PASSWORD_NEAR,
    message: 'md5/sha1 is far too fast for passwords: use argon2, scrypt (hashlib.scrypt) or bcrypt',
  },
  {
    ruleId: 'python/debug-enabled',
    languages: PY,
    pattern: /\.run\s*\(.*\bdebug\s*=\s*True\b/,
    message: 'debug mode exposes an interactive debugger and stack traces: never enable it outside development',
  },
  {
    ruleId: 'python/bare-except',
    languages: PY,
    pattern: /^\s*except\s*:/,
    message: 'a bare except: also catches KeyboardInterrupt and SystemExit: catch Exception (or narrower)',
    fix: replaceIn('except', 'except Exception', 'catch Exception'),
  },
  // ---- Go ----
  {
    ruleId: 'go/sql-injection',
    languages: GO,
    pattern:
      /\.(?:Query|QueryRow|QueryContext|QueryRowContext|Exec|ExecContext|Prepare|PrepareContext)\s*\(.*(?:fmt\.Sprintf\s*\(|"\s*\+\s*\w)|fmt\.Sprintf\s*\(\s*"[^"]*\b(?:SELECT\b[^"]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b[^"]*%[sdvq]/i,
    message: 'SQL built with fmt.Sprintf or concatenation: use placeholders ($1 or ?) and pass the values as arguments',
  },
  {
    ruleId: 'go/command-injection',
    languages: GO,
    pattern:
      /exec\.Command(?:Context)?\s*\((?:\s*ctx\s*,)?\s*"(?:sh|bash|cmd|powershell)"\s*,\s*"(?:-c|\/c)"\s*,\s*(?!"[^"]*"\s*\))/,
    message:
      'a shell command built from a variable allows command injection: run the program directly with separate arguments',
  },
  {
    ruleId: 'go/tls-verification-disabled',
    languages: GO,
    pattern: /InsecureSkipVerify\s*:\s*true/,
    message: 'InsecureSkipVerify: true turns off TLS certificate checks (man-in-the-middle)',
    fix: replaceIn('true', 'false', 'verify certificates'),
  },
  {
    ruleId: 'go/weak-password-hash',
    languages: GO,
    pattern: /\b(?:md5|sha1)\.(?:Sum|New)\b/,
    near: PASSWORD_NEAR,
    message: 'md5/sha1 is far too fast for passwords: use golang.org/x/crypto/argon2 or bcrypt',
  },
  // ---- Java ----
  {
    ruleId: 'java/sql-injection',
    languages: JAVA,
    pattern:
      /\.(?:executeQuery|executeUpdate|execute|prepareStatement|addBatch|createQuery|createNativeQuery|queryForList|queryForObject)\s*\(\s*(?:"[^"]*"\s*\+|\w+\s*\+\s*")|"\s*(?:SELECT\b[^"]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b[^"]*"\s*\+\s*\w|String\.format\s*\(\s*"[^"]*\b(?:SELECT|INSERT|UPDATE|DELETE)\b[^"]*%s/i,
    message: 'SQL built by concatenation: use a PreparedStatement with ? placeholders and setString/setInt',
  },
  {
    ruleId: 'java/command-injection',
    languages: JAVA,
    pattern:
      /Runtime\.getRuntime\(\)\.exec\s*\((?!\s*"[^"]*"\s*\))(?!\s*new\s+String\s*\[\s*\]\s*\{\s*"[^"]*"\s*(?:,\s*"[^"]*"\s*)*\}\s*\))|new\s+ProcessBuilder\s*\(\s*"(?:sh|bash|cmd(?:\.exe)?)"\s*,\s*"(?:-c|\/c)"/,
    message:
      'a command built from input runs through Runtime.exec/a shell: use ProcessBuilder with separate fixed arguments',
  },
  {
    ruleId: 'java/unsafe-deserialization',
    languages: JAVA,
    pattern: /new\s+(?:ObjectInputStream|XMLDecoder)\s*\(/,
    message:
      'Java deserialisation of data from outside can run code (gadget chains): use JSON, or an ObjectInputFilter allow-list',
  },
  {
    ruleId: 'java/weak-password-hash',
    languages: JAVA,
    pattern: /MessageDigest\.getInstance\s*\(\s*"(?:MD5|SHA-?1)"\s*\)/i,
    near: PASSWORD_NEAR,
    message: 'MD5/SHA-1 is far too fast for passwords: use Argon2, scrypt, bcrypt or PBKDF2 with a salt',
  },
  {
    ruleId: 'java/hostname-verification-disabled',
    languages: JAVA,
    pattern:
      /setHostnameVerifier\s*\(\s*\(\s*\w*\s*,\s*\w*\s*\)\s*->\s*true|NoopHostnameVerifier|ALLOW_ALL_HOSTNAME_VERIFIER/,
    message: 'hostname verification is turned off: any certificate for any host is accepted (man-in-the-middle)',
  },
  // ---- C and C++ ----
  {
    ruleId: 'c/gets',
    languages: C,
    pattern: /(?<![\w.>])gets\s*\(\s*(?:(\w+)\s*\))?/,
    message: 'gets() cannot limit how much it reads (buffer overflow): use fgets(buf, sizeof buf, stdin)',
    fix: (_line, match) => {
      const buffer = match[1];
      return buffer
        ? {
            column: match.index,
            length: match[0].length,
            text: `fgets(${buffer}, sizeof(${buffer}), stdin)`,
            description: 'use fgets with the buffer size (for an array; a pointer needs its real size)',
          }
        : undefined;
    },
  },
  {
    ruleId: 'c/unbounded-copy',
    languages: C,
    pattern: /(?<![\w.>])(?:strcpy|strcat|wcscpy|wcscat|stpcpy)\s*\(/,
    message: 'strcpy/strcat write without bounds (buffer overflow): use snprintf, strlcpy or check the length first',
  },
  {
    ruleId: 'c/sprintf',
    languages: C,
    pattern: /(?<![\w.>])sprintf\s*\(\s*(\w+)\s*,/,
    message: 'sprintf writes without bounds (buffer overflow): use snprintf with the buffer size',
    fix: (line, match) => {
      const buffer = match[1]!;
      return {
        column: match.index,
        length: match[0].length,
        text: `snprintf(${buffer}, sizeof(${buffer}),`,
        description: 'use snprintf with the buffer size (for an array; a pointer needs its real size)',
      };
    },
  },
  {
    ruleId: 'c/format-string',
    languages: C,
    pattern: /(?<![\w.>])(?:printf\s*\(|fprintf\s*\(\s*\w+\s*,|syslog\s*\(\s*\w+\s*,)\s*([A-Za-z_][\w\->.[\]]*)\s*\)/,
    message: 'a non-literal format string lets the data read or write memory (%n): use printf("%s", value)',
    fix: (line, match) => {
      const value = match[1]!;
      const column = line.lastIndexOf(value, match.index + match[0].length);
      return column < 0
        ? undefined
        : { column, length: value.length, text: `"%s", ${value}`, description: 'use a literal format' };
    },
  },
  {
    ruleId: 'c/command-injection',
    languages: C,
    pattern: /(?<![\w.>])(?:system|popen)\s*\(\s*(?!"[^"]*"\s*[,)])/,
    message:
      'system()/popen() with a built command allows shell injection: use execve/posix_spawn with an argument vector',
  },
  {
    ruleId: 'c/scanf-unbounded',
    languages: C,
    pattern: /\b(?:scanf|fscanf|sscanf)\s*\(.*"[^"]*%s/,
    message: 'scanf %s without a width overflows the buffer: give a width (%63s) or use fgets',
  },
  // ---- Shell ----
  {
    ruleId: 'shell/eval',
    languages: SH,
    pattern: /(?:^|[;&|]\s*)eval\s+[^#\n]*\$/,
    message: 'eval of a variable runs whatever it contains: call the command directly, with quoted arguments',
  },
  {
    ruleId: 'shell/curl-pipe-shell',
    languages: SH,
    pattern: /\b(?:curl|wget)\b[^|#]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b/,
    message:
      'a download piped straight into a shell runs whatever the server sends: download, verify a checksum, then run',
  },
  {
    ruleId: 'shell/unsafe-rm',
    languages: SH,
    pattern: /\brm\s+-(?:[a-zA-Z]*r[a-zA-Z]*f|[a-zA-Z]*f[a-zA-Z]*r)[a-zA-Z]*\b[^#\n]*?\s\$\{?\w+\}?(?:\/|\s|$)/,
    message:
      'rm -rf with an unquoted variable: if it is empty or has spaces this deletes the wrong tree; quote it and use "${VAR:?}"',
  },
  {
    ruleId: 'shell/world-writable',
    languages: SH,
    pattern: /\bchmod\s+(?:-R\s+)?(?:0?777|a\+w|o\+w)\b/,
    message: 'chmod 777 lets every user change the file: grant only what is needed (755, 644)',
  },
  {
    ruleId: 'shell/tls-verification-disabled',
    languages: SH,
    pattern: /\bcurl\b[^#\n]*\s(?:-k|--insecure)\b|\bwget\b[^#\n]*--no-check-certificate/,
    message: 'TLS certificate verification is turned off (man-in-the-middle)',
  },
  // ---- JavaScript/TypeScript the parser could not read ----
  {
    ruleId: 'xionimus/sql-injection',
    languages: JS,
    pattern:
      /["'`]\s*(?:select\b[^"'`]*\bfrom|insert\s+into|update\s+\S+\s+set|delete\s+from)\b[^"'`]*["'`]\s*\+|`[^`]*\b(?:select\b[^`]*\bfrom|insert\s+into|update\s+\S+\s+set|delete\s+from|where)\b[^`]*\$\{|\bwhere\s+[\w.]+\s*=\s*'?["']\s*\+/i,
    message: 'SQL query built from strings: use a parameterised query',
  },
  {
    ruleId: 'xionimus/code-injection',
    languages: JS,
    pattern: /(?<![\w$.])eval\s*\(\s*(?!["'][^"']*["']\s*\))|\bnew\s+Function\s*\(/,
    message: 'eval/new Function runs a string as code',
  },
  {
    ruleId: 'xionimus/command-injection',
    languages: JS,
    pattern:
      /(?:(?<![\w$.])|\b(?:child_process|cp|childProcess)\.)(?:exec|execSync)\s*\(\s*(?:`[^`]*\$\{|["'][^"']*["']\s*\+|[a-zA-Z_$][\w$.]*\s*[,)])/,
    message: 'a shell command built from a variable (child_process.exec): use execFile with an argument array',
  },
  {
    ruleId: 'xionimus/html-injection',
    languages: JS,
    pattern:
      /\.(?:innerHTML|outerHTML)\s*=(?!=)\s*(?!["'][^"'+]*["']\s*;?\s*$)|dangerouslySetInnerHTML\s*=\s*\{\{\s*__html\s*:\s*(?!["'])/,
    message: 'HTML built from dynamic content allows cross-site scripting',
  },
  {
    ruleId: 'xionimus/hardcoded-jwt-secret',
    languages: JS,
    pattern: /\bjwt\.(?:sign|verify)\s*\([^,]+,\s*["'`][^"'`$]+["'`]/,
    message: 'jwt with a hard-coded secret',
  },
  {
    ruleId: 'xionimus/tls-verification-disabled',
    languages: JS,
    pattern: /rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED\s*=\s*["']?0/,
    message: 'TLS certificate verification turned off',
  },
  {
    ruleId: 'xionimus/weak-password-hash',
    languages: JS,
    pattern: /createHash\s*\(\s*["'](?:md5|sha1)["']\s*\)/,
    near: PASSWORD_NEAR,
    message: 'md5/sha1 used for passwords',
  },
  {
    ruleId: 'xionimus/path-traversal',
    languages: JS,
    pattern: /\bfs(?:\.promises)?\.\w+\s*\([^)]*\breq(?:uest)?\.(?:params|query|body)/,
    message: 'file system path built from request data (path traversal)',
  },
  {
    ruleId: 'xionimus/open-redirect',
    languages: JS,
    pattern: /\.redirect\s*\(\s*(?:\d+\s*,\s*)?req(?:uest)?\.(?:query|params|body)/,
    message: 'redirect to a URL from the request (open redirect)',
  },
];

const COMMENT: Partial<Record<Language, RegExp>> = {
  python: /^\s*#/,
  shell: /^\s*#/,
  go: /^\s*(?:\/\/|\/\*|\*)/,
  java: /^\s*(?:\/\/|\/\*|\*)/,
  c: /^\s*(?:\/\/|\/\*|\*)/,
  cpp: /^\s*(?:\/\/|\/\*|\*)/,
  javascript: /^\s*(?:\/\/|\/\*|\*)/,
  typescript: /^\s*(?:\/\/|\/\*|\*)/,
};

/** Up to 3 lines either side, not crossing a blank line (the next function usually starts there). */
function paragraph(lines: readonly string[], index: number): string[] {
  let first = index;
  while (first > index - 3 && first > 0 && lines[first - 1]!.trim() !== '') first--;
  let last = index;
  while (last < index + 3 && last < lines.length - 1 && lines[last + 1]!.trim() !== '') last++;
  return lines.slice(first, last + 1);
}

const rulesByLanguage = new Map<Language, PatternRule[]>();
const rulesFor = (language: Language) => {
  let rules = rulesByLanguage.get(language);
  if (!rules) {
    rules = PATTERN_RULES.filter((rule) => rule.languages.includes(language));
    rulesByLanguage.set(language, rules);
  }
  return rules;
};

/** Runs the pattern rules of `language` over the lines from `fromLine` on. */
export function runPatternRules(content: string, language: Language, fromLine = 1): RawFinding[] {
  const rules = rulesFor(language);
  if (rules.length === 0) return [];
  const lines = splitLines(content);
  const starts = lineStarts(content);
  const comment = COMMENT[language];
  const fallback = language === 'javascript' || language === 'typescript';
  const findings: RawFinding[] = [];
  for (let index = fromLine - 1; index < lines.length; index++) {
    const text = lines[index]!;
    if (text.length > 2000 || comment?.test(text)) continue;
    for (const rule of rules) {
      const match = rule.pattern.exec(text);
      if (!match || rule.unless?.test(text)) continue;
      if (rule.near && !paragraph(lines, index).some((nearby) => rule.near!.test(nearby))) continue;
      const { severity, category } = ruleInfo(rule.ruleId);
      const finding: RawFinding = {
        file: '',
        line: index + 1,
        column: match.index + 1,
        endLine: index + 1,
        endColumn: match.index + match[0].length + 1,
        ruleId: rule.ruleId,
        severity,
        category,
        message: fallback ? `${rule.message} (pattern rule: the parser could not read this part)` : rule.message,
      };
      const fix = rule.fix?.(text, match);
      if (fix) {
        const start = starts[index]! + fix.column;
        finding.fix = {
          description: fix.description,
          origin: 'static',
          edits: [{ start, end: start + fix.length, text: fix.text }],
        };
      }
      findings.push(finding);
    }
  }
  return findings;
}
