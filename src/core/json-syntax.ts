/**
 * Finds where and why a JSON text fails to parse. JSON.parse's own message on Node 20 gives no position and quotes
 * the text around the error, which in config.json may be a secret; this names the position and the problem only.
 */

export interface JsonSyntaxProblem {
  line: number;
  column: number;
  problem: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...position(text, error.offset), problem: error.problem };
  }
}

/** Real documents (config.json, policies) nest a few levels; far deeper text would overflow the stack of
 * JSON.stringify and of the locator below. */
export const MAX_JSON_DEPTH = 64;

/** Where a text first opens more than `limit` arrays or objects at once (brackets in strings do not count). */
export function findDeepNesting(text: string, limit = MAX_JSON_DEPTH): JsonSyntaxProblem | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > limit) return { ...position(text, i), problem: `nested more than ${limit} levels deep (aliaudit's limit)` };
    } else if (c === ']' || c === '}') depth--;
  }
  return undefined;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

class Scanner {
  private i = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.value();
    this.space();
    if (this.i < this.text.length) this.fail(`unexpected ${this.found()} after the end of the JSON document`);
  }

  private value(): void {
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    if (c === "'") this.fail('strings must be in double quotes');
    this.fail(`expected a value, found ${this.found()}`);
  }

  private object(): void {
    this.i++;
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.space();
      const c = this.text[this.i];
      if (c === '}') this.fail("trailing comma before '}' (JSON does not allow one)");
      if (c !== '"') this.fail(`expected a property name in double quotes, found ${this.found()}`);
      this.string();
      this.space();
      if (this.text[this.i] !== ':') this.fail(`expected ':' after the property name, found ${this.found()}`);
      this.i++;
      this.value();
      this.space();
      const next = this.text[this.i];
      this.i++;
      if (next === '}') return;
      if (next !== ',') this.fail(`expected ',' or '}' after a property, found ${this.found(this.i - 1)}`, this.i - 1);
    }
  }

  private array(): void {
    this.i++;
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] === ']') this.fail("trailing comma before ']' (JSON does not allow one)");
      this.value();
      this.space();
      const next = this.text[this.i];
      this.i++;
      if (next === ']') return;
      if (next !== ',') this.fail(`expected ',' or ']' after an element, found ${this.found(this.i - 1)}`, this.i - 1);
    }
  }

  private string(): void {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail('a string is not closed', start);
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const escape = this.text[this.i + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.fail('invalid \\u escape');
          this.i += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) this.fail('invalid escape in a string');
        this.i += 2;
        continue;
      }
      if (c < ' ') this.fail('a line break or control character inside a string (write it as \\n or \\uXXXX)');
      this.i++;
    }
  }

  private number(): void {
    if (this.text[this.i] === '-') this.i++;
    if (this.text[this.i] === '0') this.i++;
    else if (!this.digits()) this.fail('invalid number');
    if (this.text[this.i] === '.') {
      this.i++;
      if (!this.digits()) this.fail('invalid number: digits must follow the decimal point');
    }
    if (this.text[this.i] === 'e' || this.text[this.i] === 'E') {
      this.i++;
      if (this.text[this.i] === '+' || this.text[this.i] === '-') this.i++;
      if (!this.digits()) this.fail('invalid number: digits must follow the exponent');
    }
  }

  private digits(): boolean {
    const start = this.i;
    while (this.text[this.i] >= '0' && this.text[this.i] <= '9') this.i++;
    return this.i > start;
  }

  private space(): void {
    for (;;) {
      const c = this.text[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '/' && (this.text[this.i + 1] === '/' || this.text[this.i + 1] === '*')) {
        this.fail('comments are not allowed in JSON');
      } else return;
    }
  }

  /** Names the character at the position without quoting the text around it (it may be a secret). */
  private found(at = this.i): string {
    const c = this.text[at];
    if (c === undefined) return 'the end of the file';
    if (c === '\n' || c === '\r') return 'a line break';
    return `'${c}'`;
  }

  private fail(problem: string, at = this.i): never {
    throw new Stop(at, problem);
  }
}
