/**
 * Prowler's mutelist: a YAML file that marks findings as muted (they stay in every output, flagged, and no longer
 * count towards exit code 3).
 *
 * ```yaml
 * Mutelist:
 *   Accounts:
 *     "1234567890123456":            # an account uid, or "*" for every account
 *       Checks:
 *         "ram_user_mfa_enabled_console_access":   # a check id, "*", or a regular expression
 *           Regions: ["*"]            # required
 *           Resources: ["breakglass"] # required
 *           Tags: ["team=sec"]        # optional, default: any
 *           Exceptions:               # optional: what stays unmuted
 *             Accounts: [] ; Regions: [] ; Resources: [] ; Tags: []
 *           Description: why          # optional
 * ```
 *
 * Matching is Prowler's (prowler/lib/mutelist/mutelist.py), so a mutelist written for Prowler mutes the same findings:
 * - An account entry applies when its key is the finding's account uid or `*` (exact, not a pattern).
 * - A check key applies when it is `*`, the check id itself, or a regular expression found anywhere in the id.
 *   So `ram_*` is the regex "ram" followed by any number of `_`, unanchored: it applies to every check whose id
 *   contains "ram". Anchor it (`^ram_`) to mean "starts with ram_".
 * - Every item of Regions, Resources, Tags and Exceptions is a regular expression searched anywhere in the value
 *   (Python's re.search: `prod` matches `preprod-db`); an item that starts with `*` has it read as `.*`, so `*` alone
 *   matches everything, the empty value too. Write `^name$` to match one name exactly.
 * - Regions: one item must match the finding's region (`global` for RAM). Resources: one item must match the
 *   resource's name or id (the part of its ARN after the type); an item that starts with `acs:` is matched against
 *   the whole ARN instead. Tags: every item must match the resource's tags written as `key=value | key2=value2`
 *   (so put alternatives in one item: `env=dev|env=test`).
 * - A finding is muted when, for one applicable check entry, regions, resources and tags all match.
 * - Exceptions: a finding is excepted when at least one exception list matches and every non-empty list matches.
 *   When an applicable check entry's exceptions except the finding, Prowler stops looking at the account's later
 *   entries (earlier ones that muted it still count); this does the same.
 *
 * A mutelist cannot stall a scan. A file over 4 MiB is refused before it is read (20,000 ARNs take 2 MiB), and one
 * is refused while it is read when it holds more than 100,000 list items (aliases can repeat one list many times),
 * more than 5,000 different regular expressions, or an item over 1,024 characters. The YAML mutelists are written
 * in is read by a reader of its own; the yaml library, which can take seconds on odd YAML, reads the rest only in
 * files up to 256 KiB. Matching does not try every item on every finding: an item that is plain text (`breakglass`,
 * `^db-1$`, `*-replica`, an ARN) is an equality, prefix, suffix or substring test, answered for all of a list's plain
 * items at once (a Set, and a trie walked along the value); a regular expression is tried only on values that
 * contain a run of text every match of it contains; and every answer is kept per distinct value (findings share
 * regions, tags and resources). So a long list of names costs about what a short one does.
 */
import { open, stat } from 'node:fs/promises';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { InputError } from '../core/errors.js';
import { closest } from '../core/similar.js';
import type { Finding } from './model.js';

/** One item of a list: what was written and the regular expression it stands for. */
export interface MutelistPattern {
  source: string;
  regex: RegExp;
}

/** An item read from a file. A plain one (most are) is matched without its regular expression, made if asked for. */
class Item implements MutelistPattern {
  #regex: RegExp | undefined;

  constructor(
    readonly source: string,
    /** What it searches for when it is plain text, else null. */
    readonly text: string | null,
    /** For plain text: AT_START and AT_END, when anchored there. */
    readonly anchors: number,
    regex?: RegExp,
  ) {
    this.#regex = regex;
  }

