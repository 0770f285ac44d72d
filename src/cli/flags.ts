import { InputError, UsageError } from '../core/errors.js';
import { quoted } from '../core/visible.js';

/** Flags whose value is a secret: they also take `@file`, `-` (stdin), or nothing at all (a hidden prompt). */
export const SECRET_FLAGS: readonly string[] = ['access-key-secret', 'sts-token', 'oidc-token'];

/** What yargs knows of the options of the command being run (its getOptions()). */
export interface DeclaredOptions {
  array: string[];
  boolean: string[];
  number: string[];
  string: string[];
  alias: Record<string, string[]>;
  /** Every option, whatever its type (choices-only options are in no list above). */
  key: Record<string, unknown>;
}

/** A flag as typed: its name and the text that followed it, if any (`--name=value` or `--name value`). */
interface Given {
  name: string;
  value?: string;
}

/*
 * Checked on the line as typed, before yargs turns it into values: by then a repeated flag is an array that some
 * commands would join or print as blank lines, an empty value is indistinguishable from "fall back to the default",
 * and "abc" given to a number flag is NaN.
 */
export function checkFlags(line: readonly string[], declared: DeclaredOptions): void {
  const keyOf = keysByFlag(declared);
  const seen = new Map<string, Given[]>();
  for (const given of givenFlags(line)) {
    const key = keyOf.get(given.name);
    if (!key) continue; // unknown flags are yargs' to report
    seen.set(key, [...(seen.get(key) ?? []), given]);
  }
  for (const [key, uses] of seen) {
    const name = `--${key}`;
    const is = (list: string[]) => list.some((k) => keyOf.get(k) === key);
    if (uses.length > 1 && !is(declared.array)) throw new UsageError(`${name} is given more than once`, `give ${name} once`);
    if (is(declared.boolean)) continue;
    for (const { value } of uses) {
      if (value === undefined) {
        if (!SECRET_FLAGS.includes(key)) throw new UsageError(`${name} needs a value`, `e.g. ${name} <value>`);
      } else if (value.trim() === '') {
        throw new InputError(`${name} is empty`, emptyHint(key, name));
      } else if (is(declared.number) && !Number.isFinite(Number(value))) {
        throw new InputError(`${name}: ${quoted(String(value))} is not a number`, `give ${name} a number, e.g. ${name} 3600`);
      }
    }
  }
}

function emptyHint(key: string, name: string): string {
  if (SECRET_FLAGS.includes(key)) return `give the secret, @file to read it from a file, - to read it from stdin, or nothing to be asked for it`;
  return `give ${name} a value, or leave it out`;
}

/** Each flag name (aliases included) to its option's name as the user knows it: the long, dashed one. */
function keysByFlag(declared: DeclaredOptions): Map<string, string> {
  const keys = new Map<string, string>();
  const aliases = new Set(Object.values(declared.alias).flat());
  for (const key of Object.keys(declared.key)) {
    if (aliases.has(key)) continue;
    const names = [key, ...(declared.alias[key] ?? [])];
    // yargs also takes --configPath for --config-path.
    for (const name of [...names]) if (name.includes('-')) names.push(name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()));
    for (const name of names) keys.set(name, key);
  }
  // --no-color and the like name the boolean they negate.
  for (const key of declared.boolean) keys.set(`no-${key}`, keys.get(key) ?? key);
  return keys;
}

/** Every flag on the line before `--` (what follows belongs to the command exec runs). */
function* givenFlags(line: readonly string[]): Generator<Given> {
  for (let i = 0; i < line.length; i++) {
    const token = line[i];
    if (token === '--') return;
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(token);
    if (!match || /^-\d/.test(token)) continue;
    const [, name, inline] = match;
    if (inline !== undefined) {
      yield { name, value: inline };
      continue;
    }
    const next = line[i + 1];
    const takesNext = next !== undefined && next !== '--' && (!next.startsWith('-') || next === '-' || /^-\d/.test(next));
    yield { name, value: takesNext ? next : undefined };
  }
}
