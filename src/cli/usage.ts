/**
 * yargs' usage errors in the words of the command they are about: a missing positional is named and shown in its
 * place, an unknown command or flag gets the nearest ones that exist (those that can run here first), and a flag
 * is listed once (yargs also lists its camelCase twin). One rule for every command, read from the command modules.
 */
import { UsageError } from '../core/errors.js';
import { ranked } from '../core/similar.js';
import { quoted, visible } from '../core/visible.js';
import { quoteWord } from './shell/words.js';
import type { Command } from './command.js';
import { type CommandNode, commandTree, GLOBAL_OPTIONS, type OptionInfo, type PositionalInfo } from './shell/command-tree.js';

/** Whether a command can run here and now: `why` needs a scan in the shell first. */
export type Usable = (name: string) => boolean;

/** The commands that only have something to work on after a scan in the shell. */
export const AFTER_A_SCAN: readonly string[] = ['findings', 'why', 'rescan'];

const trees = new WeakMap<readonly Command<any>[], CommandNode[]>();
/** Built on the first usage error only: a command line that parses never pays for it. */
function commandsTree(commands: readonly Command<any>[]): CommandNode[] {
  let tree = trees.get(commands);
  if (!tree) trees.set(commands, (tree = [...commandTree(commands), { name: 'completion', describe: '', positionals: [], options: [], subcommands: [] }]));
  return tree;
}

interface Flag {
  /** As typed, without dashes or value: `user-name`. */
  name: string;
  typed: string;
  value?: string;
}

/** A line as the commands see it: the command path it names, the words after it, and its flags. */
interface Walked {
  /** The top-level commands. */
  top: CommandNode[];
  path: CommandNode[];
  words: string[];
  flags: Flag[];
}

function walk(line: readonly string[], commands: readonly Command<any>[]): Walked {
  const path: CommandNode[] = [];
  const top = commandsTree(commands);
  let level = top;
  const words: string[] = [];
  const flags: Flag[] = [];
  for (let i = 0; i < line.length; i++) {
    const token = line[i];
    if (token === '--') break;
    if (token.startsWith('-') && token !== '-' && !/^-\d/.test(token)) {
      const [typed, inline] = token.split(/=(.*)/s, 2);
      const name = typed.replace(/^--?/, '');
      const option = optionOf(path, name);
      const next = line[i + 1];
      // As yargs reads it: an option that is not a switch takes the next word as its value, known or not.
      const takesNext = inline === undefined && !(option?.boolean ?? false) && next !== undefined && !next.startsWith('-');
      flags.push({ name, typed, value: inline ?? (takesNext ? next : undefined) });
      if (takesNext) i++;
      continue;
    }
    const sub = words.length === 0 ? level.find((node) => node.name === token) : undefined;
    if (sub) {
      path.push(sub);
      level = sub.subcommands;
    } else {
      words.push(token);
    }
  }
  return { top, path, words, flags };
}

function optionOf(path: readonly CommandNode[], name: string): OptionInfo | undefined {
  const bare = name.replace(/^no-/, '');
  return [...path.flatMap((node) => node.options), ...GLOBAL_OPTIONS].find((option) => [option.name, ...option.aliases].some((known) => known === name || known === bare));
}

/** The command a line names, as far as it names one (`ram user` for `ram usr list`): for `aliaudit <path> --help`. */
export function commandPathOf(line: readonly string[], commands: readonly Command<any>[]): string[] {
  return walk(line, commands).path.map((node) => node.name);
}

/** yargs' message for `line`, as the error aliaudit prints. */
export function explainUsage(message: string, line: readonly string[], commands: readonly Command<any>[], usable: Usable = () => true): UsageError {
  const walked = walk(line, commands);
  const node = walked.path[walked.path.length - 1];
  const group = !node || node.subcommands.length > 0;
  // Where a command was expected, any word that is not one is the error, whatever yargs stumbled on first.
  if (group && walked.words.length > 0) return unknownCommand(walked, usable);
  const missing = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(message);
  if (node && group && (missing || /^Name an? /.test(message))) {
    const at = pathText(walked.path);
    return new UsageError(`${at} needs a command: ${listed(node.subcommands.map((sub) => sub.name))}`, `e.g. aliaudit ${at} ${node.subcommands[0].name} --help`);
  }
  if (missing) return missingPositional(walked, Number(missing[1])) ?? new UsageError(message);
  const unknown = /^Unknown arguments?: (.+)$/s.exec(message);
  if (unknown) return unknownArguments(walked, unknown[1].split(', '));
  return new UsageError(message);
}