  get regex(): RegExp {
    return (this.#regex ??= new RegExp(regexSource(this.source)));
  }
}

export interface MutelistExceptions {
  accounts: MutelistPattern[];
  regions: MutelistPattern[];
  resources: MutelistPattern[];
  tags: MutelistPattern[];
}

export interface MutelistCheckEntry {
  /** The key as written: a check id, `*`, or a regular expression. */
  check: string;
  checkPattern: RegExp;
  regions: MutelistPattern[];
  resources: MutelistPattern[];
  /** Absent or empty in the file means `*`. */
  tags: MutelistPattern[];
  exceptions?: MutelistExceptions;
  description?: string;
}

export interface MutelistAccountEntry {
  /** An account uid, or `*`. */
  account: string;
  checks: MutelistCheckEntry[];
}

export interface Mutelist {
  /** The file it was read from. */
  source: string;
  accounts: MutelistAccountEntry[];
  /** What is worth saying but does not stop a scan: check keys that match no check aliaudit has, and where. */
  warnings: string[];
}

export interface MutelistOptions {
  /** The ids of every check aliaudit has: a check key that matches none of them is named in the warnings. */
  knownChecks?: readonly string[];
}

/** 20,000 resource ARNs take 2 MiB; a file twice that size is not a list of exceptions but the wrong file. */
export const MUTELIST_MAX_BYTES = 4 * 1024 * 1024;
/**
 * The yaml library can take seconds and gigabytes on a few MB (4 MiB of nested [ : 27 s, 3.8 GB); it reads only
 * files this small, or what the fast reader below leaves to it. Its worst is then about a second.
 */
const LIBRARY_MAX_BYTES = 256 * 1024;
/** More list items than this (aliases can repeat a list many times over) is not a mutelist but a trap. */
const MAX_ITEMS = 100_000;
/** Each regular expression is tried on the values that may match it: plain items have no such cost, nor limit. */
const MAX_REGEX_ITEMS = 5_000;
const MAX_ITEM_LENGTH = 1_024;
/** Check keys named one by one in warnings; the rest are counted. */
const MAX_WARNINGS = 20;

const FORMAT_HINT =
  'a mutelist reads Mutelist: Accounts: <account or "*">: Checks: <check or "*">: with Regions and Resources lists ' +
  '(and optional Tags, Exceptions, Description), as in Prowler';

const SIZE_HINT =
  'a mutelist names exceptions, not an inventory: mute many resources with one pattern (^test-, acs:ecs:cn-shanghai:.*) ' +
  'or a tag, and check that --mutelist-file names the right file';

/** Prowler's reading of a pattern: a leading `*` is `.*`; the rest is a regular expression. */
function regexSource(item: string): string {
  return item.startsWith('*') ? `.*${item.slice(1)}` : item;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A node of either reader: the yaml library's, or the fast reader's (below). */
interface MapNode {
  items: readonly { key: unknown; value: unknown }[];
}
interface SeqNode {
  items: readonly unknown[];
}
interface ScalarNode {
  value: unknown;
}

function isMapNode(node: unknown): node is MapNode {
  return node instanceof PlainMap || isMap(node);
}

function isSeqNode(node: unknown): node is SeqNode {
  return node instanceof PlainSeq || isSeq(node);
}

function isScalarNode(node: unknown): node is ScalarNode {
  return node instanceof PlainScalar || isScalar(node);
}

function offsetOf(node: unknown): number | undefined {
  if (node instanceof PlainScalar || node instanceof PlainMap || node instanceof PlainSeq) return node.offset;
  return (node as YamlNode | null | undefined)?.range?.[0];
}

class Reader {
  private itemCount = 0;
  private readonly items = new Map<string, MutelistPattern>();
  private regexCount = 0;
  private readonly knownChecks: readonly string[] | undefined;
  private readonly knownSet: ReadonlySet<string>;
  private readonly warnedChecks = new Set<string>();
  private readonly warnings: string[] = [];
  /** Warnings past MAX_WARNINGS, counted. */
  private unsaid = 0;

  constructor(
    private readonly file: string,
    private readonly root: unknown,
    /** For aliases; the fast reader makes none. */
    private readonly doc: Document | undefined,
    private readonly lines: LineCounter,
    options: MutelistOptions,
  ) {
    this.knownChecks = options.knownChecks;
    this.knownSet = new Set(options.knownChecks ?? []);
  }

  private where(node: unknown): string {
    const offset = offsetOf(node);
    if (offset === undefined) return '';
    const { line, col } = this.lines.linePos(offset);
    return ` (line ${line}, column ${col})`;
  }

  fail(node: unknown, message: string, hint: string = FORMAT_HINT): never {
    throw new InputError(`mutelist ${this.file}${this.where(node)}: ${message}`, hint);
  }

  /** The node itself, or the one an alias points to. */
  resolve(node: unknown): unknown {
    if (isAlias(node)) {
      const target = this.doc && node.resolve(this.doc);
      if (!target) this.fail(node, `alias *${node.source} points to no anchor`, 'a lone * must be quoted in YAML: write "*"');
      return target;
    }
    return node ?? null;
  }

  map(node: unknown, path: string): MapNode {
    const value = this.resolve(node);
    if (!isMapNode(value)) this.fail(value, `${path} must be a mapping of keys to values`);
    return value;
  }

  /** The entries of a mapping, with each key as the text written (an account uid stays digits, never a number). */
  entries(map: MapNode, path: string): [string, unknown, ScalarNode][] {
    // Keys are checked here, not by the yaml library, whose check compares each key with every other one: with
    // 200,000 keys, minutes at full CPU before the first error.
    const seen = new Set<string>();
    return map.items.map((pair) => {
      const key = this.resolve(pair.key);
      if (!isScalarNode(key)) this.fail(key ?? map, `${path} has a key that is not a plain name`);
      const name = String(key.value);
      if (seen.has(name)) this.fail(key, 'YAML syntax error: Map keys must be unique');
      seen.add(name);
      return [name, this.resolve(pair.value), key];
    });
  }

  string(node: unknown, path: string): string {
    if (!isScalarNode(node)) this.fail(node, `${path} must be a string`);
    return String(node.value);
  }

  /** An item, checked and compiled once however often aliases repeat it; `path` and `index` name it in errors. */
  item(source: string, node: unknown, path: string, index: number): MutelistPattern {
    const known = this.items.get(source);
    if (known) return known;
    if (source.length > MAX_ITEM_LENGTH) {
      this.fail(
        node,
        `${path}[${index}] is ${source.length} characters long, more than the ${MAX_ITEM_LENGTH} an item may have`,
        'split it into several items: one item of a list matching is enough',
      );
    }
    const pattern = regexSource(source);
    const literal = literalForm(pattern);
    let item: Item;
    if (literal) {
      // Plain text is always a valid regular expression.
      item = new Item(source, literal.text, (literal.start ? AT_START : 0) | (literal.end ? AT_END : 0));
    } else {
      try {
        item = new Item(source, null, 0, new RegExp(pattern));
      } catch (error) {
        return this.fail(
          node,
          `${path}[${index}] ${JSON.stringify(source)} is not a valid regular expression (${(error as Error).message})`,
          'items are regular expressions, as in Prowler: escape special characters such as ( [ + ? with a backslash',
        );
      }
      if (++this.regexCount > MAX_REGEX_ITEMS) {
        this.fail(
          node,
          `${path}[${index}]: more than ${MAX_REGEX_ITEMS} different regular expressions in all`,
          'plain names, ids and ARNs (and ^name$) have no such limit and cost nothing per item: list resources by name, or cover them with fewer patterns',
        );
      }
    }
    this.items.set(source, item);
    return item;
  }

  patterns(node: unknown, path: string): MutelistPattern[] {
    if (!isSeqNode(node)) {
      const field = path.slice(path.lastIndexOf('.') + 1);
      this.fail(node, `${path} must be a list`, `write it as a YAML list, for instance ${field}: ["*"]`);
    }
    return node.items.map((entry, index) => {
      const value = this.resolve(entry);
      if (!isScalarNode(value)) this.fail(value ?? node, `${path}[${index}] must be a string`);
      if (++this.itemCount > MAX_ITEMS) {
        this.fail(value, `has more than ${MAX_ITEMS} list items in all`, 'an alias (*name) counts its list again each time it is used; mute many resources with one pattern');
      }
      return this.item(String(value.value), value, path, index);
    });
  }

  /** A list that may be left empty (`Tags:` with nothing after it). */
  optionalPatterns(node: unknown, path: string): MutelistPattern[] {
    if (node === null || (isScalarNode(node) && node.value === '')) return [];
    return this.patterns(node, path);
  }

  exceptions(node: unknown, path: string): MutelistExceptions | undefined {
    if (node === null || (isScalarNode(node) && node.value === '')) return undefined;
    const map = this.map(node, path);
    const result: MutelistExceptions = { accounts: [], regions: [], resources: [], tags: [] };
    for (const [key, value, keyNode] of this.entries(map, path)) {
      const field = { Accounts: 'accounts', Regions: 'regions', Resources: 'resources', Tags: 'tags' }[key] as
        | keyof MutelistExceptions
        | undefined;
      if (!field) this.fail(keyNode, `${path}.${key} is not an exception field (Accounts, Regions, Resources or Tags)`);
      result[field] = this.optionalPatterns(value, `${path}.${key}`);
    }
    return result;
  }

  /** A check key that applies to no check aliaudit has mutes nothing: say so, once per key, with the nearest id. */
  checkKnown(check: string, checkPattern: RegExp, keyNode: ScalarNode, path: string): void {
    const known = this.knownChecks;
    if (!known || check === '*' || this.knownSet.has(check) || this.warnedChecks.has(check)) return;
    if (known.some((id) => checkPattern.test(id))) return;
    this.warnedChecks.add(check);
    if (this.warnings.length >= MAX_WARNINGS) {
      this.unsaid++;
      return;
    }
    const near = closest(check, known);
    const what = /^[\w-]+$/.test(check) ? 'names no check aliaudit has' : 'matches no check id aliaudit has';
    this.warnings.push(
      `mutelist ${this.file}${this.where(keyNode)}: ${path} ${what}, so it mutes nothing${near ? ` (did you mean ${near}?)` : ''}`,
    );
  }

  /** The warnings, the ones past MAX_WARNINGS as a count. */
  said(): string[] {
    if (this.unsaid === 0) return this.warnings;
    return [...this.warnings, `mutelist ${this.file}: ${this.unsaid} more check keys match no check aliaudit has`];
  }

  checkEntry(check: string, node: unknown, keyNode: ScalarNode, path: string): MutelistCheckEntry {
    const map = this.map(node ?? keyNode, path);
    let checkPattern: RegExp;
    try {
      checkPattern = check === '*' ? /(?:)/ : new RegExp(regexSource(check));
    } catch (error) {
      this.fail(
        keyNode,
        `${path}: the check ${JSON.stringify(check)} is neither a check id nor a valid regular expression (${(error as Error).message})`,
      );
    }
    this.checkKnown(check, checkPattern, keyNode, path);
    const entry: Partial<MutelistCheckEntry> & { check: string; checkPattern: RegExp } = { check, checkPattern, tags: [] };
    const seen = new Set<string>();
    for (const [key, value, fieldNode] of this.entries(map, path)) {
      const fieldPath = `${path}.${key}`;
      seen.add(key);
      switch (key) {
        case 'Regions':
          entry.regions = this.patterns(value, fieldPath);
          break;
        case 'Resources':
          entry.resources = this.patterns(value, fieldPath);
          break;
        case 'Tags':
          entry.tags = this.optionalPatterns(value, fieldPath);
          break;
        case 'Exceptions':
          entry.exceptions = this.exceptions(value, fieldPath);
          break;
        case 'Description':
          entry.description = this.string(value, fieldPath);
          break;
        default:
          this.fail(fieldNode, `${fieldPath} is not a mutelist field (Regions, Resources, Tags, Exceptions or Description)`);
      }
    }
    for (const required of ['Regions', 'Resources']) {
      if (!seen.has(required)) this.fail(map, `${path}.${required} is missing: it must be a list (["*"] for all)`);
    }
    return entry as MutelistCheckEntry;
  }

  mutelist(): MutelistAccountEntry[] {
    const root = this.resolve(this.root);
    if (root === null || (isScalarNode(root) && root.value === '')) this.fail(null, 'the file is empty: it needs a Mutelist: key');
    const top = this.map(root, 'the document');
    const mutelistNode = this.entries(top, 'the document').find(([key]) => key === 'Mutelist');
    if (!mutelistNode) this.fail(top, 'there is no Mutelist: key at the top');
    const mutelist = this.map(mutelistNode[1] ?? mutelistNode[2], 'Mutelist');
    let accountsNode: unknown;
    for (const [key, value, keyNode] of this.entries(mutelist, 'Mutelist')) {
      if (key !== 'Accounts') this.fail(keyNode, `Mutelist.${key} is not a mutelist field (only Accounts)`);
      accountsNode = value ?? keyNode;
    }
    if (accountsNode === undefined) this.fail(mutelist, 'Mutelist.Accounts is missing');
    const accounts = this.map(accountsNode, 'Mutelist.Accounts');
    return this.entries(accounts, 'Mutelist.Accounts').map(([account, value, keyNode]) => {
      const path = `Mutelist.Accounts.${account}`;
      const accountMap = this.map(value ?? keyNode, path);
      let checksNode: unknown;
      for (const [key, checks, fieldNode] of this.entries(accountMap, path)) {
        if (key !== 'Checks') this.fail(fieldNode, `${path}.${key} is not a mutelist field (only Checks)`);
        checksNode = checks ?? fieldNode;
      }
      if (checksNode === undefined) this.fail(accountMap, `${path}.Checks is missing`);
      const checks = this.map(checksNode, `${path}.Checks`);
      return {
        account,
        checks: this.entries(checks, `${path}.Checks`).map(([check, entry, keyNode]) =>
          this.checkEntry(check, entry, keyNode, `${path}.Checks.${check}`),
        ),
      };
    });
  }
}

/*
 * The yaml library reads about 2 MB a second, and some texts cost it far more (4 MiB of nested [ take it 27 s and
 * 3.8 GB). Mutelists are written in a small part of YAML: block mappings and lists, flow lists and mappings (JSON
 * too), quoted and plain strings, comments. readSimpleYaml reads that part, about fifty times faster, and stops at
 * the first thing it leaves to the library (anchors and aliases, tags, block or multi-line strings, complex keys,
 * tabs, unusual escapes or indentation). It never reads a text differently from the library: the tests compare the two.
 */

/** Text the fast reader leaves to the library: tabs, control characters, a lone CR, BOM, line separators, surrogates. */
const NOT_SIMPLE = /[\t\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]|\r(?!\n)/;
/** Characters a plain scalar may not start with (YAML's indicators), and white space. */
const INDICATOR = /[\s\-?:,[\]{}#&*!|>'"%@`]/;
const DOUBLE_QUOTED_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t' };
const QUOTE_OR_ESCAPE = /["\\]/g;
/** Flow collections nested deeper than this are left to the library. */
const MAX_FLOW_DEPTH = 32;

/** The fast reader's nodes: the fields of the library's that the Reader reads, and where in the text each starts. */
export class PlainScalar {
  readonly kind = 'scalar';
  constructor(
    readonly value: string,
    readonly offset: number,
  ) {}
}

export class PlainMap {
  readonly kind = 'map';
  readonly items: { key: PlainScalar; value: PlainNode }[] = [];
  constructor(readonly offset: number) {}
}

export class PlainSeq {
  readonly kind = 'seq';
  readonly items: PlainNode[] = [];
  constructor(readonly offset: number) {}
}

type PlainNode = PlainScalar | PlainMap | PlainSeq;

/** Where the fast reader stopped: what follows is for the library. */
class NotSimple {
  constructor(readonly offset: number) {}
}

class SimpleReader {
  readonly lines = new LineCounter();
  private readonly starts: number[] = [];
  /** Each line's end, before its CR LF or LF. */
  private readonly ends: number[] = [];
  /** Where the last value read ends. */
  private end = 0;
  /** The indentation of the block line a flow collection started on: its other lines must be indented more. */
  private flowIndent = -1;

  constructor(private readonly text: string) {
    const bad = NOT_SIMPLE.exec(text);
    if (bad) throw new NotSimple(bad.index);
    for (let start = 0; start <= text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      this.starts.push(start);
      this.ends.push(end > start && text[end - 1] === '\r' ? end - 1 : end);
      this.lines.addNewLine(start);
      start = end + 1;
    }
  }

  stop(offset: number): never {
    throw new NotSimple(offset);
  }

  /** Only spaces, or spaces then a comment, from `from` to the end of the line. */
  private restIsEmpty(from: number, lineEnd: number): boolean {
    let i = from;
    while (i < lineEnd && this.text.charCodeAt(i) === 32) i++;
    return i === lineEnd || (i > from && this.text[i] === '#');
  }

  private quoted(from: number, lineEnd: number): PlainScalar {
    const text = this.text;
    let value = '';
    let i = from + 1;
    if (text[from] === "'") {
      for (;;) {
        const close = text.indexOf("'", i);
        if (close < 0 || close >= lineEnd) this.stop(from);
        value += text.slice(i, close);
        if (text[close + 1] !== "'") {
          this.end = close + 1;
          return new PlainScalar(value, from);
        }
        value += "'";
        i = close + 2;
      }
    }
    for (;;) {
      // The next quote or backslash, whichever comes first (a search for each could run to the end of the text).
      QUOTE_OR_ESCAPE.lastIndex = i;
      const next = QUOTE_OR_ESCAPE.exec(text)?.index ?? -1;
      if (next < 0 || next >= lineEnd) this.stop(from);
      if (text[next] === '"') {
        value += text.slice(i, next);
        this.end = next + 1;
        return new PlainScalar(value, from);
      }
      const replacement = DOUBLE_QUOTED_ESCAPES[text[next + 1]];
      if (replacement === undefined) this.stop(next);
      value += text.slice(i, next) + replacement;
      i = next + 2;
    }
  }

  /** A plain scalar on one line: in a block up to a comment, in a flow collection up to `,` `]` `}` or a comment. */
  private plain(from: number, lineEnd: number, flow: boolean): PlainScalar {
    const text = this.text;
    if (INDICATOR.test(text[from])) this.stop(from);
    let end = from;
    while (end < lineEnd) {
      const c = text[end];
      if (c === '#' && text[end - 1] === ' ') break;
      if (flow && (c === ',' || c === ']' || c === '}')) break;
      end++;
    }
    const value = text.slice(from, end).trimEnd();
    if (value.includes(': ') || value.endsWith(':') || value.includes(' #')) this.stop(from);
    if (flow && /[[\]{}#'"]/.test(value)) this.stop(from);
    this.end = from + value.length;
    return new PlainScalar(value, from);
  }

  private lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /**
   * Past spaces, line breaks and comments inside a flow collection (`depth` deep, ended by `close`). Its lines must be
   * indented past its block line, but for the line that ends the outermost one.
   */
  private skip(from: number, depth: number, close: string): number {
    const text = this.text;
    let i = from;
    for (;;) {
      const c = text[i];
      if (c === ' ') i++;
      else if (c === '#') {
        if (text[i - 1] !== ' ' && text[i - 1] !== '\n') this.stop(i);
        i = this.ends[this.lineOf(i)];
      } else if (c === '\r' || c === '\n') {
        const line = this.lineOf(i) + 1;
        if (line >= this.starts.length) this.stop(i);
        i = this.starts[line];
        let indent = 0;
        while (text[i + indent] === ' ') indent++;
        const first = text[i + indent];
        const blank = i + indent >= this.ends[line] || first === '#';
        if (!blank && indent <= this.flowIndent && !(indent === this.flowIndent && depth === 0 && first === close)) this.stop(i);
        i += indent;
      } else if (c === undefined) this.stop(i);
      else return i;
    }
  }

  /** A scalar or a collection inside a flow collection. */
  private flowValue(from: number, depth: number): PlainNode {
    const c = this.text[from];
    if (c === '[' || c === '{') return this.flow(from, depth);
    const lineEnd = this.ends[this.lineOf(from)];
    return c === '"' || c === "'" ? this.quoted(from, lineEnd) : this.plain(from, lineEnd, true);
  }

  /** A flow list or mapping, `[a, "b"]` or `{ Regions: ["*"] }`, on as many lines as it takes. */
  flow(from: number, depth: number): PlainSeq | PlainMap {
    if (depth >= MAX_FLOW_DEPTH) this.stop(from);
    const text = this.text;
    const seq = text[from] === '[';
    const close = seq ? ']' : '}';
    const node = seq ? new PlainSeq(from) : new PlainMap(from);
    let i = this.skip(from + 1, depth, close);
    while (text[i] !== close) {
      if (node instanceof PlainSeq) {
        node.items.push(this.flowValue(i, depth + 1));
        i = this.skip(this.end, depth, close);
      } else {
        const keyStart = i;
        const lineEnd = this.ends[this.lineOf(i)];
        let key: PlainScalar;
        if (text[i] === '"' || text[i] === "'") {
          key = this.quoted(i, lineEnd);
          if (text[this.end] !== ':') this.stop(this.end);
          i = this.end + 1;
        } else {
          let colon = i;
          while (colon < lineEnd && !',[]{}#:'.includes(text[colon])) colon++;
          const name = text.slice(i, colon).trimEnd();
          // `{a:b}` is the key "a:b" with no value: only `key: value` is read here.
          if (text[colon] !== ':' || text[colon + 1] !== ' ' || !name || INDICATOR.test(name[0])) this.stop(i);
          key = new PlainScalar(name, i);
          i = colon + 1;
        }
        if (i - keyStart > 1000) this.stop(keyStart);
        while (text[i] === ' ') i++;
        if (i >= this.ends[this.lineOf(keyStart)] || ',]}#'.includes(text[i])) this.stop(i);
        node.items.push({ key, value: this.flowValue(i, depth + 1) });
        i = this.skip(this.end, depth, close);
      }
      if (text[i] === ',') {
        i = this.skip(i + 1, depth, close);
        if (text[i] === ',') this.stop(i);
      } else if (text[i] !== close) this.stop(i);
    }
    this.end = i + 1;
    return node;
  }

  /** A value after `key:` or `- ` on a block line: a scalar or a flow collection, then nothing but a comment. */
  private blockValue(from: number, lineEnd: number, indent: number): PlainNode {
    const c = this.text[from];
    let node: PlainNode;
    if (c === '[' || c === '{') {
      this.flowIndent = indent;
      node = this.flow(from, 0);
    } else if (c === '"' || c === "'") node = this.quoted(from, lineEnd);
    else node = this.plain(from, lineEnd, false);
    const ends = this.ends[this.lineOf(this.end)];
    if (!this.restIsEmpty(this.end, ends)) this.stop(this.end);
    return node;
  }

  /** A block mapping key and the position after its colon. YAML allows an implicit key 1,024 characters at most. */
  private key(from: number, lineEnd: number): PlainScalar {
    const text = this.text;
    let key: PlainScalar;
    if (text[from] === '"' || text[from] === "'") {
      key = this.quoted(from, lineEnd);
      if (text[this.end] !== ':' || (this.end + 1 < lineEnd && text[this.end + 1] !== ' ')) this.stop(from);
      this.end++;
    } else {
      let colon = from;
      while (colon < lineEnd && !(text[colon] === ':' && (colon + 1 === lineEnd || text[colon + 1] === ' '))) colon++;
      const name = text.slice(from, colon);
      if (colon === lineEnd || !name || INDICATOR.test(name[0]) || name.endsWith(' ') || /[:#,[\]{}]/.test(name)) this.stop(from);
      key = new PlainScalar(name, from);
      this.end = colon + 1;
    }
    if (this.end - from > 1000) this.stop(from);
    return key;
  }

  read(): PlainNode {
    const text = this.text;
    const stack: { indent: number; node: PlainMap | PlainSeq }[] = [];
    // A key whose value starts on a later line: a mapping, a list, or else the empty string it was given.
    let pending: { pair: { value: PlainNode }; indent: number } | undefined;
    let root: PlainNode | undefined;
    for (let line = 0; line < this.starts.length; line++) {
      const start = this.starts[line];
      const lineEnd = this.ends[line];
      let at = start;
      while (at < lineEnd && text.charCodeAt(at) === 32) at++;
      if (at === lineEnd || text[at] === '#') continue;
      const indent = at - start;
      if (indent === 0 && (text.startsWith('---', at) || text.startsWith('...', at))) this.stop(at);
      const item = text[at] === '-' && (at + 1 === lineEnd || text[at + 1] === ' ');
      if (pending) {
        if (item ? indent >= pending.indent : indent > pending.indent) {
          const node = item ? new PlainSeq(at) : new PlainMap(at);
          pending.pair.value = node;
          stack.push({ indent, node });
        }
        pending = undefined;
      }
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        // A list may sit at its key's own indentation; the next key there ends it.
        if (top.indent > indent || (!item && top.indent === indent && top.node instanceof PlainSeq)) stack.pop();
        else break;
      }
      let top = stack[stack.length - 1];
      if (!top) {
        if (root || item) this.stop(at);
        if (text[at] === '[' || text[at] === '{') {
          // A document that is one flow collection, such as JSON.
          this.flowIndent = -1;
          root = this.flow(at, 0);
          const last = this.lineOf(this.end);
          if (!this.restIsEmpty(this.end, this.ends[last])) this.stop(this.end);
          for (let rest = last + 1; rest < this.starts.length; rest++) {
            let i = this.starts[rest];
            while (i < this.ends[rest] && text.charCodeAt(i) === 32) i++;
            if (i < this.ends[rest] && text[i] !== '#') this.stop(i);
          }
          return root;
        }
        root = new PlainMap(at);
        top = { indent, node: root };
        stack.push(top);
      }
      if (top.indent !== indent) this.stop(at);
      if (item) {
        if (!(top.node instanceof PlainSeq)) this.stop(at);
        let from = at + 1;
        while (from < lineEnd && text.charCodeAt(from) === 32) from++;
        if (from === lineEnd || text[from] === '#') {
          top.node.items.push(new PlainScalar('', from));
          continue;
        }
        top.node.items.push(this.blockValue(from, lineEnd, indent));
        line = this.lineOf(this.end);
        continue;
      }
      if (!(top.node instanceof PlainMap)) this.stop(at);
      const key = this.key(at, lineEnd);
      let from = this.end;
      while (from < lineEnd && text.charCodeAt(from) === 32) from++;
      if (from === lineEnd || text[from] === '#') {
        // The library places an empty value where the text after the colon starts.
        const pair = { key, value: new PlainScalar('', from) as PlainNode };
        top.node.items.push(pair);
        pending = { pair, indent };
        continue;
      }
      top.node.items.push({ key, value: this.blockValue(from, lineEnd, indent) });
      line = this.lineOf(this.end);
    }
    if (!root) this.stop(0);
    return root;
  }
}

/**
 * The document's root node, keys and values as strings (as under the failsafe schema), or where the text first uses
 * YAML this reader leaves to the library. Exported for the tests that compare the two.
 */
export function readSimpleYaml(text: string): { root: PlainNode; lines: LineCounter } | { stoppedAt: number } {
  try {
    const reader = new SimpleReader(text);
    return { root: reader.read(), lines: reader.lines };
  } catch (error) {
    if (error instanceof NotSimple) return { stoppedAt: error.offset };
    throw error;
  }
}

/** Reads a mutelist from its YAML text; `source` names it in errors. */
export function parseMutelist(text: string, source: string, options: MutelistOptions = {}): Mutelist {
  const simple = readSimpleYaml(text);
  if ('root' in simple) return read(new Reader(source, simple.root, undefined, simple.lines, options), source);
  const size = Buffer.byteLength(text);
  if (size > LIBRARY_MAX_BYTES) {
    const lines = new LineCounter();
    for (let start = 0; start >= 0 && start <= simple.stoppedAt; start = text.indexOf('\n', start) + 1 || -1) lines.addNewLine(start);
    const { line, col } = lines.linePos(simple.stoppedAt);
    throw new InputError(
      `mutelist ${source} (line ${line}, column ${col}): the YAML here (an anchor or alias, a tag, a tab, a block or multi-line ` +
        `string…) is read in mutelists up to ${LIBRARY_MAX_BYTES / 1024} KiB, and this one is ${mebibytes(size)}`,
      'a big mutelist keeps to block mappings and lists, [ ] and { } (JSON too), one-line quoted or plain strings, and comments',
    );
  }
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  } catch (error) {
    // The library reads nested collections recursively: a few hundred thousand [ run out of stack.
    if (error instanceof RangeError) throw new InputError(`mutelist ${source}: nested too deeply to be a mutelist`, FORMAT_HINT);
    throw error;
  }
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lines.linePos(error.pos[0]);
    const aliasTrouble =
      error.code === 'BAD_ALIAS' || doc.warnings.some((warning) => /alias/i.test(warning.message)) || /alias/i.test(error.message);
    throw new InputError(
      `mutelist ${source} (line ${line}, column ${col}): YAML syntax error: ${error.message}`,
      aliasTrouble ? 'a lone * starts an alias in YAML: write it in quotes, "*"' : FORMAT_HINT,
    );
  }
  return read(new Reader(source, doc.contents, doc, lines, options), source);
}

function read(reader: Reader, source: string): Mutelist {
  const accounts = reader.mutelist();
  return { source, accounts, warnings: reader.said() };
}

function tooBig(path: string, size: number | undefined): InputError {
  const limit = mebibytes(MUTELIST_MAX_BYTES);
  return new InputError(
    size === undefined
      ? `mutelist ${path} is more than ${limit}, the most a mutelist may be`
      : `mutelist ${path} is ${mebibytes(size)} (${size.toLocaleString('en-US')} bytes), more than the ${limit} a mutelist may be`,
    SIZE_HINT,
  );
}

/** The file's text, refused by its size before any of it is read, and never read past the limit. */
async function readMutelistFile(path: string): Promise<string> {
  const info = await stat(path);
  if (info.isDirectory()) throw new InputError(`mutelist ${path} is a directory, not a YAML file`, 'give the path of the mutelist file');
  if (info.size > MUTELIST_MAX_BYTES) throw tooBig(path, info.size);
  // A pipe's size is 0 and a file may grow after stat: the limit holds whatever stat said.
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(1024 * 1024, MUTELIST_MAX_BYTES + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > MUTELIST_MAX_BYTES) throw tooBig(path, undefined);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Reads a mutelist file. Bad input throws InputError naming the file and where in it; nothing is ever written.
 * With `knownChecks`, check keys that match none of them are named in the mutelist's warnings.
 */
export async function loadMutelist(path: string, options: MutelistOptions = {}): Promise<Mutelist> {
  let text: string;
  try {
    text = await readMutelistFile(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError(`mutelist ${path} does not exist`, 'check the path given to --mutelist-file');
    }
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`mutelist ${path} cannot be read: permission denied`);
    throw error;
  }
  return parseMutelist(text, path, options);
}

/*
 * Matching. Every item is a regular expression searched anywhere in a value, but most items are plain text, and a
 * plain text search is a substring test (anchored by ^ or $, a prefix, suffix or equality test). An item list is
 * compiled once into an ItemIndex: equal values in a Set; the other plain texts in a trie, which finds all of them
 * in a value at once; and for each real regular expression a run of text every match of it contains, in the same
 * trie, so the expression is tried only on values where that run is found. Answers are kept per value. The tests
 * check these answers against the regular expressions themselves.
 */

/** Regular expression syntax characters: text without them (or with them escaped) is plain. */
const SYNTAX = new Set('\\^$.|?*+()[]{}');
const ANY_SYNTAX = /[\\^$.|?*+()[\]{}]/;
const QUANTIFIER_START = new Set('?*+{');
const BRACE_QUANTIFIER = /\{\d+(?:,\d*)?\}/y;

/** A regex source that is plain text: what it searches for, and whether it is anchored at the start or end. */
interface LiteralForm {
  text: string;
  start: boolean;
  end: boolean;
}

/** `^db-1$`, `logs`, `.*-replica`, `web-.*`, `a\.b` are plain; anything with real regex syntax is not. */
function literalForm(source: string): LiteralForm | undefined {
  if (!ANY_SYNTAX.test(source)) return { text: source, start: false, end: false };
  let i = 0;
  let start = false;
  let end = false;
  if (source.startsWith('^')) {
    start = true;
    i = 1;
  } else if (source.startsWith('.*')) {
    // A search for .*X finds what a search for X finds.
    if (QUANTIFIER_START.has(source[2])) return undefined;
    i = 2;
  }
  const from = i;
  let to = source.length;
  let escapes = false;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      if (source[i + 1] === undefined || /[0-9A-Za-z]/.test(source[i + 1])) return undefined;
      escapes = true;
      i += 2;
    } else if (c === '$' && i === source.length - 1) {
      end = true;
      to = i++;
    } else if (c === '.' && source[i + 1] === '*' && i + 2 === source.length) {
      // X.* at the end matches where X does.
      to = i;
      i += 2;
    } else if (SYNTAX.has(c)) {
      return undefined;
    } else i++;
  }
  const text = source.slice(from, to);
  return { text: escapes ? text.replace(/\\(.)/gs, '$1') : text, start, end };
}

function skipClass(source: string, from: number): number {
  let i = from + 1;
  if (source[i] === '^') i++;
  while (i < source.length) {
    if (source[i] === '\\') i += 2;
    else if (source[i] === ']') return i + 1;
    else i++;
  }
  return i;
}

function skipGroup(source: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === '[') i = skipClass(source, i);
    else {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      i++;
      if (depth === 0) return i;
    }
  }
  return i;
}

/** Past an escape that is not a plain character: \d, \b, \x41, \u0041, \cJ, \1, \k<name>. */
function skipEscape(source: string, from: number): number {
  const kind = source[from + 1];
  const hex = (count: number) => new RegExp(`^[0-9A-Fa-f]{${count}}`).test(source.slice(from + 2, from + 2 + count));
  if (kind === 'x') return hex(2) ? from + 4 : from + 2;
  if (kind === 'u') return hex(4) ? from + 6 : from + 2;
  if (kind === 'c') return /[A-Za-z]/.test(source[from + 2] ?? '') ? from + 3 : from + 2;
  if (kind === 'k' && source[from + 2] === '<') {
    const close = source.indexOf('>', from);
    return close < 0 ? from + 2 : close + 1;
  }
  if (/[0-9]/.test(kind)) {
    let i = from + 1;
    while (/[0-9]/.test(source[i] ?? '')) i++;
    return i;
  }
  return from + 2;
}

/** Past a quantifier (and its lazy `?`) at `from`, if there is one there. */
function skipQuantifier(source: string, from: number): number {
  let i = from;
  const c = source[i];
  if (c === '?' || c === '*' || c === '+') i++;
  else if (c === '{') {
    BRACE_QUANTIFIER.lastIndex = i;
    if (!BRACE_QUANTIFIER.test(source)) return i;
    i = BRACE_QUANTIFIER.lastIndex;
  } else return i;
  return source[i] === '?' ? i + 1 : i;
}

/**
 * For each top-level alternative of a regex source, the longest run of characters every match of that alternative
 * contains; undefined when an alternative has none (`\d+`, `.*`, `(a|b)`), so the regex must be tried on every value.
 * Only what is certain counts: groups, classes, escapes other than \<punctuation>, and quantified characters end a
 * run, so a run is always text the regex cannot match without.
 */
function requiredRuns(source: string): string[] | undefined {
  const runs: string[] = [];
  let best = '';
  let run = '';
  const endRun = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  const endAlternative = () => {
    endRun();
    if (!best) return false;
    runs.push(best);
    best = '';
    return true;
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    let char: string;
    let next: number;
    if (c === '|') {
      if (!endAlternative()) return undefined;
      i++;
      continue;
    }
    if (c === '(' || c === '[') {
      endRun();
      i = skipQuantifier(source, c === '(' ? skipGroup(source, i) : skipClass(source, i));
      continue;
    }
    if (c === '\\') {
      const escaped = source[i + 1];
      if (escaped === undefined) return undefined;
      if (/[0-9A-Za-z]/.test(escaped)) {
        endRun();
        i = skipQuantifier(source, skipEscape(source, i));
        continue;
      }
      char = escaped;
      next = i + 2;
    } else if (SYNTAX.has(c)) {
      // . ^ $ and stray ) ] } end a run, and so does what quantifies them; a { that quantifies nothing is plain but
      // counts as an end too, which only makes the run shorter.
      endRun();
      const past = skipQuantifier(source, i);
      i = past > i ? past : skipQuantifier(source, i + 1);
      continue;
    } else {
      char = c;
      next = i + 1;
    }
    const after = source[next];
    if (after === '?' || after === '*' || (after === '{' && skipQuantifier(source, next) > next)) {
      // The character may be absent: the run ends before it.
      endRun();
      i = skipQuantifier(source, next);
      continue;
    }
    run += char;
    if (after === '+') {
      // Once for certain, then maybe more of it: the run ends after it.
      endRun();
      i = skipQuantifier(source, next);
      continue;
    }
    i = next;
  }
  return endAlternative() ? runs : undefined;
}

/**
 * Finds every occurrence of many strings in a text: a trie of the strings, walked from each position of the text.
 * Values are names and ARNs, short enough that this beats Aho-Corasick, whose fail links cost more to build than a
 * scan spends searching. A walk ends where no string goes on: it is no longer than the longest string found there.
 */
class Trie {
  // Node 0 is the root. A node's first child is kept in the arrays (most nodes of a trie of names have one); other
  // children in a hash table keyed by node and character.
  private readonly firstCode: Int32Array;
  private readonly firstChild: Int32Array;
  /** The string that ends at the node, or -1. */
  private readonly output: Int32Array;
  private readonly edgeNode: Int32Array;
  private readonly edgeCode: Int32Array;
  private readonly edgeChild: Int32Array;
  private readonly mask: number;

