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
 * is refused while it is read when it holds more than 100,000 list items or 100,000 check entries (aliases can
 * repeat one list or mapping many times), more than 5,000 different regular expressions, or an item over 1,024
 * characters. js-yaml reads the text in time linear in its length: collections nested deeper than 100 are refused as
 * soon as they are met, a repeated key is refused, and an alias is the anchored value itself, never a copy, so the
 * limits above are counted while the values are walked. Matching (mutelist-match.ts) does not try every item on every
 * finding: an item that is plain text (`breakglass`, `^db-1$`, `*-replica`, an ARN) is an equality, prefix, suffix or
 * substring test, answered for all of a list's plain items at once (a Set, and a trie walked along the value); a
 * regular expression is tried only on values that contain a run of text every match of it contains; and every
 * answer is kept per distinct value (findings share regions, tags and resources). So a long list of names costs
 * about what a short one does.
 */
import { open, stat } from 'node:fs/promises';
import { EVENT_ID, FAILSAFE_SCHEMA, SCALAR_STYLE, YAMLException, constructFromEvents, getScalarValue, parseEvents, realMapTag, type Event } from 'js-yaml';
import { InputError } from '../core/errors.js';
import { closest } from '../core/similar.js';
import { Item, regexSource, type Mutelist, type MutelistAccountEntry, type MutelistCheckEntry, type MutelistExceptions, type MutelistPattern } from './mutelist-match.js';

export { isMuted } from './mutelist-match.js';
export type { Mutelist, MutelistAccountEntry, MutelistCheckEntry, MutelistExceptions, MutelistPattern } from './mutelist-match.js';

export interface MutelistOptions {
  /** The ids of every check aliaudit has: a check key that matches none of them is named in the warnings. */
  knownChecks?: readonly string[];
}

/** 20,000 resource ARNs take 2 MiB; a file twice that size is not a list of exceptions but the wrong file. */
export const MUTELIST_MAX_BYTES = 4 * 1024 * 1024;
/** More list items than this (aliases can repeat a list many times over) is not a mutelist but a trap. */
const MAX_ITEMS = 100_000;
/** Check entries, counted as list items are: an alias can repeat a mapping of checks under every account. */
const MAX_ENTRIES = 100_000;
/** Each regular expression is tried on the values that may match it: plain items have no such cost, nor limit. */
const MAX_REGEX_ITEMS = 5_000;
const MAX_ITEM_LENGTH = 1_024;
/** A mutelist nests 7 deep; js-yaml's default, kept explicit, refuses a file of nested [ in one pass. */
const MAX_DEPTH = 100;
/** Check keys named one by one in warnings; the rest are counted. */
const MAX_WARNINGS = 20;

/**
 * The YAML failsafe schema: every scalar is a string (an account id stays its digits, `yes` stays "yes"); mappings
 * are Maps, so keys keep the file's order (Prowler's loop depends on it) and `__proto__` is a key like any other.
 */
const SCHEMA = FAILSAFE_SCHEMA.withTags(realMapTag);

const FORMAT_HINT =
  'a mutelist reads Mutelist: Accounts: <account or "*">: Checks: <check or "*">: with Regions and Resources lists ' +
  '(and optional Tags, Exceptions, Description), as in Prowler';

const SIZE_HINT =
  'a mutelist names exceptions, not an inventory: mute many resources with one pattern (^test-, acs:ecs:cn-shanghai:.*) ' +
  'or a tag, and check that --mutelist-file names the right file';

const EXCEPTION_FIELDS = new Map<string, keyof MutelistExceptions>([
  ['Accounts', 'accounts'],
  ['Regions', 'regions'],
  ['Resources', 'resources'],
  ['Tags', 'tags'],
]);

const ALIAS_HINT = 'an alias (*name) counts its list again each time it is used; mute many resources with one pattern';

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Where a value is in the document: mapping keys and list indexes from the top. */
type Path = readonly (string | number)[];

/** `Mutelist.Accounts."*".Checks.ram_user_mfa_enabled_console_access.Resources[2]`: keys other than names quoted. */
function showPath(path: Path): string {
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else text += `${text ? '.' : ''}${/^[\w-]+$/.test(step) ? step : JSON.stringify(step)}`;
  }
  return text || 'the document';
}

