/**
 * One interactive session: the profile and region it runs as (`use`, `region`), who that is (resolved in the
 * background, refreshed before it expires), what completion knows, and how a typed line runs: through the same parser
 * and commands as the command line, in this process, with the shell's io, prompter and cancellation.
 */
import type { Context, IO } from '../context.js';
import type { Prompter } from '../prompter.js';
import { report, runCommandLine } from '../main.js';
import { KNOWN_REGIONS } from '../../cloud/regions.js';
import { closest } from '../../core/similar.js';
import { helpWidth } from '../parser.js';
import wrapAnsi from 'wrap-ansi';
import { fix, InputError, UsageError } from '../../core/errors.js';
import type { Selection } from '../../credentials/types.js';
import { regionFor, selectedProfile } from '../../credentials/session.js';
import { ScanMemory } from '../../scan/memory.js';
import type { WatchScan } from '../../scan/model.js';
import { MODE_RULES } from '../../../profiles/modes.js';
import { MODES } from '../../../profiles/model.js';
import { checkRegionId } from '../../../profiles/fields.js';
import { getCallerIdentity } from '../../sts/calls.js';
import type { RamApi } from '../../ram/api.js';
import { listGroups } from '../../ram/groups.js';
import { listPolicies } from '../../ram/policies.js';
import { listRoles } from '../../ram/roles.js';
import { listUsers } from '../../ram/users.js';
import { type CommandNode, commandTree } from './command-tree.js';
import { type Completion, complete, type CompletionSources, type RamKind } from './completion.js';
import { splitLine } from './words.js';
import { quoted, visible } from '../../core/visible.js';

/** The shell's own verbs, beside every command of the command line. */
export const SHELL_VERBS: readonly CommandNode[] = [
  { name: 'use', describe: 'Run the next commands as this profile (for this session only)', positionals: ['profile'], options: [], subcommands: [] },
  { name: 'region', describe: 'Run the next commands in this region (for this session only)', positionals: ['id'], options: [], subcommands: [] },
  { name: 'help', describe: 'Show help for a command (help ram user)', positionals: ['topic'], options: [], subcommands: [] },
  { name: 'clear', describe: 'Clear the screen', positionals: [], options: [], subcommands: [] },
  { name: 'exit', describe: 'Leave the shell (also Ctrl-D)', positionals: [], options: [], subcommands: [] },
];

export type IdentityState =
  | { state: 'resolving' }
  | { state: 'known'; name: string; account: string; arn: string }
  | { state: 'failed'; reason: string };

export interface LineResult {
  exitCode: number;
  /** `exit`: leave the shell. */
  exit?: boolean;
  /** `clear`: clear the screen. */
  clear?: boolean;
}

export interface ShellOptions {
  /** How long a background lookup (identity, RAM names) may take before it is given up. */
  lookupTimeoutMs?: number;
}

const REFRESH_BEFORE_MS = 5 * 60_000;
const MAX_RESOURCE_NAMES = 5000;

/** What the shell's screen offers a line: questions asked in place, and a dashboard for a scan. */
export interface LineScreen {
  prompter?: Prompter;
  watchScan?: WatchScan;
}

export class ShellSession {
  readonly tree: CommandNode[];
  identity: IdentityState = { state: 'resolving' };
  private selection: Selection;
  private profileName: string | undefined;
  private regionName: string | undefined;
  private profiles: string[] = [];
  private roleArns: string[] = [];
  private checks: string[] = [];
  private readonly ram = new Map<RamKind, string[]>();
  private readonly listeners = new Set<() => void>();
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Bumped on every `use`/`region`, so a lookup that finishes for an older selection is dropped. */
  private generation = 0;
  private readonly lookupTimeoutMs: number;
  /** What the scans run in this session found, for findings, why and rescan. */
  readonly scans = new ScanMemory();
  private resourceNames: string[] | undefined;

  constructor(
    private readonly ctx: Context,
    options: ShellOptions = {},
  ) {
    this.tree = [...commandTree(ctx.commands.filter((command) => !String(command.command).startsWith('shell'))), ...SHELL_VERBS];
    this.selection = { ...ctx.selection };
    this.lookupTimeoutMs = options.lookupTimeoutMs ?? 10_000;
  }

