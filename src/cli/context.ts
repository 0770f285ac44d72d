import type { Command } from './command.js';
import { EventEmitter, setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';
import type { Env, Runtime } from '../core/env.js';
import { unlessAborted } from '../core/abort.js';
import type { CallObserver, RetryEvent } from '../cloud/retry.js';
import { type CallOptions, CloudClients } from '../cloud/clients.js';
import { environmentNotice, openSession, type SessionCache } from '../credentials/session.js';
import type { Selection, Session } from '../credentials/types.js';
import type { ScanMemory } from '../scan/memory.js';
import type { WatchScan } from '../scan/model.js';
import { ProfileStore } from '../../profiles/store.js';
import { configPath } from '../../profiles/path.js';
import { warn } from './output.js';
import { type Prompter, terminalPrompter } from './prompter.js';

export type { Env, Selection };

export interface OutputStream {
  write(chunk: string): unknown;
}

/** Where a command reads and writes, and what kind of terminal it is talking to. */
export interface IO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: Readable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  /** Colour allowed on stderr/stdout (false with NO_COLOR, --no-color, TERM=dumb or no TTY). */
  color: boolean;
  columns: number;
  /** The streams are this process's own descriptors, so a child (exec) can share the terminal directly. */
  inheritable: boolean;
}

export type TrappedSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** The process's signals, as the launcher hands them out; in-process runs (tests, the shell) give their own. */
export interface Signals {
  /** Calls `handler` instead of interrupting the command, until the returned function is called. */
  trap(signal: TrappedSignal, handler: (signal: TrappedSignal) => void): () => void;
}

/** Signals that never arrive: for runs with no process of their own to listen to. */
export const noSignals: Signals = { trap: () => () => {} };

/** What every API call made through a context reports: the dashboard counts retries. */
export interface CallEvents {
  on(event: 'retry', listener: (event: RetryEvent) => void): unknown;
  off(event: 'retry', listener: (event: RetryEvent) => void): unknown;
}

/**
 * Everything a command needs from the outside world, so it runs in-process with buffers (tests, the shell): io, env,
 * clock, cancellation, and services made on first use and kept for the life of the context: the config store, role
 * sessions (resolved once and reused until five minutes before they expire), API clients and prompts.
 */
export interface Context extends Runtime {
  io: IO;
  /** The command table lines are parsed against (the composition root's, src/cli/app.ts). */
  readonly commands: readonly Command<any>[];
  signal: AbortSignal;
  signals: Signals;
  /** The launcher's script that runs exec's child so that it cannot outlive aliaudit (bin/exec-guard.js). */
  execGuard?: string;
  /** The global flags of the command line being run. */
  selection: Selection;
  /** config.json at the path the selection names (--config-path, ALIBABA_CLOUD_CONFIG_FILE, ~/.aliyun). */
  readonly store: ProfileStore;
  /** The session of the selected profile (or of `profile`), cached across command lines. */
  session(profile?: string): Promise<Session>;
  /** STS, RAM and ECS clients for that session, with the retry policy, reporting to `calls`. */
  clients(profile?: string): Promise<CloudClients>;
  prompter: Prompter;
  calls: CallEvents;
  /** Retries reported to `calls`, and this command's cancellation: for API calls made outside `clients()`. */
  cloud: CallOptions;
  /** Waits for `work` unless the command is interrupted first (then rejects with the interruption). */
  unlessInterrupted<T>(work: Promise<T>): Promise<T>;
  /** Where a scan shows itself live when a host draws it (the shell); absent, the scan decides from its io. */
  watchScan?: WatchScan;
  /** The scans of this session, kept for `findings`, `why` and `rescan` (the shell's; none on the command line). */
  scans?: ScanMemory;
  /**
   * A command runs in this context: what its session needs said (environment keys a profile won over) is said on its
   * stderr, once for all the contexts derived from one another. Background work (the shell's prompt) says nothing.
   */
  announces?: boolean;
  /** The same services for another command line: its own flags, io or cancellation; the caches are shared. */
  derive(changes: Partial<Pick<Context, 'io' | 'selection' | 'signal' | 'prompter' | 'watchScan' | 'scans' | 'announces'>>): Context;
}

export interface ContextOptions extends Runtime {
  io: IO;
  /** Every top-level command, handed in by the composition root (src/cli/app.ts). */
  commands: readonly Command<any>[];
  signal?: AbortSignal;
  signals?: Signals;
  execGuard?: string;
  selection?: Selection;
  prompter?: Prompter;
  watchScan?: WatchScan;
  scans?: ScanMemory;
  announces?: boolean;
}

/** What the contexts derived from one another share: one cache of sessions, one observer of calls, what was said. */
interface Shared {
  sessions: SessionCache;
  calls: EventEmitter;
  observer: CallObserver;
  said: Set<string>;
}

export function createContext(options: ContextOptions): Context {
  const calls = new EventEmitter();
  const shared: Shared = { sessions: new Map(), calls, observer: { retry: (event) => calls.emit('retry', event) }, said: new Set() };
  return contextOf(options, shared);
}

function contextOf(options: ContextOptions, shared: Shared): Context {
  const signal = options.signal ?? new AbortController().signal;
  // Every call in flight listens for the abort: a scan has dozens at once, which is no leak.
  setMaxListeners(0, signal);
  const selection = options.selection ?? {};
  // The shell brings its own prompter; otherwise prompts go to this context's terminal.
  const prompter = options.prompter ?? terminalPrompter(options.io, signal);
  let store: ProfileStore | undefined;
  const sessionOptions = (profile?: string) => ({
    ...selection,
    profile: profile ?? selection.profile,
    runtime: { env: options.env, now: options.now, homedir: options.homedir, cwd: options.cwd },
    cloud: { observer: shared.observer },
  });
  const ctx: Context = {
    io: options.io,
    commands: options.commands,
    env: options.env,
    now: options.now,
    homedir: options.homedir,
    cwd: options.cwd,
    signal,
    signals: options.signals ?? noSignals,
    execGuard: options.execGuard,
    watchScan: options.watchScan,
    scans: options.scans,
    announces: options.announces,
    selection,
    prompter,
    calls: shared.calls,
    cloud: { observer: shared.observer, signal },
    get store() {
      store ??= new ProfileStore(configPath({ flag: selection.configPath, env: options.env, homedir: options.homedir }), {
        onWait: (message) => options.io.stderr.write(`${message}\n`),
      });
      return store;
    },
    async session(profile) {
      const session = await openSession(sessionOptions(profile), shared.sessions);
      const notice = options.announces ? environmentNotice(session.origin) : undefined;
      if (notice && !shared.said.has(notice)) {
        shared.said.add(notice);
        warn(options.io, notice);
      }
      return session;
    },
    async clients(profile) {
      const session = await ctx.session(profile);
      return new CloudClients(
        {
          credentials: session,
          region: session.region,
          endpoint: session.endpoint,
          stsEndpoint: session.stsEndpoint,
          ...session.timeouts,
        },
        { ...ctx.cloud, call: { signer: session.signer } },
      );
    },
    unlessInterrupted: (work) => unlessAborted(work, signal),
    derive: (changes) => contextOf({ ...options, ...changes }, shared),
  };
  return ctx;
}

export function colorAllowed(env: Env, isTTY: boolean, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}