/** Where a node of the parser's events starts in the text (a quoted scalar at its quote, an alias at its *). */
function startOf(event: Event | undefined): number | undefined {
  switch (event?.type) {
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return event.start;
    case EVENT_ID.SCALAR:
      // An empty value has no place of its own.
      if (event.valueStart < 0) return undefined;
      return event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED ? event.valueStart - 1 : event.valueStart;
    case EVENT_ID.ALIAS:
      return event.anchorStart - 1;
    default:
      return undefined;
  }
}

/** The index of the event after the node that starts at `index`, its children included. */
function after(events: readonly Event[], index: number): number {
  const type = events[index]?.type;
  if (type !== EVENT_ID.MAPPING && type !== EVENT_ID.SEQUENCE) return index + 1;
  let depth = 0;
  let i = index;
  do {
    const next = events[i++]?.type;
    if (next === EVENT_ID.MAPPING || next === EVENT_ID.SEQUENCE) depth++;
    else if (next === EVENT_ID.POP || next === undefined) depth--;
  } while (depth > 0);
  return i;
}

/**
 * The values js-yaml makes carry no positions, but the parser's events it makes them from do. When there is something
 * to say about a value, its path is walked through the events. Through an alias, the place is the alias.
 */
class Locator {
  constructor(
    private readonly text: string,
    private readonly events: readonly Event[],
  ) {}

  /** The offset of the value at `path` (of its key, with `key`); the nearest place found on the way if the walk stops. */
  find(path: Path, key: boolean): number | undefined {
    const events = this.events;
    // events[0] opens the document.
    let i = 1;
    let at = startOf(events[i]);
    for (const [depth, step] of path.entries()) {
      const event = events[i];
      if (event?.type === EVENT_ID.SEQUENCE && typeof step === 'number') {
        i++;
        for (let n = 0; n < step && events[i]?.type !== EVENT_ID.POP; n++) i = after(events, i);
      } else if (event?.type === EVENT_ID.MAPPING && typeof step === 'string') {
        i++;
        for (;;) {
          const name = events[i];
          if (name === undefined || name.type === EVENT_ID.POP) return at;
          if (name.type === EVENT_ID.SCALAR && getScalarValue(this.text, name) === step) break;
          i = after(events, after(events, i));
        }
        at = startOf(events[i]) ?? at;
        if (key && depth === path.length - 1) return at;
        i++;
      } else return at;
      if (events[i] === undefined || events[i].type === EVENT_ID.POP) return at;
      at = startOf(events[i]) ?? at;
    }
    return at;
  }
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

class Reader {
  private itemCount = 0;
  private entryCount = 0;
  private readonly items = new Map<string, MutelistPattern>();
  private regexCount = 0;
  private readonly locator: Locator;
  private readonly knownChecks: readonly string[] | undefined;
  private readonly knownSet: ReadonlySet<string>;
  private readonly warnedChecks = new Set<string>();
  private readonly warnings: string[] = [];
  /** Warnings past MAX_WARNINGS, counted. */
  private unsaid = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    events: readonly Event[],
    options: MutelistOptions,
  ) {
    this.locator = new Locator(text, events);
    this.knownChecks = options.knownChecks;
    this.knownSet = new Set(options.knownChecks ?? []);
  }

  /** ` (line L, column C)` of the value at `path` (or of its key), or nothing if it cannot be found. */
  private where(path: Path | undefined, key = false): string {
    if (path === undefined) return '';
    let offset: number | undefined;
    try {
      offset = this.locator.find(path, key);
    } catch {
      // Only if the events disagreed with the values made of them: the message is still right without a place.
      offset = undefined;
    }
    return offset === undefined ? '' : ` (${lineAndColumn(this.text, offset)})`;
  }

  /** Refuses the file, naming the place of the value at `path` (of its key, with `key`). */
  fail(path: Path | undefined, message: string, hint: string = FORMAT_HINT, key = false): never {
    throw new InputError(`mutelist ${this.file}${this.where(path, key)}: ${message}`, hint);
  }

  map(value: unknown, path: Path): Map<unknown, unknown> {
    if (!(value instanceof Map)) this.fail(path, `${showPath(path)} must be a mapping of keys to values`);
    return value;
  }