  /** Starts the background work: the profiles, who the selected one is, then the RAM names it can see. */
  start(): void {
    void this.readProfiles();
    this.resolveIdentity();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.generation++;
    this.scans.dispose();
  }

  /** Called whenever the prompt or what completion knows changes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `audit (AuditRole @ 1234…3456) cn-hangzhou ›` */
  prompt(): string {
    const who =
      this.identity.state === 'known' ? `${this.identity.name} @ ${shortAccount(this.identity.account)}` : this.identity.state === 'failed' ? '?' : '…';
    // Every part comes from config.json, the environment or the cloud.
    return visible(`${this.profileName ?? this.selection.profile ?? '(environment)'} (${who}) ${this.regionName ?? this.selection.region ?? '…'} ›`);
  }

  complete(line: string, cursor: number): Completion {
    return complete(this.tree, line, cursor, this.sources());
  }

  sources(): CompletionSources {
    return {
      profiles: () => this.profiles,
      regions: () => KNOWN_REGIONS,
      roleArns: () => this.roleArns,
      modes: () => MODES.filter((mode) => MODE_RULES[mode].settable),
      checks: () => this.loadChecks(),
      ram: (kind) => this.ram.get(kind) ?? [],
      resources: () => this.failingResources(),
    };
  }

  /**
   * The context a line runs in: the session's profile, region and scans, the line's io and cancellation, and what
   * the screen offers it (prompts, a dashboard for a scan).
   */
  contextFor(io: IO, signal: AbortSignal, screen: LineScreen = {}): Context {
    return this.ctx.derive({ io, signal, selection: { ...this.selection }, scans: this.scans, ...screen });
  }

  /** `configure` alone opens the wizard (drawn by the shell's screen; the command line's own needs the whole terminal). */
  isWizardLine(line: string): boolean {
    const { words } = splitLine(line);
    return words.length === 1 && words[0].text === 'configure';
  }

  /** After a profile was saved elsewhere (the wizard): the prompt and completion follow. */
  profilesChanged(): void {
    void this.readProfiles();
    this.resolveIdentity();
  }

  /** Runs one typed line; output goes to `io`, questions and live views to `screen`, and `signal` cancels it. */
  async run(line: string, io: IO, signal: AbortSignal, screen: LineScreen = {}): Promise<LineResult> {
    const lineCtx = this.contextFor(io, signal, screen);
    const { words, unclosed } = splitLine(line);
    if (unclosed) {
      return { exitCode: report(lineCtx, new UsageError(`the line ends inside a ${unclosed} quote`, 'close the quote, or put a \\ before it'), []) };
    }
    const args = words.map((word) => word.text);
    if (args.length === 0) return { exitCode: 0 };
    try {
      switch (args[0]) {
        case 'exit':
        case 'quit':
          return { exitCode: 0, exit: true };
        case 'clear':
          return { exitCode: 0, clear: true };
        case 'use':
          return await this.use(args.slice(1), lineCtx);
        case 'region':
          return this.setRegion(args.slice(1), io);
        case 'help':
          return await this.help(args.slice(1), lineCtx);
        case 'shell':
          throw new UsageError('this is already the shell', 'type a command, help for the list, or exit to leave');
      }
    } catch (error) {
      return { exitCode: report(lineCtx, error, args) };
    }
    const scansBefore = this.scans.last;
    const outcome = await runCommandLine(args, lineCtx);
    // A profile may have been made, changed or removed: what the prompt and completion show follows.
    if (args[0] === 'configure') this.profilesChanged();
    // Whatever kept a scan (scan, rescan, or a command still to come), completion offers its resources.
    if (this.scans.last !== scansBefore) this.resourceNames = undefined;
    return { exitCode: outcome.exitCode };
  }

