/**
 * Matching a finding against a mutelist, as Prowler does (the rules are in mutelist.ts, which reads the file).
 * Every item is a regular expression searched anywhere in a value, but most items are plain text, and a plain text
 * search is a substring test (anchored by ^ or $, a prefix, suffix or equality test). An item list is compiled once
 * into an ItemIndex: equal values in a Set; the other plain texts in a trie, which finds all of them in a value at
 * once; and for each real regular expression a run of text every match of it contains, in the same trie, so the
 * expression is tried only on values where that run is found. Answers are kept per value. The tests check these
 * answers against the regular expressions themselves.
 */
import type { Finding } from './model.js';

/** One item of a list: what was written and the regular expression it stands for. */
export interface MutelistPattern {
  source: string;
  regex: RegExp;
}

/** An item read from a file. A plain one (most are) is matched without its regular expression, made if asked for. */
export class Item implements MutelistPattern {
  #regex: RegExp | undefined;

  private constructor(
    readonly source: string,
    /** What it searches for when it is plain text, else null. */
    readonly text: string | null,
    /** For plain text: AT_START and AT_END, when anchored there. */
    readonly anchors: number,
    regex?: RegExp,
  ) {
    this.#regex = regex;
  }

  /** The item written `source`; a SyntaxError when it is not plain text and not a valid regular expression either. */
  static from(source: string): Item {
    const pattern = regexSource(source);
    const literal = literalForm(pattern);
    // Plain text is always a valid regular expression.
    if (literal) return new Item(source, literal.text, (literal.start ? AT_START : 0) | (literal.end ? AT_END : 0));
    return new Item(source, null, 0, new RegExp(pattern));
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

/** Prowler's reading of a pattern: a leading `*` is `.*`; the rest is a regular expression. */
export function regexSource(item: string): string {
  return item.startsWith('*') ? `.*${item.slice(1)}` : item;
}

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
