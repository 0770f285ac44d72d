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
 */
import { readFile, stat } from 'node:fs/promises';
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type YAMLMap,
} from 'yaml';
import { InputError } from '../core/errors.js';
import type { Finding } from './model.js';

/** One item of a list: what was written and the regular expression it stands for. */
export interface MutelistPattern {
  source: string;
  regex: RegExp;
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
}

/** Mutelists are a few hundred lines; anything far bigger is the wrong file. */
const MAX_BYTES = 16 * 1024 * 1024;

const FORMAT_HINT =
  'a mutelist reads Mutelist: Accounts: <account or "*">: Checks: <check or "*">: with Regions and Resources lists ' +
  '(and optional Tags, Exceptions, Description), as in Prowler';

/** Prowler's reading of a pattern: a leading `*` is `.*`; the rest is a regular expression. */
function compile(source: string): RegExp {
  return new RegExp(source.startsWith('*') ? `.*${source.slice(1)}` : source);
}

/** More list items than this (aliases can repeat a list many times over) is not a mutelist but a trap. */
const MAX_PATTERNS = 100_000;

class Reader {
  private patternCount = 0;

  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  fail(node: YamlNode | null | undefined, message: string, hint: string = FORMAT_HINT): never {
    const offset = node?.range?.[0];
    const where = offset === undefined ? '' : ` (line ${this.lines.linePos(offset).line}, column ${this.lines.linePos(offset).col})`;
    throw new InputError(`mutelist ${this.file}${where}: ${message}`, hint);
  }

  /** The node itself, or the one an alias points to. */
  resolve(node: unknown): YamlNode | null {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) this.fail(node, `alias *${node.source} points to no anchor`, 'a lone * must be quoted in YAML: write "*"');
      return target as YamlNode;
    }
    return (node as YamlNode | null) ?? null;
  }

  map(node: unknown, path: string): YAMLMap {
    const value = this.resolve(node);
    if (!isMap(value)) this.fail(value, `${path} must be a mapping of keys to values`);
    return value;
  }

  /** The entries of a mapping, with each key as the text written (an account uid stays digits, never a number). */
  entries(map: YAMLMap, path: string): [string, YamlNode | null, YamlNode][] {
    return map.items.map((pair) => {
      const key = this.resolve(pair.key);
      if (!isScalar(key)) this.fail(key ?? map, `${path} has a key that is not a plain name`);
      return [String(key.value), this.resolve(pair.value), key];
    });
  }

  string(node: YamlNode | null, path: string): string {
    if (!isScalar(node)) this.fail(node, `${path} must be a string`);
    return String(node.value);
  }

  patterns(node: YamlNode | null, path: string): MutelistPattern[] {
    if (!isSeq(node)) {
      const field = path.slice(path.lastIndexOf('.') + 1);
      this.fail(node, `${path} must be a list`, `write it as a YAML list, for instance ${field}: ["*"]`);
    }
    return node.items.map((item, index) => {
      const value = this.resolve(item);
      const itemPath = `${path}[${index}]`;
      if (!isScalar(value)) this.fail(value ?? node, `${itemPath} must be a string`);
      const source = String(value.value);
      if (++this.patternCount > MAX_PATTERNS) this.fail(value, `has more than ${MAX_PATTERNS} list items in all`);
      try {
        return { source, regex: compile(source) };
      } catch (error) {
        return this.fail(
          value,
          `${itemPath} ${JSON.stringify(source)} is not a valid regular expression (${(error as Error).message})`,
          'items are regular expressions, as in Prowler: escape special characters such as ( [ + ? with a backslash',
        );
      }
    });
  }

  /** A list that may be left empty (`Tags:` with nothing after it). */
  optionalPatterns(node: YamlNode | null, path: string): MutelistPattern[] {
    if (node === null || (isScalar(node) && node.value === '')) return [];
    return this.patterns(node, path);
  }

  exceptions(node: YamlNode | null, path: string): MutelistExceptions | undefined {
    if (node === null || (isScalar(node) && node.value === '')) return undefined;
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

  checkEntry(check: string, node: YamlNode | null, keyNode: YamlNode, path: string): MutelistCheckEntry {
    const map = this.map(node ?? keyNode, path);
    let checkPattern: RegExp;
    try {
      checkPattern = check === '*' ? /(?:)/ : compile(check);
    } catch (error) {
      this.fail(
        keyNode,
        `${path}: the check ${JSON.stringify(check)} is neither a check id nor a valid regular expression (${(error as Error).message})`,
      );
    }
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
    const root = this.resolve(this.doc.contents);
    if (root === null || (isScalar(root) && root.value === '')) this.fail(null, 'the file is empty: it needs a Mutelist: key');
    const top = this.map(root, 'the document');
    const mutelistNode = this.entries(top, 'the document').find(([key]) => key === 'Mutelist');
    if (!mutelistNode) this.fail(top, 'there is no Mutelist: key at the top');
    const mutelist = this.map(mutelistNode[1] ?? mutelistNode[2], 'Mutelist');
    let accountsNode: YamlNode | null | undefined;
    for (const [key, value, keyNode] of this.entries(mutelist, 'Mutelist')) {
      if (key !== 'Accounts') this.fail(keyNode, `Mutelist.${key} is not a mutelist field (only Accounts)`);
      accountsNode = value ?? keyNode;
    }
    if (accountsNode === undefined) this.fail(mutelist, 'Mutelist.Accounts is missing');
    const accounts = this.map(accountsNode, 'Mutelist.Accounts');
    return this.entries(accounts, 'Mutelist.Accounts').map(([account, value, keyNode]) => {
      const path = `Mutelist.Accounts.${account}`;
      const accountMap = this.map(value ?? keyNode, path);
      let checksNode: YamlNode | null | undefined;
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

/** Reads a mutelist from its YAML text; `source` names it in errors. */
export function parseMutelist(text: string, source: string): Mutelist {
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false, lineCounter: lines });
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
  return { source, accounts: new Reader(source, doc, lines).mutelist() };
}

/** Reads a mutelist file. Bad input throws InputError naming the file and where in it; nothing is ever written. */
export async function loadMutelist(path: string): Promise<Mutelist> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`mutelist ${path} is a directory, not a YAML file`, 'give the path of the mutelist file');
    if (info.size > MAX_BYTES) {
      throw new InputError(`mutelist ${path} is ${info.size} bytes: too big for a mutelist`, 'check that this is the right file');
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError(`mutelist ${path} does not exist`, 'check the path given to --mutelist-file');
    }
    if (code === 'EACCES' || code === 'EPERM') throw new InputError(`mutelist ${path} cannot be read: permission denied`);
    throw error;
  }
  return parseMutelist(text, path);
}

