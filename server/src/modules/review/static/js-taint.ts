// What our JavaScript/TypeScript rules need to know about an expression: is it a fixed string,
// a string built from parts, or derived from the HTTP request (req.query, req.params, …)?
// Taint flows through concatenation, templates and a few pass-through calls (path.join,
// decodeURIComponent, .trim()); any other call is taken as a validator and stops it.
import type { Rule, Scope } from 'eslint';
import type * as ESTree from 'estree';

export type Node = ESTree.Node & Partial<Rule.NodeParentExtension>;

const REQUEST_ROOTS = new Set(['req', 'request', 'ctx', 'context', 'event']);
const REQUEST_PARTS = new Set([
  'params',
  'query',
  'body',
  'headers',
  'cookies',
  'files',
  'file',
  'url',
  'originalUrl',
  'path',
  'search',
  'queryStringParameters',
  'pathParameters',
]);
const PASS_THROUGH_FUNCTIONS = new Set(['String', 'decodeURIComponent', 'decodeURI', 'unescape']);
const PASS_THROUGH_MODULE_CALLS = new Set(['join', 'resolve', 'normalize', 'format']);
const PASS_THROUGH_METHODS = new Set([
  'toString',
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'concat',
  'slice',
  'substring',
  'replace',
  'replaceAll',
  'padStart',
  'padEnd',
]);

/** Unwraps TypeScript-only wrappers (`x as string`, `x!`, `<T>x`, `x satisfies T`). */
export function unwrap(node: ESTree.Node): ESTree.Node {
  let current = node as ESTree.Node & { expression?: ESTree.Node };
  while (
    ['TSAsExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSSatisfiesExpression', 'ChainExpression'].includes(
      current.type,
    ) &&
    current.expression
  ) {
    current = current.expression as ESTree.Node & { expression?: ESTree.Node };
  }
  return current;
}

/** `a.b.c` as text when the chain is made of plain names; undefined otherwise. */
export function memberPath(node: ESTree.Node): string | undefined {
  const target = unwrap(node);
  if (target.type === 'Identifier') return target.name;
  if (target.type === 'ThisExpression') return 'this';
  if (target.type === 'MemberExpression') {
    const object = memberPath(target.object);
    if (object === undefined) return undefined;
    if (!target.computed && target.property.type === 'Identifier') return `${object}.${target.property.name}`;
    if (target.property.type === 'Literal' && typeof target.property.value === 'string')
      return `${object}.${target.property.value}`;
    return `${object}[]`;
  }
  if (target.type === 'CallExpression') {
    const callee = memberPath(target.callee);
    return callee === undefined ? undefined : `${callee}()`;
  }
  return undefined;
}

/** The called function's last name: `exec` for `cp.exec(…)` and `exec(…)`. */
export function calleeName(call: ESTree.CallExpression | ESTree.NewExpression): string | undefined {
  const callee = unwrap(call.callee as ESTree.Node);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier')
    return callee.property.name;
  return undefined;
}

export function calleeObject(call: ESTree.CallExpression): ESTree.Node | undefined {
  const callee = unwrap(call.callee as ESTree.Node);
  return callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
}