  constructor(strings: readonly string[]) {
    const size = strings.reduce((total, text) => total + text.length, 1);
    this.firstCode = new Int32Array(size).fill(-1);
    this.firstChild = new Int32Array(size);
    this.output = new Int32Array(size).fill(-1);
    // A string branches off at most once: at most one more child per string.
    let slots = 2;
    while (slots < strings.length * 2) slots *= 2;
    this.mask = slots - 1;
    this.edgeNode = new Int32Array(slots).fill(-1);
    this.edgeCode = new Int32Array(slots);
    this.edgeChild = new Int32Array(slots);
    let nodes = 1;
    strings.forEach((text, id) => {
      let node = 0;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        let child = this.child(node, code);
        if (child < 0) {
          child = nodes++;
          if (this.firstCode[node] < 0) {
            this.firstCode[node] = code;
            this.firstChild[node] = child;
          } else {
            let slot = this.slot(node, code);
            while (this.edgeNode[slot] >= 0) slot = (slot + 1) & this.mask;
            this.edgeNode[slot] = node;
            this.edgeCode[slot] = code;
            this.edgeChild[slot] = child;
          }
        }
        node = child;
      }
      this.output[node] = id;
    });
  }

  private slot(node: number, code: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b)) & this.mask;
  }

  private child(node: number, code: number): number {
    const first = this.firstCode[node];
    if (first === code) return this.firstChild[node];
    if (first < 0) return -1;
    for (let slot = this.slot(node, code); this.edgeNode[slot] >= 0; slot = (slot + 1) & this.mask) {
      if (this.edgeNode[slot] === node && this.edgeCode[slot] === code) return this.edgeChild[slot];
    }
    return -1;
  }

  /** Calls `found(string, end)` for each occurrence, `end` the index of its last character; stops when it says true. */
  search(text: string, found: (id: number, end: number) => boolean): boolean {
    for (let start = 0; start < text.length; start++) {
      let node = 0;
      for (let i = start; i < text.length; i++) {
        node = this.child(node, text.charCodeAt(i));
        if (node < 0) break;
        if (this.output[node] >= 0 && found(this.output[node], i)) return true;
      }
    }
    return false;
  }
}

