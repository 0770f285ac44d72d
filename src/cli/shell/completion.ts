/**
 * Tab completion for the shell: commands, subcommands, options, values with fixed choices, and values the shell
 * knows (profiles, regions, role ARNs, RAM names). Sources answer from what they already hold and never wait, so
 * completion never blocks typing; what a background fetch brings in is there on the next Tab.
 */
import { type CommandNode, GLOBAL_OPTIONS, type OptionInfo } from './command-tree.js';
import { quoteWord, splitLine } from './words.js';

export type RamKind = 'users' | 'roles' | 'policies' | 'groups';

export interface CompletionSources {
  profiles(): readonly string[];
  regions(): readonly string[];
  roleArns(): readonly string[];
  modes(): readonly string[];
  checks(): readonly string[];
  ram(kind: RamKind): readonly string[];
  /** Resources the session's scans found failing, for `why`. */
  resources(): readonly string[];
}

export interface Candidate {
  value: string;
  describe?: string;
}

export interface Completion {
  /** The part of the line the chosen candidate replaces: [from, to). */
  from: number;
  to: number;
  /** The word as typed so far (unquoted). */
  typed: string;
  candidates: Candidate[];
}

/** Completes the word that ends at `cursor` (an empty word after a blank). */
export function complete(tree: readonly CommandNode[], line: string, cursor: number, sources: CompletionSources): Completion {
  const before = line.slice(0, cursor);
  const { words } = splitLine(before);
  const open = words.length > 0 && words[words.length - 1].end === before.length && !/\s$/.test(before);
  const current = open ? words[words.length - 1] : { text: '', start: cursor, end: cursor };
  const done = (open ? words.slice(0, -1) : words).map((word) => word.text);
  const candidates = candidatesFor(tree, done, current.text, sources);
  return {
    from: current.start,
    to: cursor,
    typed: current.text,
    candidates: candidates.filter((candidate) => candidate.value.startsWith(current.text)),
  };
}

/** What the line becomes with `value` in place of the word being completed (a blank after it, ready for the next). */
export function applyCompletion(line: string, completion: Completion, value: string, final = true): { line: string; cursor: number } {
  const text = quoteWord(value) + (final && !value.endsWith('=') && !value.endsWith('/') ? ' ' : '');
  const next = line.slice(0, completion.from) + text + line.slice(completion.to);
  return { line: next, cursor: completion.from + text.length };
}

/** The longest start all candidates share: what Tab can fill in when it cannot choose. */
export function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0];
  for (const value of values.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < value.length && prefix[i] === value[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

function candidatesFor(tree: readonly CommandNode[], words: readonly string[], typed: string, sources: CompletionSources): Candidate[] {
  const path: CommandNode[] = [];
  let level = tree;
  let positional = 0;
  let pendingOption: OptionInfo | undefined;
  for (const word of words) {
    if (pendingOption) {
      pendingOption = undefined;
      continue;
    }
    if (word.startsWith('-')) {
      const option = optionNamed(path, word);
      if (option && !option.boolean && !word.includes('=')) pendingOption = option;
      continue;
    }
    const sub = level.find((node) => node.name === word);
    if (sub && positional === 0) {
      path.push(sub);
      level = sub.subcommands;
    } else {
      positional++;
    }
  }
  const node = path[path.length - 1];
  if (pendingOption) return valuesOf(pendingOption.name, pendingOption, path, sources);
  if (typed.startsWith('-')) {
    const inline = /^(--[^=]+)=(.*)$/.exec(typed);
    if (inline) {
      const option = optionNamed(path, inline[1]);
      return option ? valuesOf(option.name, option, path, sources).map((c) => ({ ...c, value: `${inline[1]}=${c.value}` })) : [];
    }
    const options = [...(node?.options ?? []), ...GLOBAL_OPTIONS];
    const seen = new Set<string>();
    return options
      .filter((option) => !seen.has(option.name) && seen.add(option.name))
      .map((option) => ({ value: `--${option.name}`, describe: option.describe }));
  }
  if (level.length > 0 && positional === 0 && (!node || node.positionals.length === 0 || node.subcommands.length > 0)) {
    return level.map((sub) => ({ value: sub.name, describe: sub.describe }));
  }
  const name = node?.positionals[positional];
  if (name === 'topic') return tree.map((sub) => ({ value: sub.name, describe: sub.describe }));
  return name ? valuesOf(name, undefined, path, sources) : [];
}

function optionNamed(path: readonly CommandNode[], word: string): OptionInfo | undefined {
  const name = word.replace(/^--?/, '').replace(/=.*$/s, '');
  const options = [...path.flatMap((node) => node.options), ...GLOBAL_OPTIONS];
  return options.find((option) => option.name === name || option.aliases.includes(name));
}

/** Values for an option or a positional, by its name and where it stands. */
function valuesOf(name: string, option: OptionInfo | undefined, path: readonly CommandNode[], sources: CompletionSources): Candidate[] {
  if (option?.choices) return option.choices.map((value) => ({ value }));
  const plain = (values: readonly string[]) => values.map((value) => ({ value }));
  const group = path[1]?.name;
  switch (name) {
    case 'profile':
    case 'source-profile':
      return plain(sources.profiles());
    case 'region':
    case 'regions':
    case 'sts-region':
    case 'id':
      return plain(sources.regions());
    case 'role-arn':
    case 'ram-role-arn':
      return plain(sources.roleArns());
    case 'mode':
      return plain(sources.modes());
    case 'checks':
    case 'check':
    case 'excluded-checks':
      return plain(sources.checks());
    case 'user':
    case 'user-name':
      return plain(sources.ram('users'));
    case 'role':
    case 'role-name':
      return plain(sources.ram('roles'));
    case 'policy':
    case 'policy-name':
      return plain(sources.ram('policies'));
    case 'group':
    case 'group-name':
      return plain(sources.ram('groups'));
    case 'resource':
      return plain(sources.resources());
    case 'command':
      return [];
    case 'name':
      if (path[0]?.name !== 'ram') return [];
      return group === 'user' ? plain(sources.ram('users')) : group === 'role' ? plain(sources.ram('roles')) : group === 'policy' ? plain(sources.ram('policies')) : group === 'group' ? plain(sources.ram('groups')) : [];
    default:
      return [];
  }
}
