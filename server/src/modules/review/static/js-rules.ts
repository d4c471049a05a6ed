// Our own ESLint rules for the classic JavaScript/TypeScript vulnerabilities, as a local plugin
// (`xionimus/…`), plus the function metrics rule that feeds the report's complexity figures.
import type { Rule } from 'eslint';
import type * as ESTree from 'estree';
import {
  calleeName,
  calleeObject,
  enclosingFunction,
  initializerOf,
  isRequestDerived,
  memberPath,
  staticString,
  stringParts,
  unwrap,
  type Node,
} from './js-taint.js';
import { COMPLEXITY_LIMIT, LENGTH_LIMIT, type FunctionMetric } from './metrics.js';

const rule = (description: string, create: Rule.RuleModule['create'], fixable = false): Rule.RuleModule => ({
  meta: { type: 'problem', docs: { description }, schema: [], ...(fixable ? { fixable: 'code' as const } : {}) },
  create,
});

const args = (call: ESTree.CallExpression) =>
  call.arguments.filter((arg): arg is ESTree.Expression => arg.type !== 'SpreadElement');

/** A value known at review time: a string literal, or a const initialised with one. */
function isConstantString(context: Rule.RuleContext, node: ESTree.Node | undefined): boolean {
  if (!node) return false;
  const target = unwrap(node);
  if (staticString(target) !== undefined) return true;
  if (target.type === 'Identifier') {
    const init = initializerOf(context, target);
    return init !== undefined && staticString(init) !== undefined;
  }
  return false;
}

// ---- SQL built from strings --------------------------------------------------------------------