  /** The entries of a mapping, each key the text written (the failsafe schema reads every scalar as a string). */
  entries(value: unknown, path: Path): [string, unknown][] {
    const map = this.map(value, path);
    const entries: [string, unknown][] = [];
    for (const [key, entry] of map) {
      if (typeof key !== 'string') this.fail(path, `${showPath(path)} has a key that is not a plain name`);
      entries.push([key, entry]);
    }
    return entries;
  }

  string(value: unknown, path: Path): string {
    if (typeof value !== 'string') this.fail(path, `${showPath(path)} must be a string`);
    return value;
  }

  /** An item, checked and compiled once however often aliases repeat it. */
  item(source: string, path: Path, index: number): MutelistPattern {
    const known = this.items.get(source);
    if (known) return known;
    const where = [...path, index];
    if (source.length > MAX_ITEM_LENGTH) {
      this.fail(
        where,
        `${showPath(where)} is ${source.length} characters long, more than the ${MAX_ITEM_LENGTH} an item may have`,
        'split it into several items: one item of a list matching is enough',
      );
    }
    let item: Item;
    try {
      item = Item.from(source);
    } catch (error) {
      return this.fail(
        where,
        `${showPath(where)} ${JSON.stringify(source)} is not a valid regular expression (${(error as Error).message})`,
        'items are regular expressions, as in Prowler: escape special characters such as ( [ + ? with a backslash',
      );
    }
    if (item.text === null && ++this.regexCount > MAX_REGEX_ITEMS) {
      this.fail(
        where,
        `${showPath(where)}: more than ${MAX_REGEX_ITEMS} different regular expressions in all`,
        'plain names, ids and ARNs (and ^name$) have no such limit and cost nothing per item: list resources by name, or cover them with fewer patterns',
      );
    }
    this.items.set(source, item);
    return item;
  }

  patterns(value: unknown, path: Path): MutelistPattern[] {
    if (!Array.isArray(value)) {
      this.fail(path, `${showPath(path)} must be a list`, `write it as a YAML list, for instance ${String(path.at(-1))}: ["*"]`);
    }
    return value.map((entry: unknown, index) => {
      if (typeof entry !== 'string') this.fail([...path, index], `${showPath([...path, index])} must be a string`);
      if (++this.itemCount > MAX_ITEMS) this.fail([...path, index], `${showPath([...path, index])}: more than ${MAX_ITEMS} list items in all`, ALIAS_HINT);
      return this.item(entry, path, index);
    });
  }

  /** A list that may be left empty (`Tags:` with nothing after it). */
  optionalPatterns(value: unknown, path: Path): MutelistPattern[] {
    return value === '' ? [] : this.patterns(value, path);
  }

  exceptions(value: unknown, path: Path): MutelistExceptions | undefined {
    if (value === '') return undefined;
    const result: MutelistExceptions = { accounts: [], regions: [], resources: [], tags: [] };
    for (const [key, list] of this.entries(value, path)) {
      const field = EXCEPTION_FIELDS.get(key);
      if (!field) this.fail([...path, key], `${showPath([...path, key])} is not an exception field (Accounts, Regions, Resources or Tags)`, FORMAT_HINT, true);
      result[field] = this.optionalPatterns(list, [...path, key]);
    }
    return result;
  }

