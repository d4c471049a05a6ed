// Every rule a review can report, with its default severity, category and a one-line title
// (SARIF's rule descriptors and the Markdown report use the titles). Rules of external tools
// are classified by prefix when they are not listed.
import type { Category, Severity } from './model.js';

export interface RuleInfo {
  severity: Severity;
  category: Category;
  title: string;
}

const info = (severity: Severity, category: Category, title: string): RuleInfo => ({ severity, category, title });

export const RULES: Record<string, RuleInfo> = {
  // JavaScript/TypeScript: our plugin
  'xionimus/sql-injection': info('critical', 'security', 'SQL built by string concatenation or template literals'),
  'xionimus/code-injection': info('high', 'security', 'eval, new Function or string timers'),
  'xionimus/command-injection': info('critical', 'security', 'Shell command built from input (child_process)'),
  'xionimus/path-traversal': info('high', 'security', 'File system path built from request data'),
  'xionimus/open-redirect': info('medium', 'security', 'Redirect to a URL taken from the request'),
  'xionimus/html-injection': info('high', 'security', 'HTML injection (innerHTML, dangerouslySetInnerHTML)'),
  'xionimus/weak-password-hash': info('high', 'security', 'Weak hash (md5/sha1) for passwords'),
  'xionimus/hardcoded-jwt-secret': info('high', 'security', 'Hard-coded JWT secret'),
  'xionimus/tls-verification-disabled': info('high', 'security', 'TLS certificate verification disabled'),
  // eslint-plugin-security
  'security/detect-unsafe-regex': info('medium', 'security', 'Regular expression open to ReDoS'),
  'security/detect-buffer-noassert': info('low', 'security', 'Buffer read/write without bounds checks'),
  'security/detect-no-csrf-before-method-override': info('medium', 'security', 'CSRF check after methodOverride'),
  'security/detect-pseudoRandomBytes': info('medium', 'security', 'crypto.pseudoRandomBytes is not secure'),
  'security/detect-possible-timing-attacks': info('low', 'security', 'Comparison open to timing attacks'),
  'security/detect-bidi-characters': info('high', 'security', 'Bidirectional control characters (Trojan Source)'),
  'security/detect-new-buffer': info('low', 'security', 'new Buffer() with a variable'),
  'security/detect-disable-mustache-escape': info('high', 'security', 'Template escaping disabled'),
  'security/detect-non-literal-require': info('low', 'security', 'require() with a variable'),
  'security/detect-non-literal-regexp': info('low', 'security', 'RegExp built from a variable'),
  // ESLint core rules
  'no-debugger': info('low', 'bug', 'debugger statement'),
  'no-dupe-keys': info('medium', 'bug', 'Duplicate object key'),
  'no-dupe-else-if': info('medium', 'bug', 'Duplicate else-if condition'),
  'no-unreachable': info('low', 'bug', 'Unreachable code'),
  'no-self-compare': info('medium', 'bug', 'Value compared with itself'),
  'no-self-assign': info('low', 'bug', 'Value assigned to itself'),
  'no-cond-assign': info('medium', 'bug', 'Assignment in a condition'),
  'no-unsafe-finally': info('medium', 'bug', 'Control flow in finally'),
  'no-unsafe-negation': info('medium', 'bug', 'Negation of the left operand of in/instanceof'),
  'no-constant-binary-expression': info('medium', 'bug', 'Comparison whose result is constant'),
  'use-isnan': info('medium', 'bug', 'Comparison with NaN'),
  'valid-typeof': info('medium', 'bug', 'typeof compared with an invalid string'),
  'no-fallthrough': info('low', 'bug', 'switch case falls through'),
  'no-compare-neg-zero': info('low', 'bug', 'Comparison with -0'),
  eqeqeq: info('low', 'bug', 'Loose equality (== / !=)'),
  'no-script-url': info('medium', 'security', 'javascript: URL'),
  'no-await-in-loop': info('low', 'performance', 'await inside a loop (sequential instead of parallel)'),
  'no-var': info('low', 'style', 'var instead of let/const'),
  'prefer-const': info('info', 'style', 'let that is never reassigned'),
  // Metrics
  'metrics/complexity': info('medium', 'maintainability', 'Function with high cyclomatic complexity'),
  'metrics/long-function': info('low', 'maintainability', 'Long function'),
  'metrics/duplicate-block': info('low', 'maintainability', 'Duplicated block of code'),
  // Secrets
  'secrets/aws-access-key-id': info('critical', 'security', 'AWS access key id'),
  'secrets/aws-secret-access-key': info('critical', 'security', 'AWS secret access key'),
  'secrets/github-token': info('critical', 'security', 'GitHub token'),
  'secrets/openai-api-key': info('critical', 'security', 'OpenAI API key'),
  'secrets/anthropic-api-key': info('critical', 'security', 'Anthropic API key'),
  'secrets/stripe-live-key': info('critical', 'security', 'Stripe live secret or restricted key'),
  'secrets/stripe-test-key': info('low', 'security', 'Stripe test key'),
  'secrets/slack-token': info('high', 'security', 'Slack token'),
  'secrets/google-api-key': info('high', 'security', 'Google API key'),
  'secrets/private-key': info('critical', 'security', 'Private key'),
  'secrets/generic-secret': info('high', 'security', 'Hard-coded password, secret or token'),
  // Python
  'python/sql-injection': info('critical', 'security', 'SQL built with string formatting'),
  'python/code-injection': info('high', 'security', 'eval/exec'),
  'python/unsafe-deserialization': info('high', 'security', 'pickle/marshal deserialisation of data'),
  'python/yaml-load': info('high', 'security', 'yaml.load without SafeLoader'),
  'python/subprocess-shell': info('high', 'security', 'subprocess with shell=True'),
  'python/os-system': info('high', 'security', 'os.system/os.popen with a built command'),
  'python/tls-verification-disabled': info('high', 'security', 'TLS verification disabled (verify=False)'),
  'python/weak-password-hash': info('high', 'security', 'Weak hash (md5/sha1) for passwords'),
  'python/debug-enabled': info('medium', 'security', 'Debug mode enabled in a web app'),
  'python/bare-except': info('low', 'bug', 'Bare except: catches everything, even KeyboardInterrupt'),
  // Go
  'go/sql-injection': info('critical', 'security', 'SQL built with fmt.Sprintf or concatenation'),
  'go/command-injection': info('critical', 'security', 'Shell command built from input'),
  'go/tls-verification-disabled': info('high', 'security', 'InsecureSkipVerify: true'),
  'go/weak-password-hash': info('high', 'security', 'Weak hash (md5/sha1) for passwords'),
  // Java
  'java/sql-injection': info('critical', 'security', 'SQL built by string concatenation'),
  'java/command-injection': info('critical', 'security', 'Runtime.exec/ProcessBuilder with a built command'),
  'java/unsafe-deserialization': info('high', 'security', 'ObjectInputStream deserialisation'),
  'java/weak-password-hash': info('high', 'security', 'Weak hash (MD5/SHA-1) for passwords'),
  'java/hostname-verification-disabled': info('high', 'security', 'Hostname verification disabled'),
  // C/C++
  'c/gets': info('critical', 'security', 'gets() cannot limit its input (buffer overflow)'),
  'c/unbounded-copy': info('high', 'security', 'strcpy/strcat without bounds'),
  'c/sprintf': info('medium', 'security', 'sprintf without bounds'),
  'c/format-string': info('high', 'security', 'printf with a non-literal format string'),
  'c/command-injection': info('high', 'security', 'system()/popen() with a built command'),
  'c/scanf-unbounded': info('medium', 'security', 'scanf %s without a width'),
  // Shell
  'shell/eval': info('high', 'security', 'eval of a variable'),
  'shell/curl-pipe-shell': info('high', 'security', 'Download piped into a shell'),
  'shell/unsafe-rm': info('high', 'bug', 'rm -rf with an unquoted or unchecked variable'),
  'shell/world-writable': info('medium', 'security', 'chmod 777'),
  'shell/tls-verification-disabled': info(
    'medium',
    'security',
    'TLS verification disabled (curl -k, wget --no-check-certificate)',
  ),
};

/** Tool rules (shellcheck/SC2086, cppcheck/nullPointer, …) and anything unlisted. */
export function ruleInfo(ruleId: string): RuleInfo {
  const known = RULES[ruleId];
  if (known) return known;
  if (ruleId.startsWith('typescript/')) return info('medium', 'bug', `TypeScript ${ruleId.slice(11)}`);
  if (ruleId.startsWith('shellcheck/')) return info('medium', 'bug', `ShellCheck ${ruleId.slice(11)}`);
  if (ruleId.startsWith('cppcheck/')) return info('medium', 'bug', `Cppcheck ${ruleId.slice(9)}`);
  if (ruleId.startsWith('pyflakes/')) return info('low', 'bug', `Pyflakes ${ruleId.slice(9)}`);
  if (ruleId.startsWith('pylint/')) return info('low', 'maintainability', `Pylint ${ruleId.slice(7)}`);
  if (ruleId.startsWith('pyright/')) return info('medium', 'bug', `Pyright ${ruleId.slice(8)}`);
  if (ruleId.startsWith('ai/')) return info('medium', 'bug', `AI reviewer: ${ruleId.slice(3)}`);
  return info('low', 'maintainability', ruleId);
}
