/**
 * The enclosing function, method or class of each line, found with brace counting and a few
 * declaration patterns rather than a parser: model findings only need "same function or not",
 * and this works on partial, broken or non-TypeScript C-family code where a parser would give up.
 */

const DECLARATIONS: RegExp[] = [
  /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)\s*[<(]/, // function name(   function* name<T>(
  /\b(?:class|interface|enum|namespace)\s+([A-Za-z_$][\w$]*)/,
  /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/, // const f = (..) =>
  /^\s*(?:(?:public|private|protected|static|readonly|async|override|abstract|get|set)\s+)*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*\([^;]*$/, // method(...) {
  /^\s*(?:def|func|fn)\s+([A-Za-z_]\w*)/, // Python, Go, Rust
];

const NOT_NAMES = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'with', 'else', 'do', 'try', 'new', 'typeof', 'await', 'function']);

const MAYBE_DECLARATION = /[(]|\b(?:class|interface|enum|namespace|def|func|fn)\b/;

function declaredName(line: string): string | undefined {
  if (!MAYBE_DECLARATION.test(line)) return undefined;
  for (const pattern of DECLARATIONS) {
    const name = pattern.exec(line)?.[1];
    if (name && !NOT_NAMES.has(name)) return name;
  }
  return undefined;
}

/** Strips string literals and comments so their braces do not count. Block comments are tracked across lines. */
function codeOnly(line: string, state: { inBlockComment: boolean }): string {
  if (!state.inBlockComment && !/["'`/]/.test(line)) return line;
  let out = '';
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    if (state.inBlockComment) {
      if (char === '*' && line[index + 1] === '/') {
        state.inBlockComment = false;
        index++;
      }
      continue;
    }
    if (char === '/' && line[index + 1] === '/') break;
    if (char === '/' && line[index + 1] === '*') {
      state.inBlockComment = true;
      index++;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      const close = line.indexOf(char, index + 1);
      index = close === -1 ? line.length : close;
      continue;
    }
    out += char;
  }
  return out;
}

/**
 * For a file's content, the name of the innermost named block around every line (1-based index;
 * entry 0 unused). Lines at top level get undefined. A line's scope depends only on the lines
 * before it, so with `lastLine` the scan stops there (later entries are missing).
 */
export function scopesOf(content: string, lastLine = Infinity): (string | undefined)[] {
  const result: (string | undefined)[] = [undefined];
  const stack: (string | undefined)[] = [];
  const state = { inBlockComment: false };
  let pending: string | undefined;
  for (let start = 0; start <= content.length && result.length <= lastLine; ) {
    const newline = content.indexOf('\n', start);
    const end = newline === -1 ? content.length : newline;
    const code = codeOnly(content.slice(start, end), state);
    start = end + 1;
    const before = stack.at(-1);
    const openHere = countBraces(code, stack);
    // A declaration on this line matters only if the line opens a block or `pending` outlives
    // it (no `;`): otherwise skip the declaration patterns.
    const statement = code.includes(';');
    if (openHere > 0 || !statement) pending = declaredName(code) ?? pending;
    const outer = stack.at(-1);
    for (let index = 0; index < openHere; index++) stack.push(index === 0 ? (pending ?? outer) : stack.at(-1));
    if (openHere > 0 || statement) pending = undefined;
    // A line that only closes a block still belongs to it.
    result.push(openHere > 0 ? stack[stack.length - openHere] : before);
  }
  return result;
}

/**
 * Braces opened and closed on the same line (`opts = {}`, `{ a, b }`) open no block; unmatched
 * closing braces pop `stack`. Returns how many braces are left open (the caller pushes them).
 */
function countBraces(code: string, stack: (string | undefined)[]): number {
  // Most lines have no brace at all: two native searches rule that out.
  if (!code.includes('{') && !code.includes('}')) return 0;
  let openHere = 0;
  for (let index = 0; index < code.length; index++) {
    const char = code.charCodeAt(index);
    if (char === 123 /* { */) openHere++;
    else if (char === 125 /* } */) {
      if (openHere > 0) openHere--;
      else stack.pop();
    }
  }
  return openHere;
}