  /** A check key that applies to no check aliaudit has mutes nothing: say so, once per key, with the nearest id. */
  checkKnown(check: string, checkPattern: RegExp, path: Path): void {
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
      `mutelist ${this.file}${this.where(path, true)}: ${showPath(path)} ${what}, so it mutes nothing${near ? ` (did you mean ${near}?)` : ''}`,
    );
  }

  /** The warnings, the ones past MAX_WARNINGS as a count. */
  said(): string[] {
    if (this.unsaid === 0) return this.warnings;
    return [...this.warnings, `mutelist ${this.file}: ${this.unsaid} more check keys match no check aliaudit has`];
  }

  checkEntry(check: string, value: unknown, path: Path): MutelistCheckEntry {
    if (++this.entryCount > MAX_ENTRIES) this.fail(path, `${showPath(path)}: more than ${MAX_ENTRIES} check entries in all`, ALIAS_HINT, true);
    let checkPattern: RegExp;
    try {
      checkPattern = check === '*' ? /(?:)/ : new RegExp(regexSource(check));
    } catch (error) {
      this.fail(
        path,
        `${showPath(path)}: the check ${JSON.stringify(check)} is neither a check id nor a valid regular expression (${(error as Error).message})`,
        FORMAT_HINT,
        true,
      );
    }
    const fields = this.entries(value, path);
    this.checkKnown(check, checkPattern, path);
    const entry: Partial<MutelistCheckEntry> & { check: string; checkPattern: RegExp } = { check, checkPattern, tags: [] };
    for (const [key, field] of fields) {
      const fieldPath = [...path, key];
      switch (key) {
        case 'Regions':
          entry.regions = this.patterns(field, fieldPath);
          break;
        case 'Resources':
          entry.resources = this.patterns(field, fieldPath);
          break;
        case 'Tags':
          entry.tags = this.optionalPatterns(field, fieldPath);
          break;
        case 'Exceptions':
          entry.exceptions = this.exceptions(field, fieldPath);
          break;
        case 'Description':
          entry.description = this.string(field, fieldPath);
          break;
        default:
          this.fail(fieldPath, `${showPath(fieldPath)} is not a mutelist field (Regions, Resources, Tags, Exceptions or Description)`, FORMAT_HINT, true);
      }
    }
    if (!entry.regions || !entry.resources) {
      const missing = entry.regions ? 'Resources' : 'Regions';
      this.fail(path, `${showPath([...path, missing])} is missing: it must be a list (["*"] for all)`);
    }
    return entry as MutelistCheckEntry;
  }

  /** One field of a mapping that may hold only it (Mutelist: Accounts, an account: Checks). */
  only(value: unknown, path: Path, name: string): unknown {
    let found: unknown;
    let seen = false;
    for (const [key, field] of this.entries(value, path)) {
      if (key !== name) this.fail([...path, key], `${showPath([...path, key])} is not a mutelist field (only ${name})`, FORMAT_HINT, true);
      found = field;
      seen = true;
    }
    if (!seen) this.fail(path, `${showPath([...path, name])} is missing`);
    return found;
  }

  mutelist(root: unknown): MutelistAccountEntry[] {
    if (root === '') this.fail(undefined, 'the file is empty: it needs a Mutelist: key');
    const top = this.entries(root, []);
    const mutelist = top.find(([key]) => key === 'Mutelist');
    if (!mutelist) this.fail([], 'there is no Mutelist: key at the top');
    const accountsPath = ['Mutelist', 'Accounts'];
    const accounts = this.only(mutelist[1], ['Mutelist'], 'Accounts');
    return this.entries(accounts, accountsPath).map(([account, value]) => {
      const path = [...accountsPath, account];
      const checksPath = [...path, 'Checks'];
      const checks = this.only(value, path, 'Checks');
      return {
        account,
        checks: this.entries(checks, checksPath).map(([check, entry]) => this.checkEntry(check, entry, [...checksPath, check])),
      };
    });
  }
}

/**
 * The text's one document as js-yaml reads it under the failsafe schema ('' when there is none), and the parser's
 * events it was made from, which say where each value is.
 */
function readYaml(text: string, source: string): { root: unknown; events: Event[] } {
  try {
    const events = parseEvents(text, { maxDepth: MAX_DEPTH });
    let documents = 0;
    for (const event of events) if (event.type === EVENT_ID.DOCUMENT) documents++;
    if (documents > 1) {
      throw new InputError(`mutelist ${source} holds ${documents} YAML documents (--- starts each one): a mutelist is one`, FORMAT_HINT);
    }
    const [root = ''] = constructFromEvents(events, { schema: SCHEMA, source: text });
    return { root, events };
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof YAMLException) {
      const mark = error.mark;
      const where = mark ? ` (line ${mark.line + 1}, column ${mark.column + 1})` : '';
      throw new InputError(
        `mutelist ${source}${where}: YAML syntax error: ${error.reason}`,
        /alias/i.test(error.reason) ? 'a * at the start of a value starts an alias in YAML: write it in quotes, "*"' : FORMAT_HINT,
      );
    }
    // js-yaml may throw other errors on input it cannot handle (its documentation says to catch them all).
    throw new InputError(`mutelist ${source}: YAML could not be read (${(error as Error).message})`, FORMAT_HINT);
  }
}

/** Reads a mutelist from its YAML text; `source` names it in errors. */
export function parseMutelist(text: string, source: string, options: MutelistOptions = {}): Mutelist {
  const { root, events } = readYaml(text, source);
  const reader = new Reader(source, text, events, options);
  const accounts = reader.mutelist(root);
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

