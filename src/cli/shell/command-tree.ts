/**
 * The commands as a tree of names, options and positionals, read from the same command modules the parser uses, so
 * completion and help in the shell can never disagree with the command line. Each builder is run once against a
 * recorder that notes what it declares.
 */
import type { Command } from '../command.js';

export interface OptionInfo {
  name: string;
  aliases: string[];
  describe: string;
  /** Fixed values the option takes, if any. */
  choices?: readonly string[];
  /** True for a switch, which takes no value. */
  boolean: boolean;
}

/** A positional as the command declares it: `<name>` is required, `[name]` and `[name..]` are not. */
export interface PositionalInfo {
  name: string;
  required: boolean;
  describe: string;
}

export interface CommandNode {
  name: string;
  describe: string;
  /** Positionals in order, without brackets (`create <name>` → ['name']). */
  positionals: string[];
  /** The same positionals with whether each is required and what it is (the builder's `positional()`). */
  arguments?: PositionalInfo[];
  options: OptionInfo[];
  subcommands: CommandNode[];
}

/** The options of every command line (kept in step with buildParser). */
export const GLOBAL_OPTIONS: readonly OptionInfo[] = [
  { name: 'profile', aliases: ['p'], describe: 'Profile from the aliyun CLI config to use', boolean: false },
  { name: 'region', aliases: [], describe: "Region id to use instead of the profile's", boolean: false },
  { name: 'endpoint', aliases: [], describe: 'Send every API call to this endpoint', boolean: false },
  { name: 'config-path', aliases: [], describe: 'Path of the aliyun CLI config.json', boolean: false },
  { name: 'color', aliases: [], describe: 'Colour output', boolean: true },
  { name: 'help', aliases: ['h'], describe: 'Show help', boolean: true },
];

export function commandTree(commands: readonly Command<any>[]): CommandNode[] {
  return commands.map(nodeOf);
}

function nodeOf(command: Command<any>): CommandNode {
  const [name, ...rest] = String(command.command ?? '').split(/\s+/);
  const declared = rest.map((word) => ({ name: word.replace(/^[<[]|\.*[>\]]$/g, '').replace(/\.\.$/, ''), required: word.startsWith('<'), describe: '' }));
  const node: CommandNode = {
    name,
    describe: typeof command.describe === 'string' ? command.describe : '',
    positionals: declared.map((positional) => positional.name).filter((word) => word !== 'command'),
    arguments: declared,
    options: [],
    subcommands: [],
  };
  if (typeof command.builder === 'function') command.builder(recorder(node) as never);
  else if (command.builder && typeof command.builder === 'object') {
    for (const [key, spec] of Object.entries(command.builder)) node.options.push(optionOf(key, spec as OptionSpec));
  }
  return node;
}

interface OptionSpec {
  alias?: string | string[];
  describe?: string;
  description?: string;
  choices?: readonly unknown[];
  type?: string;
}

function optionOf(name: string, spec: OptionSpec = {}): OptionInfo {
  const aliases = spec.alias === undefined ? [] : Array.isArray(spec.alias) ? spec.alias : [spec.alias];
  return {
    name,
    aliases,
    describe: spec.describe ?? spec.description ?? '',
    ...(spec.choices ? { choices: spec.choices.map(String) } : {}),
    boolean: spec.type === 'boolean',
  };
}

/** Stands in for yargs while a builder runs: notes options and subcommands, and answers every other call with itself. */
function recorder(node: CommandNode): unknown {
  const proxy: unknown = new Proxy(
    {},
    {
      get: (_target, property) => {
        if (property === 'option' || property === 'options') {
          return (name: string | Record<string, OptionSpec>, spec?: OptionSpec) => {
            if (typeof name === 'string') node.options.push(optionOf(name, spec));
            else for (const [key, value] of Object.entries(name)) node.options.push(optionOf(key, value));
            return proxy;
          };
        }
        if (property === 'positional') {
          return (name: string, spec?: OptionSpec) => {
            const positional = node.arguments?.find((known) => known.name === name);
            if (positional) positional.describe = spec?.describe ?? spec?.description ?? '';
            return proxy;
          };
        }
        if (property === 'command') {
          return (sub: Command<any>) => {
            if (sub && typeof sub === 'object') node.subcommands.push(nodeOf(sub));
            return proxy;
          };
        }
        if (property === 'then') return undefined;
        return () => proxy;
      },
    },
  );
  return proxy;
}

/** The command a line's words name (as deep as they go), and how many words that took. */
export function findCommand(tree: readonly CommandNode[], words: readonly string[]): { path: CommandNode[]; used: number } {
  const path: CommandNode[] = [];
  let level = tree;
  let used = 0;
  for (const word of words) {
    if (word.startsWith('-')) break;
    const next = level.find((node) => node.name === word);
    if (!next) break;
    path.push(next);
    level = next.subcommands;
    used++;
  }
  return { path, used };
}