  private async use(args: string[], ctx: Context): Promise<LineResult> {
    if (args.length === 0) {
      ctx.io.stdout.write(`${visible(this.profileName ?? '(environment)')}\n`);
      return { exitCode: 0 };
    }
    if (args.length > 1) throw new UsageError('use takes one profile name', 'use <profile>; configure list shows them');
    const [name] = args;
    const { config } = await ctx.store.read();
    const names = config.profiles.map((profile) => profile.name);
    if (!names.includes(name)) {
      const near = closest(name, names);
      throw new InputError(`there is no profile ${quoted(name)}`, near ? `did you mean ${near}?` : fix('see the profiles', 'configure list'));
    }
    this.selection = { ...this.selection, profile: name };
    this.profileName = name;
    this.regionName = undefined;
    this.resolveIdentity();
    return { exitCode: 0 };
  }

  private setRegion(args: string[], io: IO): LineResult {
    if (args.length === 0) {
      io.stdout.write(`${visible(this.regionName ?? this.selection.region ?? '')}\n`);
      return { exitCode: 0 };
    }
    if (args.length > 1) throw new UsageError('region takes one region id', 'region <id>, e.g. region cn-shanghai');
    const [id] = args;
    checkRegionId(id, 'region');
    // As --regions is for a scan: an id that names no region is refused, with the ones there are.
    if (!KNOWN_REGIONS.includes(id)) {
      const near = closest(id, KNOWN_REGIONS);
      throw new InputError(
        `region ${quoted(id)} is not an Alibaba Cloud region; the regions are: ${KNOWN_REGIONS.join(', ')}`,
        near ? `did you mean ${near}? (region ${near})` : 'region <id>, e.g. region cn-shanghai',
      );
    }
    this.selection = { ...this.selection, region: id };
    this.regionName = id;
    this.changed();
    return { exitCode: 0 };
  }