const SQL_STATEMENT =
  /\b(?:select\b[\s\S]+?\bfrom|insert\s+into|update\s+[\w."`[\]]+\s+set|delete\s+from|(?:create|drop|alter|truncate)\s+table)\b/i;
const SQL_VALUE_SLOT = /(?:=|<>|!=|<|>|\blike|\bin\s*\(|\bvalues\s*\(|,)\s*['"%(]*\s*$/i;
const SQL_WORD = /\b(?:select|insert|update|delete|where|values|from|set|order\s+by|group\s+by)\b/i;

const sqlInjection = rule('SQL built by string concatenation or template literals', (context) => {
  const check = (node: ESTree.Node) => {
    const parent = (node as Node).parent as ESTree.Node | undefined;
    // Only the outermost `+` chain; tagged templates (sql`…`) are parameterised by their tag.
    if (parent?.type === 'BinaryExpression' && parent.operator === '+') return;
    if (parent?.type === 'TaggedTemplateExpression') return;
    const parts = stringParts(node);
    if (!parts || parts.every((part) => part.literal)) return;
    const literalText = parts
      .filter((part) => part.literal)
      .map((part) => part.text)
      .join(' ');
    if (!SQL_WORD.test(literalText)) return;
    const slotBeforeDynamic = parts.some(
      (part, index) =>
        !part.literal && index > 0 && parts[index - 1]!.literal && SQL_VALUE_SLOT.test(parts[index - 1]!.text),
    );
    if (!SQL_STATEMENT.test(literalText) && !slotBeforeDynamic) return;
    const fromRequest = parts.some((part) => !part.literal && isRequestDerived(context, part.node));
    context.report({
      node,
      message: `SQL query built from ${node.type === 'TemplateLiteral' ? 'a template literal' : 'string concatenation'}${fromRequest ? ' with request data' : ''}: use a parameterised query (placeholders and a values array)`,
    });
  };
  return {
    TemplateLiteral: check,
    BinaryExpression: (node) => {
      if (node.operator === '+') check(node);
    },
  };
});

// ---- eval and friends --------------------------------------------------------------------------

const codeInjection = rule('eval, new Function and string timers run strings as code', (context) => {
  const report = (node: ESTree.Node, what: string) =>
    context.report({ node, message: `${what} runs a string as code; never pass it data you do not fully control` });
  return {
    CallExpression: (node) => {
      const callee = unwrap(node.callee as ESTree.Node);
      const first = args(node)[0];
      if (callee.type === 'Identifier' && callee.name === 'eval' && first && !isConstantString(context, first))
        report(node, 'eval()');
      else if (callee.type === 'Identifier' && callee.name === 'Function') report(node, 'Function()');
      else if (
        ['setTimeout', 'setInterval'].includes(calleeName(node) ?? '') &&
        first &&
        stringParts(first) &&
        !isConstantString(context, first)
      )
        report(node, `${calleeName(node)} with a string`);
    },
    NewExpression: (node) => {
      const callee = unwrap(node.callee as ESTree.Node);
      if (callee.type === 'Identifier' && callee.name === 'Function') report(node, 'new Function()');
    },
  };
});

// ---- child_process with built commands ----------------------------------------------------------

const CHILD_PROCESS = /^(?:node:)?child_process$/;
const SHELL_FUNCTIONS = new Set(['exec', 'execSync']);
const SPAWN_FUNCTIONS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);

const isChildProcessRequire = (node: ESTree.Node | null | undefined) => {
  const target = node ? unwrap(node) : undefined;
  return (
    target?.type === 'CallExpression' &&
    calleeName(target) === 'require' &&
    CHILD_PROCESS.test(staticString(target.arguments[0] as ESTree.Node) ?? '')
  );
};

const commandInjection = rule('child_process calls whose command is built from input', (context) => {
  const modules = new Set<string>();
  const functions = new Map<string, string>();
  const remember = (local: string, imported: string) => {
    if (SHELL_FUNCTIONS.has(imported) || SPAWN_FUNCTIONS.has(imported)) functions.set(local, imported);
  };
  const bindPattern = (pattern: ESTree.Pattern) => {
    if (pattern.type === 'Identifier') modules.add(pattern.name);
    else if (pattern.type === 'ObjectPattern')
      for (const property of pattern.properties) {
        if (property.type === 'Property' && property.key.type === 'Identifier' && property.value.type === 'Identifier')
          remember(property.value.name, property.key.name);
      }
  };
  const usesShell = (node: ESTree.CallExpression) =>
    args(node).some(
      (arg) =>
        arg.type === 'ObjectExpression' &&
        arg.properties.some(
          (property) =>
            property.type === 'Property' &&
            property.key.type === 'Identifier' &&
            property.key.name === 'shell' &&
            !(property.value.type === 'Literal' && property.value.value === false),
        ),
    );
  return {
    ImportDeclaration: (node) => {
      if (!CHILD_PROCESS.test(String(node.source.value))) return;
      for (const specifier of node.specifiers) {
        if (specifier.type === 'ImportSpecifier' && specifier.imported.type === 'Identifier')
          remember(specifier.local.name, specifier.imported.name);
        else modules.add(specifier.local.name);
      }
    },
    VariableDeclarator: (node) => {
      if (isChildProcessRequire(node.init)) bindPattern(node.id);
    },
    CallExpression: (node) => {
      const name = calleeName(node);
      if (!name) return;
      const object = calleeObject(node);
      const imported =
        object === undefined
          ? functions.get(name)
          : (object.type === 'Identifier' && modules.has(object.name)) || isChildProcessRequire(object)
            ? name
            : undefined;
      if (!imported) return;
      const command = args(node)[0];
      if (!command) return;
      const shell = SHELL_FUNCTIONS.has(imported) || (SPAWN_FUNCTIONS.has(imported) && usesShell(node));
      if (!shell || isConstantString(context, command)) return;
      const fromRequest = isRequestDerived(context, command);
      context.report({
        node,
        message: `${imported}() runs a shell command built from ${fromRequest ? 'request data' : 'a variable'}: use execFile/spawn with an argument array and no shell`,
      });
    },
  };
});

// ---- path traversal ----------------------------------------------------------------------------

const FS_MODULE = /^(?:node:)?fs(?:\/promises)?$/;
const FS_OBJECTS = /^(?:fs|fsp|fsPromises|promises|fse)$/;
const FS_FUNCTIONS = new Set([
  'readFile',
  'readFileSync',
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'createReadStream',
  'createWriteStream',
  'unlink',
  'unlinkSync',
  'rm',
  'rmSync',
  'rmdir',
  'readdir',
  'readdirSync',
  'mkdir',
  'mkdirSync',
  'open',
  'openSync',
  'access',
  'accessSync',
  'stat',
  'statSync',
  'lstat',
  'copyFile',
  'copyFileSync',
  'rename',
  'renameSync',
  'sendFile',
  'download',
]);

/** A function that checks the resolved path stays inside a root (`…startsWith(root)`). */
function guardedIn(context: Rule.RuleContext, node: Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  return /\.startsWith\(|\.relative\(|\bisInside|\bisSafePath|\bassertInside/.test(context.sourceCode.getText(fn));
}

const pathTraversal = rule('file system paths built from request data', (context) => {
  const direct = new Set<string>();
  return {
    ImportDeclaration: (node) => {
      if (!FS_MODULE.test(String(node.source.value))) return;
      for (const specifier of node.specifiers)
        if (specifier.type === 'ImportSpecifier' && specifier.imported.type === 'Identifier')
          direct.add(specifier.local.name);
    },
    CallExpression: (node) => {
      const name = calleeName(node);
      if (!name || !FS_FUNCTIONS.has(name)) return;
      const object = calleeObject(node);
      const objectPath = object ? (memberPath(object) ?? '') : '';
      const isFs =
        object === undefined
          ? direct.has(name)
          : FS_OBJECTS.test(objectPath.split('.').at(-1) ?? '') ||
            ((name === 'sendFile' || name === 'download') && /^(?:res|response|reply)$/.test(objectPath));
      if (!isFs) return;
      const paths = args(node).slice(0, name === 'copyFile' || name.startsWith('rename') ? 2 : 1);
      // res.sendFile(name, { root }) resolves inside root and refuses `..`.
      if (name === 'sendFile' && args(node)[1]?.type === 'ObjectExpression') return;
      if (paths.some((path) => isRequestDerived(context, path)) && !guardedIn(context, node))
        context.report({
          node,
          message: `${name}() with a path built from request data allows path traversal (../): take path.basename() of the name, or resolve it and check it stays inside the intended folder`,
        });
    },
  };
});

// ---- open redirects ----------------------------------------------------------------------------

const openRedirect = rule('redirects to a URL taken from the request', (context) => ({
  CallExpression: (node) => {
    const name = calleeName(node);
    const object = calleeObject(node);
    if (!name || !object) return;
    const all = args(node);
    let target: ESTree.Node | undefined;
    if (name === 'redirect') target = all.find((arg) => !(arg.type === 'Literal' && typeof arg.value === 'number'));
    else if (name === 'location') target = all[0];
    else if (
      (name === 'setHeader' || name === 'header' || name === 'set') &&
      /^location$/i.test(staticString(all[0]) ?? '')
    )
      target = all[1];
    if (target && isRequestDerived(context, target))
      context.report({
        node,
        message:
          'open redirect: the target comes from the request; allow only relative paths or an allow-list of hosts',
      });
  },
}));

// ---- HTML injection ----------------------------------------------------------------------------

const SANITIZER = /sanitize|purify|escape/i;
const isSanitized = (node: ESTree.Node) => {
  const target = unwrap(node);
  return target.type === 'CallExpression' && SANITIZER.test(memberPath(target.callee as ESTree.Node) ?? '');
};

const htmlInjection = rule(
  'innerHTML, outerHTML, document.write and dangerouslySetInnerHTML with dynamic content',
  (context) => {
    const unsafe = (value: ESTree.Node) => !isConstantString(context, value) && !isSanitized(value);
    return {
      AssignmentExpression: (node) => {
        const left = node.left;
        if (left.type !== 'MemberExpression' || left.computed || left.property.type !== 'Identifier') return;
        const property = left.property;
        if (!['innerHTML', 'outerHTML'].includes(property.name) || !unsafe(node.right)) return;
        context.report({
          node,
          message: `${property.name} with dynamic content allows cross-site scripting: use textContent, or sanitise the HTML (DOMPurify)`,
          ...(property.name === 'innerHTML' && node.operator === '='
            ? { fix: (fixer: Rule.RuleFixer) => fixer.replaceText(property, 'textContent') }
            : {}),
        });
      },
      CallExpression: (node) => {
        const name = calleeName(node);
        const all = args(node);
        const value =
          name === 'insertAdjacentHTML' ? all[1] : name === 'write' || name === 'writeln' ? all[0] : undefined;
        if (!value || !unsafe(value)) return;
        if ((name === 'write' || name === 'writeln') && memberPath(calleeObject(node) ?? node) !== 'document') return;
        context.report({ node, message: `${name}() with dynamic HTML allows cross-site scripting` });
      },
      JSXAttribute: (node: ESTree.Node) => {
        const attribute = node as unknown as { name: { name?: string }; value?: { expression?: ESTree.Node } };
        if (attribute.name.name !== 'dangerouslySetInnerHTML') return;
        const expression = attribute.value?.expression;
        if (expression?.type === 'ObjectExpression') {
          const html = expression.properties.find(
            (property): property is ESTree.Property =>
              property.type === 'Property' && property.key.type === 'Identifier' && property.key.name === '__html',
          );
          if (html && !unsafe(html.value)) return;
        }
        context.report({
          node,
          message:
            'dangerouslySetInnerHTML with unsanitised content allows cross-site scripting: sanitise it (DOMPurify)',
        });
      },
    };
  },
  true,
);

// ---- weak password hashing ---------------------------------------------------------------------

const WEAK_HASH = /^(?:md5|sha1|sha-1|md4|ripemd160)$/i;
const PASSWORD = /pass(?:word|wd|phrase)?|pwd/i;

const weakPasswordHash = rule('md5/sha1 used to hash passwords', (context) => ({
  CallExpression: (node) => {
    const name = calleeName(node);
    let algorithm: string | undefined;
    if (name === 'createHash' || name === 'createHmac') algorithm = staticString(args(node)[0]);
    else if (name && WEAK_HASH.test(name) && !calleeObject(node)) algorithm = name;
    if (!algorithm || !WEAK_HASH.test(algorithm)) return;
    // Password context: the hashed value, the variable it lands in or the function around it.
    let context_ = '';
    let current: Node | undefined = node as Node;
    for (let depth = 0; current && depth < 6; depth++) {
      const parent = current.parent as Node | undefined;
      if (parent?.type === 'CallExpression' && calleeName(parent) === 'update')
        context_ += context.sourceCode.getText(parent.arguments[0] as ESTree.Node);
      if (parent?.type === 'VariableDeclarator') context_ += context.sourceCode.getText(parent.id);
      current = parent;
    }
    if (name !== 'createHash' && name !== 'createHmac')
      context_ += args(node)
        .map((arg) => context.sourceCode.getText(arg))
        .join(' ');
    const fn = enclosingFunction(node as Node) as ESTree.FunctionDeclaration | undefined;
    if (fn?.id) context_ += fn.id.name;
    if (!PASSWORD.test(context_)) return;
    context.report({
      node,
      message: `${algorithm.toLowerCase()} is far too fast for passwords (brute force, rainbow tables): use argon2id, scrypt or bcrypt with a salt`,
    });
  },
}));

// ---- hard-coded JWT secrets --------------------------------------------------------------------

const hardcodedJwtSecret = rule(
  'jwt.sign/verify with a secret written in the code',
  (context) => {
    const envSecret = () =>
      /\.[cm]?tsx?$/.test(context.filename) ? 'process.env.JWT_SECRET!' : 'process.env.JWT_SECRET';
    return {
      CallExpression: (node) => {
        const name = calleeName(node);
        const object = calleeObject(node);
        if (name !== 'sign' && name !== 'verify') return;
        if (!object || !/^(?:jwt|jsonwebtoken|jose|JWT)$/.test(memberPath(object) ?? '')) return;
        const secret = args(node)[1];
        if (!secret) return;
        const literal = staticString(secret) !== undefined;
        if (!literal && !isConstantString(context, secret)) return;
        context.report({
          node: secret,
          message: `jwt.${name}() with a hard-coded secret: anyone who reads the code can forge tokens; load it from configuration`,
          ...(literal ? { fix: (fixer: Rule.RuleFixer) => fixer.replaceText(secret, envSecret()) } : {}),
        });
      },
    };
  },
  true,
);

// ---- disabled TLS verification -----------------------------------------------------------------

const tlsDisabled = rule(
  'TLS certificate verification turned off',
  (context) => ({
    Property: (node) => {
      const key = node.key.type === 'Identifier' ? node.key.name : staticString(node.key);
      if (key === 'rejectUnauthorized' && node.value.type === 'Literal' && node.value.value === false) {
        const value = node.value;
        context.report({
          node,
          message:
            'rejectUnauthorized: false turns off TLS certificate checks (man-in-the-middle); trust the server’s CA instead (ca option)',
          fix: (fixer) => fixer.replaceText(value, 'true'),
        });
      }
    },
    AssignmentExpression: (node) => {
      if (memberPath(node.left as ESTree.Node)?.replace('[]', '') !== 'process.env.NODE_TLS_REJECT_UNAUTHORIZED')
        return;
      const value = staticString(node.right) ?? (node.right.type === 'Literal' ? String(node.right.value) : undefined);
      if (value !== '0') return;
      const right = node.right;
      context.report({
        node,
        message: 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate checks for the whole process',
        fix: (fixer) => fixer.replaceText(right, "'1'"),
      });
    },
  }),
  true,
);

// ---- function metrics --------------------------------------------------------------------------

/** Per virtual file name: the functions the metrics rule measured (read after linting). */
export const functionMetricsSink = new Map<string, FunctionMetric[]>();

type FunctionNode = ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression;

function functionName(node: FunctionNode & Partial<Rule.NodeParentExtension>): string {
  if ('id' in node && node.id) return node.id.name;
  const parent = node.parent as Node | undefined;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && parent.key.type === 'Identifier')
    return parent.key.name;
  if (parent?.type === 'PropertyDefinition' && parent.key.type === 'Identifier') return parent.key.name;
  return '(anonymous)';
}

const functionMetrics: Rule.RuleModule = {
  meta: {
    type: 'suggestion',
    docs: { description: 'cyclomatic complexity and length per function' },
    schema: [],
    messages: {
      complex:
        '{{name}} has a cyclomatic complexity of {{complexity}} (limit {{limit}}): split it into smaller functions',
      long: '{{name}} is {{lines}} lines long (limit {{limit}}): split it into smaller functions',
    },
  },
  create(context) {
    const stack: Array<{ node: FunctionNode; complexity: number }> = [];
    const measured: FunctionMetric[] = [];
    functionMetricsSink.set(context.filename, measured);
    const bump = () => {
      const top = stack.at(-1);
      if (top) top.complexity++;
    };
    const enter = (node: FunctionNode) => stack.push({ node, complexity: 1 });
    const exit = () => {
      const done = stack.pop();
      if (!done?.node.loc) return;
      const { start, end } = done.node.loc;
      const name = functionName(done.node as FunctionNode & Partial<Rule.NodeParentExtension>);
      measured.push({ name, line: start.line, endLine: end.line, complexity: done.complexity });
      const lines = end.line - start.line + 1;
      if (done.complexity > COMPLEXITY_LIMIT)
        context.report({
          loc: { start, end: start },
          messageId: 'complex',
          data: { name, complexity: String(done.complexity), limit: String(COMPLEXITY_LIMIT) },
        });
      if (lines > LENGTH_LIMIT)
        context.report({
          loc: { start, end: start },
          messageId: 'long',
          data: { name, lines: String(lines), limit: String(LENGTH_LIMIT) },
        });
    };
    return {
      FunctionDeclaration: enter,
      FunctionExpression: enter,
      ArrowFunctionExpression: enter,
      'FunctionDeclaration:exit': exit,
      'FunctionExpression:exit': exit,
      'ArrowFunctionExpression:exit': exit,
      IfStatement: bump,
      ConditionalExpression: bump,
      ForStatement: bump,
      ForInStatement: bump,
      ForOfStatement: bump,
      WhileStatement: bump,
      DoWhileStatement: bump,
      CatchClause: bump,
      AssignmentPattern: bump,
      LogicalExpression: bump,
      SwitchCase: (node) => {
        if (node.test) bump();
      },
      AssignmentExpression: (node) => {
        if (['&&=', '||=', '??='].includes(node.operator)) bump();
      },
    };
  },
};

export const xionimusPlugin = {
  meta: { name: 'xionimus', version: '1.0.0' },
  rules: {
    'sql-injection': sqlInjection,
    'code-injection': codeInjection,
    'command-injection': commandInjection,
    'path-traversal': pathTraversal,
    'open-redirect': openRedirect,
    'html-injection': htmlInjection,
    'weak-password-hash': weakPasswordHash,
    'hardcoded-jwt-secret': hardcodedJwtSecret,
    'tls-verification-disabled': tlsDisabled,
    'function-metrics': functionMetrics,
  },
};