/** The text of a string literal or a template without expressions. */
export function staticString(node: ESTree.Node | undefined | null): string | undefined {
  if (!node) return undefined;
  const target = unwrap(node);
  if (target.type === 'Literal' && typeof target.value === 'string') return target.value;
  if (target.type === 'TemplateLiteral' && target.expressions.length === 0)
    return target.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join('');
  if (target.type === 'BinaryExpression' && target.operator === '+') {
    const left = staticString(target.left as ESTree.Node);
    const right = staticString(target.right);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  return undefined;
}

export interface StringPart {
  literal: boolean;
  text: string;
  node: ESTree.Node;
}

/** A string built by `+` or a template, flattened into literal and dynamic parts in order. */
export function stringParts(node: ESTree.Node): StringPart[] | undefined {
  const target = unwrap(node);
  if (target.type === 'TemplateLiteral') {
    const parts: StringPart[] = [];
    target.quasis.forEach((quasi, index) => {
      parts.push({ literal: true, text: quasi.value.cooked ?? quasi.value.raw, node: quasi });
      const expression = target.expressions[index];
      if (expression) parts.push({ literal: false, text: '', node: expression });
    });
    return parts;
  }
  if (target.type === 'BinaryExpression' && target.operator === '+') {
    const left = stringParts(target.left as ESTree.Node) ?? [partOf(target.left as ESTree.Node)];
    const right = stringParts(target.right) ?? [partOf(target.right)];
    return [...left, ...right];
  }
  return undefined;
}

function partOf(node: ESTree.Node): StringPart {
  const text = staticString(node);
  return text === undefined ? { literal: false, text: '', node } : { literal: true, text, node };
}

/** The variable a name refers to, looked up from the scope of `node` outwards. */
export function findVariable(context: Rule.RuleContext, node: ESTree.Node, name: string): Scope.Variable | undefined {
  let scope: Scope.Scope | null = context.sourceCode.getScope(node);
  while (scope) {
    const variable = scope.set.get(name);
    if (variable) return variable;
    scope = scope.upper;
  }
  return undefined;
}

/** The expression a const-like variable was initialised with (`const x = …`, `const { x } = …`). */
export function initializerOf(context: Rule.RuleContext, identifier: ESTree.Identifier): ESTree.Node | undefined {
  const variable = findVariable(context, identifier, identifier.name);
  const definition = variable?.defs.at(-1);
  if (!definition || definition.type !== 'Variable') return undefined;
  const declarator = definition.node;
  // A variable reassigned later may hold anything; only trust single assignments.
  const writes = variable!.references.filter((reference) => reference.isWrite());
  if (writes.length > 1) return undefined;
  return declarator.init ?? undefined;
}

function isRequestMember(node: ESTree.Node): boolean {
  const path = memberPath(node);
  if (!path) return false;
  const [root, ...rest] = path.split('.');
  if (!root || !REQUEST_ROOTS.has(root)) return false;
  // ctx.request.query, event.queryStringParameters, req.query.x
  return rest.some((part) => REQUEST_PARTS.has(part.replace(/\(\)$/, '')));
}

/** True when the value of `node` may carry data from the HTTP request. */
export function isRequestDerived(context: Rule.RuleContext, node: ESTree.Node, depth = 0): boolean {
  if (depth > 8) return false;
  const target = unwrap(node);
  const next = (child: ESTree.Node | null | undefined) =>
    child ? isRequestDerived(context, child as ESTree.Node, depth + 1) : false;
  switch (target.type) {
    case 'MemberExpression':
      return isRequestMember(target) || next(target.object);
    case 'Identifier': {
      const init = initializerOf(context, target);
      return init ? next(init) : false;
    }
    case 'TemplateLiteral':
      return target.expressions.some((expression) => next(expression));
    case 'BinaryExpression':
      return target.operator === '+' && (next(target.left as ESTree.Node) || next(target.right));
    case 'LogicalExpression':
      return next(target.left) || next(target.right);
    case 'ConditionalExpression':
      return next(target.consequent) || next(target.alternate);
    case 'AwaitExpression':
      return next(target.argument);
    case 'ArrayExpression':
      return target.elements.some((element) => element?.type !== 'SpreadElement' && next(element));
    case 'CallExpression': {
      const name = calleeName(target);
      const object = calleeObject(target);
      const args = target.arguments.filter((arg): arg is ESTree.Expression => arg.type !== 'SpreadElement');
      if (name && !object && PASS_THROUGH_FUNCTIONS.has(name)) return args.some((arg) => next(arg));
      if (name && object?.type === 'Identifier' && object.name === 'path' && PASS_THROUGH_MODULE_CALLS.has(name))
        return args.some((arg) => next(arg));
      if (name && object && PASS_THROUGH_METHODS.has(name)) return next(object);
      return false;
    }
    default:
      return false;
  }
}

/** The function (or program) enclosing a node. */
export function enclosingFunction(node: Node): ESTree.Node | undefined {
  let current: Node | undefined = node.parent as Node | undefined;
  while (current) {
    if (
      current.type === 'FunctionDeclaration' ||
      current.type === 'FunctionExpression' ||
      current.type === 'ArrowFunctionExpression'
    )
      return current;
    current = current.parent as Node | undefined;
  }
  return undefined;
}
