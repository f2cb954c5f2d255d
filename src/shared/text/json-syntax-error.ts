/**
 * Where a JSON text goes wrong. `JSON.parse` reports positions differently in each engine
 * version (and some messages carry none), so a file import that must tell the operator
 * "line 12, column 7" finds the spot itself with this small validating scanner. It runs only
 * after `JSON.parse` has failed, and it is iterative, so hostile nesting cannot overflow it.
 */
export interface JsonSyntaxProblem {
  /** UTF-16 offset into the text. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  message: string;
}

type State = 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'afterValue';

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const literals = ['true', 'false', 'null'] as const;

export function findJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  const stack: ('{' | '[')[] = [];
  let state: State = 'value';
  let i = 0;
  const fail = (offset: number, message: string) => problemAt(text, offset, message);

  for (;;) {
    i = skipWhitespace(text, i);
    if (i >= text.length) {
      return state === 'afterValue' && stack.length === 0 ? null : fail(i, 'unexpected end of input');
    }
    const c = text[i]!;
    switch (state) {
      case 'valueOrClose':
      case 'value': {
        if (state === 'valueOrClose' && c === ']') {
          stack.pop();
          state = 'afterValue';
          i++;
          break;
        }
        if (c === '{') {
          stack.push('{');
          state = 'keyOrClose';
          i++;
        } else if (c === '[') {
          stack.push('[');
          state = 'valueOrClose';
          i++;
        } else {
          const end = scanScalar(text, i);
          if (typeof end !== 'number') return fail(end.offset, end.message);
          i = end;
          state = 'afterValue';
        }
        break;
      }
      case 'keyOrClose':
      case 'key': {
        if (state === 'keyOrClose' && c === '}') {
          stack.pop();
          state = 'afterValue';
          i++;
          break;
        }
        if (c !== '"') return fail(i, `expected a property name in double quotes, found ${describe(c)}`);
        const end = scanString(text, i);
        if (typeof end !== 'number') return fail(end.offset, end.message);
        i = end;
        state = 'colon';
        break;
      }
      case 'colon': {
        if (c !== ':') return fail(i, `expected ':' after a property name, found ${describe(c)}`);
        state = 'value';
        i++;
        break;
      }
      case 'afterValue': {
        const top = stack[stack.length - 1];
        if (top === undefined) return fail(i, `unexpected ${describe(c)} after the end of the JSON value`);
        const close = top === '{' ? '}' : ']';
        if (c === ',') {
          state = top === '{' ? 'key' : 'value';
        } else if (c === close) {
          stack.pop();
        } else {
          return fail(i, `expected ',' or '${close}', found ${describe(c)}`);
        }
        i++;
        break;
      }
    }
  }
}

/** Line and column of an offset, for messages about text the user can open in an editor. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

function problemAt(text: string, offset: number, message: string): JsonSyntaxProblem {
  return { offset, ...lineColumnAt(text, offset), message };
}

function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) i++;
    else return i;
  }
}

type ScanFailure = { offset: number; message: string };

function scanScalar(text: string, i: number): number | ScanFailure {
  const c = text[i]!;
  if (c === '"') return scanString(text, i);
  if (c === '-' || (c >= '0' && c <= '9')) {
    numberPattern.lastIndex = i;
    const match = numberPattern.exec(text);
    if (!match) return { offset: i, message: 'invalid number' };
    return i + match[0].length;
  }
  for (const literal of literals) {
    if (text.startsWith(literal, i)) return i + literal.length;
  }
  if (c === "'") return { offset: i, message: 'strings must use double quotes' };
  return { offset: i, message: `unexpected ${describe(c)} where a value was expected` };
}

function scanString(text: string, start: number): number | ScanFailure {
  for (let j = start + 1; ; j++) {
    if (j >= text.length) return { offset: start, message: 'unterminated string' };
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) return { offset: j, message: 'control character (such as a line break) inside a string' };
    if (code === 0x5c) {
      const next = text[j + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) return { offset: j, message: 'invalid \\u escape in a string' };
        j += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
        j += 1;
      } else {
        return { offset: j, message: 'invalid escape in a string' };
      }
    }
  }
}

function describe(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${c}'`;
}