/** The id part of an ARN `acs:<service>:<region>:<account>:<type>/<id>`. */
function resourceId(uid: string): string {
  const tail = uid.slice(uid.lastIndexOf(':') + 1);
  const slash = tail.indexOf('/');
  return slash >= 0 ? tail.slice(slash + 1) : tail;
}

interface Subject {
  account: string;
  check: string;
  region: string;
  resourceName: string;
  resourceId: string;
  resourceUid: string;
  tags: string;
}

/** Prowler's is_item_matched: any item found in the value (for tags: every item). An empty list matches nothing. */
function matched(patterns: readonly MutelistPattern[], value: string, every = false): boolean {
  if (patterns.length === 0) return false;
  return every ? patterns.every((p) => p.regex.test(value)) : patterns.some((p) => p.regex.test(value));
}

function resourceMatched(patterns: readonly MutelistPattern[], subject: Subject): boolean {
  return patterns.some((p) =>
    p.source.startsWith('acs:')
      ? p.regex.test(subject.resourceUid)
      : p.regex.test(subject.resourceName) || p.regex.test(subject.resourceId),
  );
}

const ANY_TAGS: MutelistPattern[] = [{ source: '*', regex: /.*/ }];

/** Prowler's is_excepted. */
function excepted(exceptions: MutelistExceptions | undefined, subject: Subject): boolean {
  if (!exceptions) return false;
  const account = matched(exceptions.accounts, subject.account);
  const region = matched(exceptions.regions, subject.region);
  const resource = resourceMatched(exceptions.resources, subject);
  const tags = matched(exceptions.tags, subject.tags, true);
  if (!account && !region && !resource && !tags) return false;
  return (
    (account || exceptions.accounts.length === 0) &&
    (region || exceptions.regions.length === 0) &&
    (resource || exceptions.resources.length === 0) &&
    (tags || exceptions.tags.length === 0)
  );
}

/** Prowler's is_muted_in_check. */
function mutedInChecks(entries: readonly MutelistCheckEntry[], subject: Subject): boolean {
  let muted = false;
  for (const entry of entries) {
    const checkMatch = entry.check === '*' || entry.check === subject.check || entry.checkPattern.test(subject.check);
    if (checkMatch && excepted(entry.exceptions, subject)) break;
    if (
      checkMatch &&
      matched(entry.regions, subject.region) &&
      resourceMatched(entry.resources, subject) &&
      matched(entry.tags.length > 0 ? entry.tags : ANY_TAGS, subject.tags, true)
    ) {
      muted = true;
    }
  }
  return muted;
}

/** Tags as Prowler matches them: `key=value | key2=value2`. */
function tagsText(tags: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(tags ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(' | ');
}

/** Whether the mutelist mutes this finding. */
export function isMuted(mutelist: Mutelist, finding: Finding): boolean {
  const subject: Subject = {
    account: finding.accountUid,
    check: finding.checkId,
    region: finding.region,
    resourceName: finding.resource.name,
    resourceId: resourceId(finding.resource.uid),
    resourceUid: finding.resource.uid,
    tags: tagsText(finding.resource.tags),
  };
  return mutelist.accounts.some(
    (entry) => (entry.account === subject.account || entry.account === '*') && mutedInChecks(entry.checks, subject),
  );
}