/** Where a string of the trie must be found for an item it stands for to match, as bits. */
const ANYWHERE = 1;
const AT_START = 2;
const AT_END = 4;
/** The string is a run that regular expressions need: they are worth trying on the value. */
const NEEDED = 8;

/** Answers per value, forgotten all at once past this many (values are names and ARNs: a big account has many). */
const MEMO_LIMIT = 50_000;

function remember<T>(memo: Map<string, T>, value: string, answer: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(value, answer);
  return answer;
}

/**
 * Regular expressions with no run they need, as one: an alternation is tried in one pass of compiled code where
 * separate expressions cost a call each. Numbered backreferences and named groups would change meaning or clash in
 * an alternation, so expressions with them stay apart.
 */
function oneOf(regexes: readonly RegExp[]): RegExp[] {
  const apart = regexes.filter((regex) => /\\[1-9k]|\(\?<[^=!]/.test(regex.source));
  const joined = regexes.filter((regex) => !apart.includes(regex));
  if (joined.length < 2) return [...regexes];
  try {
    return [new RegExp(joined.map((regex) => `(?:${regex.source})`).join('|')), ...apart];
  } catch {
    return [...regexes];
  }
}

/** One list's items, compiled to answer "does one of them match" (and for Tags, "do all") without trying each. */
class ItemIndex {
  readonly empty: boolean;
  private readonly items: readonly MutelistPattern[];
  private everything = false;
  private readonly equal = new Set<string>();
  private trie?: Trie;
  /** Per string of the trie: its length, where it must be found (bits), and the regexes that need it. */
  private readonly lengths: number[] = [];
  private readonly places: number[] = [];
  private readonly neededBy = new Map<number, number[]>();
  /** Regular expressions worth trying only where a run they need was found. */
  private readonly candidates: RegExp[] = [];
  /** Regular expressions with no such run, tried on every value. */
  private readonly everyValue: RegExp[];
  private readonly tried: Uint32Array;
  private round = 0;
  private readonly anyMemo = new Map<string, boolean>();
  private readonly allMemo = new Map<string, boolean>();

  constructor(patterns: readonly MutelistPattern[]) {
    this.items = patterns;
    this.empty = patterns.length === 0;
    const strings = new Map<string, number>();
    const add = (text: string, place: number): number => {
      let id = strings.get(text);
      if (id === undefined) {
        id = strings.size;
        strings.set(text, id);
        this.lengths.push(text.length);
        this.places.push(0);
      }
      this.places[id] |= place;
      return id;
    };
    const loose: RegExp[] = [];
    for (const item of this.items) {
      const pattern = regexSource(item.source);
      let text: string | null;
      let anchors: number;
      if (item instanceof Item) ({ text, anchors } = item);
      else {
        const literal = literalForm(pattern);
        text = literal ? literal.text : null;
        anchors = literal ? (literal.start ? AT_START : 0) | (literal.end ? AT_END : 0) : 0;
      }
      if (text !== null) {
        if (anchors === (AT_START | AT_END)) this.equal.add(text);
        else if (text === '') this.everything = true;
        else add(text, anchors || ANYWHERE);
        continue;
      }
      const runs = requiredRuns(pattern);
      if (!runs) {
        loose.push(item.regex);
        continue;
      }
      const index = this.candidates.push(item.regex) - 1;
      for (const run of runs) {
        const id = add(run, NEEDED);
        const needing = this.neededBy.get(id);
        if (needing) needing.push(index);
        else this.neededBy.set(id, [index]);
      }
    }
    this.everyValue = oneOf(loose);
    this.tried = new Uint32Array(this.candidates.length);
    if (strings.size > 0) this.trie = new Trie([...strings.keys()]);
  }

  /** Whether one item matches: Prowler's is_item_matched. An empty list matches nothing. */
  any(value: string): boolean {
    const known = this.anyMemo.get(value);
    if (known !== undefined) return known;
    return remember(this.anyMemo, value, this.search(value));
  }

  /** Whether every item matches (Tags). An empty list matches nothing. */
  all(value: string): boolean {
    const known = this.allMemo.get(value);
    if (known !== undefined) return known;
    return remember(this.allMemo, value, !this.empty && this.items.every((item) => item.regex.test(value)));
  }

  private search(value: string): boolean {
    if (this.everything || this.equal.has(value)) return true;
    if (this.round === 0xffffffff) {
      this.tried.fill(0);
      this.round = 0;
    }
    const round = ++this.round;
    const worthTrying: number[] = [];
    const last = value.length - 1;
    const found = this.trie?.search(value, (id, end) => {
      const place = this.places[id];
      if (place & ANYWHERE || (place & AT_START && end - this.lengths[id] === -1) || (place & AT_END && end === last)) return true;
      if (place & NEEDED) {
        for (const index of this.neededBy.get(id)!) {
          if (this.tried[index] === round) continue;
          this.tried[index] = round;
          worthTrying.push(index);
        }
      }
      return false;
    });
    if (found) return true;
    for (const index of worthTrying) if (this.candidates[index].test(value)) return true;
    for (const regex of this.everyValue) if (regex.test(value)) return true;
    return false;
  }
}

/** The id part of an ARN `acs:<service>:<region>:<account>:<type>/<id>`. */
function resourceId(uid: string): string {
  const tail = uid.slice(uid.lastIndexOf(':') + 1);
  const slash = tail.indexOf('/');
  return slash >= 0 ? tail.slice(slash + 1) : tail;
}

/** What a finding is matched on; the id and the tags text are made only if an item needs them. */
class Subject {
  #resourceId: string | undefined;
  #tags: string | undefined;

  constructor(
    readonly account: string,
    readonly check: string,
    readonly region: string,
    readonly resourceName: string,
    readonly resourceUid: string,
    private readonly tagMap: Readonly<Record<string, string>> | undefined,
  ) {}

  get resourceId(): string {
    return (this.#resourceId ??= resourceId(this.resourceUid));
  }

  /** Tags as Prowler matches them: `key=value | key2=value2`. */
  get tags(): string {
    return (this.#tags ??= Object.entries(this.tagMap ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join(' | '));
  }
}

/** Resources items: an `acs:` item is matched against the whole ARN, the others against the name or the id. */
class ResourceIndex {
  readonly empty: boolean;
  private readonly names: ItemIndex;
  private readonly arns: ItemIndex;

  constructor(patterns: readonly MutelistPattern[]) {
    this.empty = patterns.length === 0;
    this.names = new ItemIndex(patterns.filter((p) => !p.source.startsWith('acs:')));
    this.arns = new ItemIndex(patterns.filter((p) => p.source.startsWith('acs:')));
  }

  any(subject: Subject): boolean {
    return (
      (!this.names.empty && (this.names.any(subject.resourceName) || this.names.any(subject.resourceId))) ||
      (!this.arns.empty && this.arns.any(subject.resourceUid))
    );
  }
}

/** One check entry, compiled when a finding of a check it applies to first meets it. */
class EntryMatcher {
  private readonly regions: ItemIndex;
  private readonly resources: ResourceIndex;
  /** Absent: any tags. */
  private readonly tags?: ItemIndex;
  private readonly exceptions?: {
    accounts: ItemIndex;
    regions: ItemIndex;
    resources: ResourceIndex;
    tags: ItemIndex;
  };

  constructor(entry: MutelistCheckEntry) {
    this.regions = new ItemIndex(entry.regions);
    this.resources = new ResourceIndex(entry.resources);
    if (entry.tags.length > 0) this.tags = new ItemIndex(entry.tags);
    const ex = entry.exceptions;
    if (ex && (ex.accounts.length > 0 || ex.regions.length > 0 || ex.resources.length > 0 || ex.tags.length > 0)) {
      this.exceptions = {
        accounts: new ItemIndex(ex.accounts),
        regions: new ItemIndex(ex.regions),
        resources: new ResourceIndex(ex.resources),
        tags: new ItemIndex(ex.tags),
      };
    }
  }

  /** Prowler's is_excepted: one exception list matches, and every one given does. */
  excepts(subject: Subject): boolean {
    const ex = this.exceptions;
    if (!ex) return false;
    const account = ex.accounts.any(subject.account);
    const region = ex.regions.any(subject.region);
    const resource = ex.resources.any(subject);
    const tags = ex.tags.all(subject.tags);
    if (!account && !region && !resource && !tags) return false;
    return (
      (account || ex.accounts.empty) && (region || ex.regions.empty) && (resource || ex.resources.empty) && (tags || ex.tags.empty)
    );
  }

  mutes(subject: Subject): boolean {
    return (
      this.regions.any(subject.region) &&
      (this.tags === undefined || this.tags.all(subject.tags)) &&
      this.resources.any(subject)
    );
  }
}

/** One account entry's checks, and for each check id the entries that apply to it, in the file's order. */
class AccountMatcher {
  private readonly compiled = new Map<MutelistCheckEntry, EntryMatcher>();
  private readonly byCheck = new Map<string, EntryMatcher[]>();

  constructor(private readonly checks: readonly MutelistCheckEntry[]) {}

  private entriesFor(check: string): EntryMatcher[] {
    let entries = this.byCheck.get(check);
    if (!entries) {
      entries = this.checks
        .filter((entry) => entry.check === '*' || entry.check === check || entry.checkPattern.test(check))
        .map((entry) => {
          let matcher = this.compiled.get(entry);
          if (!matcher) {
            matcher = new EntryMatcher(entry);
            this.compiled.set(entry, matcher);
          }
          return matcher;
        });
      this.byCheck.set(check, entries);
    }
    return entries;
  }

  /** Prowler's is_muted_in_check: the first applicable entry that excepts the finding ends the search, unmuted. */
  mutes(subject: Subject): boolean {
    for (const entry of this.entriesFor(subject.check)) {
      if (entry.excepts(subject)) return false;
      if (entry.mutes(subject)) return true;
    }
    return false;
  }
}

class MutelistMatcher {
  private readonly exact = new Map<string, AccountMatcher>();
  private readonly everyAccount?: AccountMatcher;

  constructor(mutelist: Mutelist) {
    for (const entry of mutelist.accounts) {
      if (entry.account === '*') this.everyAccount = new AccountMatcher(entry.checks);
      else this.exact.set(entry.account, new AccountMatcher(entry.checks));
    }
  }

  mutes(subject: Subject): boolean {
    return (this.exact.get(subject.account)?.mutes(subject) ?? false) || (this.everyAccount?.mutes(subject) ?? false);
  }
}

/** Each mutelist's compiled form, built at its first finding and dropped with it; a mutelist is not changed once read. */
const matchers = new WeakMap<Mutelist, MutelistMatcher>();

/** Whether the mutelist mutes this finding. */
export function isMuted(mutelist: Mutelist, finding: Finding): boolean {
  let matcher = matchers.get(mutelist);
  if (!matcher) {
    matcher = new MutelistMatcher(mutelist);
    matchers.set(mutelist, matcher);
  }
  const { resource } = finding;
  return matcher.mutes(new Subject(finding.accountUid, finding.checkId, finding.region, resource.name, resource.uid, resource.tags));
}