  private async help(topic: string[], ctx: Context): Promise<LineResult> {
    const outcome = await runCommandLine([...topic, '--help'], ctx);
    if (topic.length === 0) ctx.io.stdout.write(`\n${shellHelp(ctx.io.columns)}`);
    return { exitCode: outcome.exitCode };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private async readProfiles(): Promise<void> {
    try {
      const { config } = await this.ctx.derive({ selection: this.selection }).store.read();
      this.profiles = config.profiles.map((profile) => profile.name);
      this.roleArns = [...new Set(config.profiles.map((profile) => profile.ram_role_arn).filter((arn): arn is string => typeof arn === 'string' && arn !== ''))];
      this.changed();
    } catch {
      // A broken config.json is reported by the command that reads it; completion just knows no profiles.
    }
  }

  /** Who the selection is, in the background; then the RAM names it can see, and a refresh before it expires. */
  private resolveIdentity(): void {
    clearTimeout(this.refreshTimer);
    const generation = ++this.generation;
    this.identity = { state: 'resolving' };
    this.ram.clear();
    this.changed();
    const signal = AbortSignal.timeout(this.lookupTimeoutMs);
    const ctx = this.ctx.derive({ selection: { ...this.selection }, signal });
    void (async () => {
      // Which profile and region are selected is known from config.json alone: the prompt names them even when
      // nothing can be asked of the cloud (an unreachable endpoint, a role that cannot be assumed).
      try {
        const { profile } = await selectedProfile({ ...this.selection, runtime: ctx });
        if (generation !== this.generation) return;
        this.profileName = profile?.name;
        this.regionName ??= regionFor(this.selection.region, profile, ctx.env);
        this.changed();
      } catch {
        // A config.json that cannot be read, or a bad region: the identity lookup below says what is wrong.
      }
      try {
        const session = await ctx.session();
        const identity = await ctx.unlessInterrupted(getCallerIdentity(await (await ctx.clients()).sts()));
        if (generation !== this.generation) return;
        this.profileName = session.profileName;
        this.regionName ??= session.region;
        this.identity = { state: 'known', name: principalName(identity.Arn), account: identity.AccountId, arn: identity.Arn };
        this.changed();
        this.scheduleRefresh(session.hops.map((hop) => hop.expiration?.getTime()).filter((time): time is number => time !== undefined));
        void this.fetchRamNames(generation);
      } catch (error) {
        if (generation !== this.generation) return;
        this.identity = { state: 'failed', reason: error instanceof Error ? error.message : String(error) };
        this.changed();
      }
    })();
  }

  private scheduleRefresh(expirations: number[]): void {
    if (expirations.length === 0) return;
    const due = Math.min(...expirations) - REFRESH_BEFORE_MS - Date.now();
    this.refreshTimer = setTimeout(() => this.resolveIdentity(), Math.max(10_000, due));
    this.refreshTimer.unref();
  }

  private async fetchRamNames(generation: number): Promise<void> {
    const ctx = this.ctx.derive({ selection: { ...this.selection }, signal: AbortSignal.timeout(this.lookupTimeoutMs) });
    const lists: [RamKind, (ram: RamApi) => Promise<string[]>][] = [
      ['users', async (ram) => (await listUsers(ram)).map((user) => user.UserName)],
      ['roles', async (ram) => (await listRoles(ram)).map((role) => role.RoleName)],
      ['groups', async (ram) => (await listGroups(ram)).map((group) => group.GroupName)],
      ['policies', async (ram) => (await listPolicies(ram, 'Custom')).map((policy) => policy.PolicyName)],
    ];
    try {
      const ram = (await ctx.clients()).ram();
      await Promise.all(
        lists.map(async ([kind, list]) => {
          try {
            const names = await ctx.unlessInterrupted(list(await ram));
            if (generation === this.generation) this.ram.set(kind, names);
          } catch {
            // Not allowed to list them, or too slow: completion goes without.
          }
        }),
      );
    } catch {
      // No RAM client for this identity: nothing to complete from.
    }
  }

  /** The resources the session's scans found failing, read from the kept findings once per scan. */
  private failingResources(): readonly string[] {
    if (!this.resourceNames) {
      const names = new Set<string>();
      for (const finding of this.scans.findings({ statuses: ['FAIL'] })) {
        names.add(finding.resource.name);
        if (names.size >= MAX_RESOURCE_NAMES) break;
      }
      this.resourceNames = [...names];
    }
    return this.resourceNames;
  }

  private loadChecks(): readonly string[] {
    if (this.checks.length === 0) {
      void import('../../scan/checks/index.js').then(({ ALL_CHECKS }) => {
        this.checks = ALL_CHECKS.map((check) => check.id);
      });
    }
    return this.checks;
  }
}

/** `alice` for a RAM user, `AuditRole` for an assumed role, `root` for the account. */
export function principalName(arn: string): string {
  const resource = arn.split(':').slice(4).join(':');
  if (resource === 'root' || resource === '') return 'root';
  const [kind, name] = resource.split('/');
  return kind === 'assumed-role' || kind === 'user' || kind === 'role' ? name : resource;
}

/** `1234…3456`: enough of an account id to tell accounts apart. */
export function shortAccount(account: string): string {
  return account.length > 10 ? `${account.slice(0, 4)}…${account.slice(-4)}` : account;
}

/** The shell's own verbs and keys, laid out for a terminal `columns` wide (descriptions wrap between words). */
export function shellHelp(columns: number): string {
  const width = helpWidth(columns);
  const left = 20;
  const rows = SHELL_VERBS.map((verb) => {
    const name = `  ${verb.name} ${verb.positionals.map((p) => `<${p}>`).join(' ')}`.trimEnd();
    const text = wrapAnsi(verb.describe, Math.max(10, width - left), { hard: true, trim: true }).split('\n');
    const first = name.length < left ? `${name.padEnd(left)}${text[0]}` : `${name}\n${' '.repeat(left)}${text[0]}`;
    return [first, ...text.slice(1).map((line) => `${' '.repeat(left)}${line}`)].join('\n');
  });
  const keys = wrapAnsi('Tab completes · ↑↓ history · Ctrl-R search · Ctrl-L clears · Ctrl-C cancels a command · Ctrl-D leaves', width - 2, { hard: true, trim: true })
    .split('\n')
    .map((line) => `  ${line}`);
  return `In the shell:\n${rows.join('\n')}\n${keys.join('\n')}\n`;
}
