/**
 * The grammar of `expr:` formulas (README, "Formulas"): a formula is a scalar expression in ν, so
 * it is parsed with mathjs and its syntax tree checked against a whitelist before anything is
 * evaluated — numbers, the symbols nu, d, pi and e, the operators + − * / ^ (and unary ±, mod,
 * comparisons, and/or/not, `c ? a : b`), parentheses and the scalar functions below. Everything
 * else — matrices and ranges (`ones(1e5, 1e5)`, `1:1e9`, which allocate without bound), assignment,
 * function definitions, units, strings, indexing, objects, and functions such as `import`,
 * `createUnit`, `evaluate` or `config` that change the engine — is refused with a message naming
 * the refused part. A whitelisted tree is a scalar expression whose evaluation costs O(nodes), so
 * d evaluations cost O(d · nodes), bounded by LIMITS.
 */
import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';

/** Symbols a formula may use (the engine's constants pi and e, and the scope's nu and d). */
export const FORMULA_SYMBOLS = ['nu', 'd', 'pi', 'e'] as const;

/** Scalar functions a formula may call. */
export const FORMULA_FUNCTIONS = [
  'exp', 'expm1', 'log', 'log10', 'log2', 'log1p', 'sqrt', 'cbrt', 'abs', 'sign',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh',
  'pow', 'min', 'max', 'floor', 'ceil', 'round', 'gamma', 'hypot', 'mod',
] as const;

/** Operators (mathjs `fn` names) a formula may use. */
const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'mod',
  'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not',
]);
const SYMBOLS = new Set<string>(FORMULA_SYMBOLS);
const FUNCTIONS = new Set<string>(FORMULA_FUNCTIONS);

/** What the checker needs of a mathjs node (the parser's own types are not needed here). */
interface FormulaNode {
  type: string;
  name?: string;
  op?: string;
  fn?: string | FormulaNode;
  value?: unknown;
  args?: FormulaNode[];
  content?: FormulaNode;
  condition?: FormulaNode;
  trueExpr?: FormulaNode;
  falseExpr?: FormulaNode;
  params?: FormulaNode[];
}

/** Deepest parenthesis nesting a formula may have (checked before parsing, which recurses). */
export const FORMULA_MAX_NESTING = LIMITS.formulaNesting;

/**
 * Refuse a formula whose brackets nest deeper than FORMULA_MAX_NESTING (before mathjs parses it,
 * which recurses once per level). Only brackets that are tokens count — those inside a string
 * literal ("…" or '…', with backslash escapes) or a comment (# to the end of the line) are text,
 * which mathjs does not recurse into.
 */
export function checkFormulaNesting(formula: string): void {
  let depth = 0;
  for (let i = 0; i < formula.length; i++) {
    const c = formula[i];
    // After a value, ' is mathjs's transpose operator, not a quote.
    if (c === '"' || (c === "'" && !/[\w.)\]}']\s*$/.test(formula.slice(Math.max(0, i - 64), i)))) {
      // Skip the string literal (unterminated: to the end; the parser refuses it).
      for (i++; i < formula.length && formula[i] !== c; i++) if (formula[i] === '\\') i++;
    } else if (c === '#') {
      while (i < formula.length && formula[i] !== '\n') i++;
    } else if (c === '(' || c === '[' || c === '{') {
      if (++depth > FORMULA_MAX_NESTING) throw new InvalidArgumentError('formula', formula, `nests brackets deeper than ${FORMULA_MAX_NESTING} levels`);
    } else if (c === ')' || c === ']' || c === '}') depth--;
  }
}

/** Check a parsed formula against the whitelist; returns its number of nodes (the cost of one evaluation). */
export function checkFormulaTree(root: unknown, formula: string): number {
  let count = 0;
  const refuse = (part: string, why: string): never => {
    throw new InvalidArgumentError('formula', formula, `${part} is not allowed (${why}); a formula is a scalar expression of numbers, nu, d, pi, e, + - * / ^, comparisons, ?: and scalar functions (exp, log, sqrt, pow, min, max, … see README)`);
  };
  const walk = (node: FormulaNode): void => {
    count++;
    switch (node.type) {
      case 'ConstantNode':
        if (typeof node.value !== 'number') refuse(`the constant ${JSON.stringify(node.value)}`, `${typeof node.value}s are not numbers`);
        if (!Number.isFinite(node.value)) refuse(`the constant ${node.value}`, 'not a finite number');
        return;
      case 'SymbolNode':
        if (!SYMBOLS.has(node.name ?? '')) refuse(`the symbol "${node.name}"`, 'unknown symbol or unit');
        return;
      case 'ParenthesisNode':
        walk(node.content!);
        return;
      case 'OperatorNode':
        if (typeof node.fn !== 'string' || !OPERATORS.has(node.fn)) refuse(`the operator "${node.op}"`, 'not a scalar arithmetic operator');
        for (const a of node.args ?? []) walk(a);
        return;
      case 'ConditionalNode':
        walk(node.condition!);
        walk(node.trueExpr!);
        walk(node.falseExpr!);
        return;
      case 'RelationalNode':
        for (const p of node.params ?? []) walk(p);
        return;
      case 'FunctionNode': {
        const fn = node.fn as FormulaNode | undefined;
        if (fn?.type !== 'SymbolNode') refuse('calling the result of an expression', 'only named functions can be called');
        if (!FUNCTIONS.has(fn!.name ?? '')) refuse(`the function "${fn!.name}"`, 'not a whitelisted scalar function');
        for (const a of node.args ?? []) walk(a);
        return;
      }
      default:
        refuse(describeNode(node), 'formulas are scalar expressions');
    }
  };
  walk(root as FormulaNode);
  return count;
}

function describeNode(node: FormulaNode): string {
  switch (node.type) {
    case 'AssignmentNode':
      return 'assignment';
    case 'FunctionAssignmentNode':
      return 'a function definition';
    case 'ArrayNode':
      return 'a matrix';
    case 'RangeNode':
      return 'a range';
    case 'AccessorNode':
    case 'IndexNode':
      return 'indexing';
    case 'ObjectNode':
      return 'an object';
    case 'BlockNode':
      return 'several expressions';
    default:
      return `a ${node.type}`;
  }
}
