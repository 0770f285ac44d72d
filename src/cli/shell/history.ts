/**
 * The shell's history: every line run, newest last, kept per user with `conf` (in aliaudit's config folder, 0600),
 * secrets taken out before a line is kept: a secret flag's literal value is dropped (recalled, the command asks for
 * it hidden), `@file` and `-` stay, and secrets inside other values (a process command's `--client-secret x`) are
 * masked.
 */
import { renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Env } from '../../core/env.js';
import { isSecretName, maskCommand } from '../../core/mask.js';
import { SECRET_FLAGS } from '../flags.js';
import { quoteWord, splitLine } from './words.js';

const MAX_ENTRIES = 1000;

/** Where history lives, persisted or not: the shell sees only this. */
export interface HistoryStore {
  load(): string[];
  save(entries: readonly string[]): void;
}

export class History {
  private entries: string[];

  constructor(private readonly store: HistoryStore) {
    this.entries = store.load().filter((entry) => typeof entry === 'string').slice(-MAX_ENTRIES);
  }

  get all(): readonly string[] {
    return this.entries;
  }

  /** Keeps a line (redacted), unless it is blank or the same as the one before. */
  add(line: string): void {
    const entry = redactLine(line.trim());
    if (entry === '' || entry === this.entries[this.entries.length - 1]) return;
    this.entries = [...this.entries, entry].slice(-MAX_ENTRIES);
    this.store.save(this.entries);
  }

  /** The newest entry before index `before` (exclusive) that contains `query`, for Ctrl-R. */
  search(query: string, before = this.entries.length): { index: number; entry: string } | undefined {
    for (let i = Math.min(before, this.entries.length) - 1; i >= 0; i--) {
      if (this.entries[i].includes(query)) return { index: i, entry: this.entries[i] };
    }
    return undefined;
  }
}

/** A line fit to be stored: no secret in clear (see the module comment). */
export function redactLine(line: string): string {
  const { words, unclosed } = splitLine(line);
  // A line that does not split cleanly is kept only as far as it can be masked.
  if (unclosed) return maskCommand(line);
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const text = words[i].text;
    const flag = /^(--?[\w-]+)(?:=(.*))?$/s.exec(text);
    const inline = flag?.[2];
    // A secret flag's value is the next word; any other flag named like a secret (`--db-password=x`) counts inline.
    const secretFlag = flag && SECRET_FLAGS.includes(flag[1].replace(/^--?/, ''));
    if (flag && (secretFlag || (inline !== undefined && isSecretName(flag[1])))) {
      const next = words[i + 1]?.text;
      const value = inline ?? (next !== undefined && (!next.startsWith('-') || next === '-') ? next : undefined);
      if (inline === undefined && value !== undefined) i++;
      kept.push(value !== undefined && (value.startsWith('@') || value === '-') ? `${flag[1]} ${quoteWord(value)}` : flag[1]);
      continue;
    }
    kept.push(quoteWord(maskCommand(text)));
  }
  return kept.join(' ');
}

/** A persisted history: where it lives, and what to tell the user once about it (a corrupt file replaced). */
export interface PersistedHistory extends HistoryStore {
  path: string;
  notice?: string;
}

/**
 * History kept by `conf` in `<XDG_CONFIG_HOME or ~/.config>/aliaudit/history.json`; conf loads on first use. A file
 * that is not a history (not JSON, or no list of lines) is moved aside to `history.json.corrupt` and a new one
 * started, said once in `notice`: otherwise every session would go without history, and say nothing.
 */
export async function confHistoryStore(env: Env, homedir: string): Promise<PersistedHistory> {
  const { default: Conf } = await import('conf');
  const cwd = join(env.XDG_CONFIG_HOME || join(homedir, '.config'), 'aliaudit');
  const open = () => new Conf<{ lines: unknown }>({ projectName: 'aliaudit', cwd, configName: 'history', configFileMode: 0o600, defaults: { lines: [] } });
  const path = join(cwd, 'history.json');
  let conf: ReturnType<typeof open>;
  let problem: string | undefined;
  try {
    conf = open();
    const lines = conf.get('lines');
    if (!Array.isArray(lines) || !lines.every((line) => typeof line === 'string')) problem = 'holds no list of lines';
  } catch (error) {
    // Only a file that is there but unreadable as JSON is replaced; one that cannot be read at all is not ours to move.
    if (!(error instanceof SyntaxError)) throw error;
    // Not the parser's message: it quotes the file.
    problem = 'is not valid JSON';
  }
  if (problem) {
    const kept = `${path}.corrupt`;
    renameSync(path, kept);
    conf = open();
    return { ...storeOf(conf, path), notice: `the shell's history ${path} ${problem}: it was moved to ${basename(kept)} beside it, and a new one started` };
  }
  return storeOf(conf!, path);
}

function storeOf(conf: { get(key: 'lines'): unknown; set(key: 'lines', value: string[]): void }, path: string): PersistedHistory {
  return {
    path,
    load: () => {
      const lines = conf.get('lines');
      return Array.isArray(lines) ? lines.filter((line): line is string => typeof line === 'string') : [];
    },
    save: (entries) => conf.set('lines', [...entries]),
  };
}

export const memoryHistoryStore = (lines: string[] = []): HistoryStore => ({ load: () => lines, save: (entries) => void (lines = [...entries]) });