const pathText = (path: readonly CommandNode[]) => path.map((node) => node.name).join(' ');

/** `the user name` from "User name: 1-64 letters …"; undefined when it says nothing short. */
function labelOf(positional: PositionalInfo): string | undefined {
  const said = positional.describe.split(/[:(]/)[0].trim();
  if (!said || said.length > 40) return undefined;
  const label = `${said[0].toLowerCase()}${said.slice(1)}`;
  return /^(a|an|the) /.test(label) ? label : `the ${label}`;
}

function listed(names: readonly string[], joiner = 'or'): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} ${joiner} ${names[names.length - 1]}` : (names[0] ?? '');
}

/** `ram user create` with no name: which positional is missing, that it is positional, and the line with it. */
function missingPositional({ path, words, flags }: Walked, got: number): UsageError | undefined {
  const node = path[path.length - 1];
  if (!node) return undefined;
  const at = pathText(path);
  const required = (node.arguments ?? []).filter((positional) => positional.required);
  const wanted = required.slice(got);
  if (wanted.length === 0) return undefined;
  const labels = wanted.map(labelOf);
  const placeholders = wanted.map((positional) => `<${positional.name}>`).join(' ');
  const what = labels.every((label) => label !== undefined) ? `${listed(labels as string[], 'and')}, ` : '';
  const error = `${at} needs ${what}${placeholders}`;
  const positional = wanted.length > 1 ? `${placeholders} are positional` : `${placeholders} is positional`;
  const given = words.slice(0, got).map(quoteWord);
  // `--user-name dave` for <name>: the value was there, under a flag the command does not have.
  const [first] = wanted;
  const firstLabel = labels[0]?.replace(/^(the|a|an) /, '').replace(/ /g, '-');
  const asFlag = flags.find(
    (flag) => flag.value !== undefined && !optionOf(path, flag.name) && (flag.name === first.name || flag.name.endsWith(`-${first.name}`) || flag.name === firstLabel),
  );
  if (asFlag) {
    const line = [at, ...given, quoteWord(asFlag.value!), ...wanted.slice(1).map((p) => `<${p.name}>`)].join(' ');
    return new UsageError(error, `${positional}, not ${asFlag.typed}: aliaudit ${line}`);
  }
  return new UsageError(error, `${positional}: aliaudit ${[at, ...given, placeholders].join(' ')}`);
}

/** A word where a command was expected: the nearest commands there, those that can run here first. */
function unknownCommand({ top, path, words }: Walked, usable: Usable): UsageError {
  const node = path[path.length - 1];
  const level = node ? node.subcommands : top;
  const word = words[0] ?? '';
  const at = pathText(path);
  const near = ranked(
    word,
    level.map((sub) => sub.name),
    (name) => usable(node ? `${at} ${name}` : name),
  ).slice(0, 3);
  const where = at ? `${at} has no command ${quoted(word)}` : `there is no command ${quoted(word)}`;
  const prefix = at ? `${at} ` : '';
  return new UsageError(where, near.length > 0 ? `did you mean ${listed(near.map((name) => `${prefix}${name}`))}?` : undefined);
}

/** Unknown words and flags, each once, flags as typed (`--bogus-flag`, not also `bogusFlag`). */
function unknownArguments(walked: Walked, names: readonly string[]): UsageError {
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const flags: Flag[] = [];
  const words: string[] = [];
  for (const name of new Set(names)) {
    const flag = walked.flags.find((given) => given.name === name || given.name === kebab(name) || given.name === `no-${name}`);
    if (flag) {
      if (!flags.includes(flag)) flags.push(flag);
    } else if (!names.includes(kebab(name)) || kebab(name) === name) {
      words.push(name);
    }
  }
  const parts = [
    ...(words.length > 0 ? [`Unknown argument${words.length > 1 ? 's' : ''}: ${words.map((word) => visible(word)).join(', ')}`] : []),
    ...(flags.length > 0 ? [`${words.length > 0 ? 'unknown' : 'Unknown'} option${flags.length > 1 ? 's' : ''}: ${flags.map((flag) => visible(flag.typed)).join(', ')}`] : []),
  ];
  const [flag] = flags;
  const options = [...walked.path.flatMap((node) => node.options), ...GLOBAL_OPTIONS].map((option) => option.name);
  const near = flag ? ranked(flag.name, options).slice(0, 3) : [];
  const hint = near.length > 0 ? `did you mean ${listed(near.map((name) => `--${name}`))}?` : undefined;
  return new UsageError(parts.join('; '), hint);
}
