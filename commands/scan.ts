import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Argv } from 'yargs';
import { defineCommand, type GlobalArgs } from '../src/cli/command.js';
import type { Context, IO } from '../src/cli/context.js';
import { checkNumbers, type NumberRule, rangeText } from '../src/cli/numbers.js';
import { note, printTable, warn } from '../src/cli/output.js';
import { ExitCode, interruptedExitCode, UsageError, UserError } from '../src/core/errors.js';
import { endpointUrl } from '../src/cloud/endpoint.js';
import { getCallerIdentity } from '../src/sts/calls.js';
import type { CheckDefinition } from '../src/scan/checks/check.js';
import { CIS_REQUIREMENTS, FRAMEWORKS } from '../src/scan/compliance.js';
import type { ScanTarget } from '../src/scan/engine.js';
import { CIS_FRAMEWORK, type Finding, type IncompleteScope, OUTPUT_FORMATS, type OutputFormatName, type ScanEvent, type ScanInfo, SEVERITIES, type Service, type Severity, type WatchScan } from '../src/scan/model.js';
import type { KeptScan } from '../src/scan/memory.js';
import { quoted, visible } from '../src/core/visible.js';
import { PauseGate } from '../src/scan/pause.js';
import type { Coverage, ScanTally, ServiceSummary } from '../src/scan/summary.js';
import { jsonProgress, plainProgress } from '../src/ui/reporters/plain.js';
import { version } from '../src/version.js';

const PROGRESS = ['auto', 'dashboard', 'plain', 'json', 'quiet'] as const;

/** The number flags, and what each takes. */
const NUMBERS = {
  concurrency: { min: 1, max: 256, integer: true, default: 32 },
  'region-timeout': { min: 0.001, max: 86_400, unit: 'seconds', default: 600 },
} satisfies Record<string, NumberRule>;

export interface ScanArgs {
  regions?: string[];
  services?: Service[];
  checks?: string[];
  'excluded-checks'?: string[];
  severity?: Severity[];
  compliance?: string;
  'mutelist-file'?: string;
  'output-formats': OutputFormatName[];
  'output-directory': string;
  'output-filename'?: string;
  progress: (typeof PROGRESS)[number];
  concurrency: number;
  'region-timeout': number;
  'ignore-exit-code-3'?: boolean;
  'allow-incomplete'?: boolean;
  'list-checks'?: boolean;
  'list-compliance'?: boolean;
}

/** What a scan command ends with: a listing, or a finished (or stopped) scan and the files it wrote. */
export type ScanOutcome =
  | { kind: 'checks'; checks: CheckDefinition<unknown>[] }
  | { kind: 'compliance'; checks: readonly CheckDefinition<unknown>[] }
  | {
      kind: 'scan';
      info: ScanInfo;
      tally: ScanTally;
      checks: CheckDefinition<unknown>[];
      /** The CIS requirements and how this scan covered them; a rescan's, only those of the checks it ran again. */
      coverage: Coverage[];
      files: string[];
      exitCode: number;
      progress: ScanArgs['progress'];
      /** The --output-filename asked for, when another run took it during the scan and the files got the next free name. */
      filenameTaken?: string;
      /** --allow-incomplete turned an incomplete scan's exit 4 off. */
      allowedIncomplete?: boolean;
      /** In the shell, an incomplete scan set aside by name, so that it does not take the place of a complete one. */
      setAside?: { name: string; kept: string };
    };

export const scanCommand = defineCommand<ScanArgs, ScanOutcome>({
  command: 'scan',
  describe: 'Scan an account region by region: CIS Alibaba Cloud v2.0 checks over RAM and ECS, findings in OCSF, CSV, HTML and SARIF',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('regions', { type: 'string', array: true, describe: 'Region ids to scan, or all (default: all the account has)' })
      .option('services', { type: 'string', array: true, describe: 'Only these services (ram, ecs, vpc …; --list-checks names each check\'s)' })
      .option('checks', { type: 'string', array: true, describe: 'Only these checks (see --list-checks)' })
      .option('excluded-checks', { type: 'string', array: true, describe: 'Leave these checks out' })
      .option('severity', { type: 'string', array: true, choices: SEVERITIES, describe: 'Only checks of these severities' })
      .option('compliance', { type: 'string', choices: [CIS_FRAMEWORK], describe: 'Only checks mapped to this framework' })
      .option('mutelist-file', { type: 'string', describe: 'Prowler-style mutelist YAML: matching findings are muted' })
      .option('output-formats', { type: 'string', array: true, choices: OUTPUT_FORMATS, default: ['json-ocsf', 'csv', 'html'], describe: 'Files to write' })
      .option('output-directory', { type: 'string', default: 'output', describe: 'Folder for the files' })
      .option('output-filename', { type: 'string', describe: 'File name without extension (default aliaudit-<account>-<UTC time>)' })
      .option('progress', {
        type: 'string',
        choices: PROGRESS,
        default: 'auto',
        describe: 'auto (the live dashboard on a terminal, else plain), dashboard, plain (a line per region), json (NDJSON events on stdout) or quiet',
      })
      .option('concurrency', { type: 'number', default: NUMBERS.concurrency.default, describe: `Calls in flight at once, at most: ${rangeText(NUMBERS.concurrency)}` })
      .option('region-timeout', {
        type: 'number',
        default: NUMBERS['region-timeout'].default,
        describe: `Seconds after which an unfinished region is given up as timed out: ${rangeText(NUMBERS['region-timeout'])}`,
      })
      .option('ignore-exit-code-3', { type: 'boolean', describe: 'Exit 0, not 3, when there are FAIL findings' })
      .option('allow-incomplete', {
        type: 'boolean',
        describe: 'Exit as the findings say (0 or 3), not 4, when a region or service could not be read (timed out, failed, every call refused)',
      })
      .option('list-checks', { type: 'boolean', describe: 'List the checks and exit' })
      .option('list-compliance', { type: 'boolean', describe: 'List the CIS requirements and the checks that cover them, and exit' })
      .example('$0 scan --regions cn-hangzhou cn-shanghai', 'two regions, the default formats in ./output')
      .example('$0 scan --services ram --output-formats sarif', 'RAM only, SARIF for code scanning'),
  run: (argv, ctx) => startScan(argv, ctx, 'replace'),
  present: presentScan,
  exitCode: (outcome) => (outcome.kind === 'scan' ? outcome.exitCode : ExitCode.Ok),
});

/** What a rescan must scan again: the account of the scan it updates. */
export interface Updating {
  account: string;
  name: string;
}

/**
 * A scan as asked; in the shell its findings are kept for `findings` and `why`, over (`layer`) or instead of the last.
 * A rescan names the scan it `updates`: another account's findings are refused before any scan call.
 */
export async function startScan(argv: ScanArgs, ctx: Context, keep: 'replace' | 'layer', updates?: Updating): Promise<ScanOutcome> {
  checkNumbers(argv as unknown as Record<string, unknown>, NUMBERS);
  // The engine, the checks and the writers load only when a scan runs: one-liners keep their start-up.
  const { ALL_CHECKS, selectChecks } = await import('../src/scan/checks/index.js');
  if (argv['list-compliance']) return { kind: 'compliance', checks: ALL_CHECKS };
  const checks = selectChecks({
    services: argv.services,
    checks: argv.checks,
    excludedChecks: argv['excluded-checks'],
    severities: argv.severity,
    compliance: argv.compliance,
  });
  if (argv['list-checks']) return { kind: 'checks', checks };
  if (checks.length === 0) throw new UsageError('no check is left to run with these filters', 'aliaudit scan --list-checks shows what each filter keeps');
  const { isMuted, loadMutelist } = await import('../src/scan/mutelist.js');
  const mutelist = argv['mutelist-file']
    ? await loadMutelist(argv['mutelist-file'], { knownChecks: ALL_CHECKS.map((check) => check.id) })
    : undefined;
  // A check key that matches no check mutes nothing: a typo, said before the scan, which runs all the same.
  for (const warning of mutelist?.warnings ?? []) warn(ctx.io, warning);
  return scan(argv, ctx, checks, mutelist && ((finding) => isMuted(mutelist, finding)), keep, updates);
}

async function scan(
  argv: ScanArgs,
  ctx: Context,
  checks: CheckDefinition<unknown>[],
  muted: ((finding: Finding) => boolean) | undefined,
  keep: 'replace' | 'layer',
  updates?: Updating,
): Promise<ScanOutcome> {
  const [{ needsRegions, resolveRegions, runScan }, { ALL_CHECKS, metadataOf }, { defaultFilename, OUTPUT_EXTENSIONS, prepareOutputs, writeOutputs }, { FindingSpool }] = await Promise.all([
    import('../src/scan/engine.js'),
    import('../src/scan/checks/index.js'),
    import('../src/scan/outputs/index.js'),
    import('../src/scan/spool.js'),
  ]);
  const watchScan = watcher(argv.progress, ctx);
  // The folder is made and checked, and a chosen file name found free, before any call: a scan is never run to be lost.
  await prepareOutputs({ formats: argv['output-formats'], directory: argv['output-directory'], given: argv['output-filename'] });
  const session = await ctx.session();
  const clients = await ctx.clients();
  const identity = await getCallerIdentity(await clients.sts());
  if (updates && identity.AccountId !== updates.account) {
    throw new UserError(
      `rescan updates scan ${updates.name} of account ${updates.account}, but ${session.profileName ? `profile ${quoted(session.profileName)}` : 'the environment'} now signs in to account ${visible(identity.AccountId)}: the two accounts' findings would mix`,
      'run scan to start a new scan of that account',
    );
  }
  const target: ScanTarget = {
    accountUid: identity.AccountId,
    identityArn: identity.Arn,
    authMethod: session.profileName ? `profile ${session.profileName} (${session.signer.mode})` : `environment (${session.signer.mode})`,
    homeRegion: session.region,
    api: (product, region) => clients.api(product, region),
  };
  const wantsRegions = needsRegions(checks);
  const requested = !argv.regions?.length || argv.regions.includes('all') ? 'all' : argv.regions;
  const regions = wantsRegions ? await resolveRegions(target, requested, ctx.signal, (message) => warn(ctx.io, message)) : [];
  // A scan allocates fast and V8, on a machine with memory to spare, lets the heap grow to several times what is
  // live (600 MB for 120 MB live on a 270,000-finding account). Growing it by 15 % at a time keeps the peak near
  // the live set for a few percent more GC time; unlike a heap limit, a bigger account still fits.
  setFlagsFromString('--heap-growing-percent=15');
  // The findings wait on disk, not in memory, until the outputs are written: a big account's are hundreds of MB.
  const spool = new FindingSpool();
  // In the shell the session's memory takes the spool over, and removes it when done with it.
  let handedOver = false;
  const pause = new PauseGate();
  const stopper = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stopper.signal]);
  try {
    const watch = await watchScan?.({
      get paused() {
        return pause.paused;
      },
      pause: () => pause.pause(),
      resume: () => pause.resume(),
      pausedMs: () => pause.pausedMs(),
      stop: () => stopper.abort(),
    });
    let result;
    try {
      result = await runScan(
        target,
        regions,
        {
          checks,
          regions: requested,
          version,
          isMuted: muted,
          concurrency: argv.concurrency,
          regionTimeoutMs: argv['region-timeout'] * 1000,
          signal,
          retries: ctx.calls,
          now: ctx.now,
          store: spool,
          pause,
        },
        watch ? (event) => watch.event(event) : progress(argv.progress, ctx.io),
      );
    } finally {
      await watch?.close();
    }
    const report = { info: result.info, findings: result.findings, checks: new Map(checks.map((check) => [check.id, metadataOf(check)])) };
    const filename = argv['output-filename'] ?? defaultFilename(result.info);
    const files = await writeOutputs(report, { formats: argv['output-formats'], directory: argv['output-directory'], filename });
    // Free before the scan, the chosen name can still be taken by another run during it: the files then get the next
    // free one (-2, -3 …), and the summary says so, rather than a finished scan being thrown away.
    const taken = argv['output-filename'] !== undefined && files.length > 0 && !basename(files[0]).startsWith(`${filename}.`);
    const exitCode = scanExitCode({
      // SIGTERM and SIGHUP reach the scan as its context's abort, and end it as shells expect (143, 129); q and Ctrl-C, 130.
      interrupted: signal.aborted ? (ctx.signal.aborted ? interruptedExitCode(ctx.signal) : ExitCode.Interrupted) : undefined,
      complete: result.info.complete,
      failures: result.tally.unmutedFailures,
      allowIncomplete: argv['allow-incomplete'],
      ignoreFindings: argv['ignore-exit-code-3'],
    });
    const coverage = result.tally.coverage({ all: ALL_CHECKS, ran: checks, incomplete: result.info.incompleteScopes });
    let setAside: { name: string; kept: string } | undefined;
    if (ctx.scans) {
      const written = files.length > 0 ? basename(files[0]) : undefined;
      const extension = written && Object.values(OUTPUT_EXTENSIONS).find((ext) => written.endsWith(`.${ext}`));
      const unfinished = new Set(result.info.incompleteScopes.map((part) => part.region));
      const kept: KeptScan = {
        ...report,
        name: written && extension ? written.slice(0, -extension.length - 1) : filename,
        // What it finished: a region it did not finish keeps the older findings there.
        scope: { checks: checks.map((check) => check.id), regions: regions.filter((region) => !unfinished.has(region)), global: !unfinished.has('global') },
        source: { profile: session.profileName, endpoint: session.endpoint && endpointUrl(session.endpoint), selection: { ...ctx.selection, profile: session.profileName } },
        options: { 'output-formats': argv['output-formats'], 'output-directory': argv['output-directory'], 'mutelist-file': argv['mutelist-file'], concurrency: argv.concurrency, 'region-timeout': argv['region-timeout'], 'allow-incomplete': argv['allow-incomplete'] },
        release: () => spool.remove(),
      };
      const answer = ctx.scans.keep(kept, keep);
      if (answer.kept === 'aside') setAside = { name: kept.name, kept: answer.current.name };
      handedOver = true;
    }
    return {
      kind: 'scan',
      info: result.info,
      tally: result.tally,
      checks,
      // A rescan's summary is of what it ran again; a scan's, of the whole benchmark.
      coverage: keep === 'layer' ? coverage.filter((row) => row.checks.length > 0) : coverage,
      files,
      exitCode,
      progress: argv.progress,
      ...(setAside ? { setAside } : {}),
      ...(taken ? { filenameTaken: filename } : {}),
      ...(!result.info.complete && argv['allow-incomplete'] ? { allowedIncomplete: true } : {}),
    };
  } finally {
    if (!handedOver) spool.remove();
  }
}

/**
 * What a finished (or stopped) scan exits with, the first that applies: the interruption's code when stopped (130,
 * or 143 and 129 for SIGTERM and SIGHUP); 4 incomplete (a region or service could not be read), unless
 * --allow-incomplete; 3 unmuted FAIL findings, unless --ignore-exit-code-3; 0. An incomplete scan wins over its
 * findings, so --ignore-exit-code-3 never makes a scan that checked nothing pass.
 */
export function scanExitCode(scan: { interrupted?: number; complete: boolean; failures: number; allowIncomplete?: boolean; ignoreFindings?: boolean }): number {
  if (scan.interrupted !== undefined) return scan.interrupted;
  if (!scan.complete && !scan.allowIncomplete) return ExitCode.Incomplete;
  if (scan.failures > 0 && !scan.ignoreFindings) return ExitCode.Findings;
  return ExitCode.Ok;
}

/**
 * The live view, when there is one: the host's (the shell draws the dashboard in its own screen), else the dashboard
 * on this terminal's stderr when it can be drawn and read from. NO_COLOR, TERM=dumb, CI and pipes get the plain lines.
 */
function watcher(mode: ScanArgs['progress'], ctx: Context): WatchScan | undefined {
  if (mode !== 'auto' && mode !== 'dashboard') return undefined;
  if (ctx.watchScan) return ctx.watchScan;
  const { io, env } = ctx;
  const terminal = io.stdinIsTTY && io.stderrIsTTY && io.inheritable && env.TERM !== 'dumb';
  if (mode === 'dashboard' && !terminal) {
    throw new UsageError('--progress dashboard needs a terminal: stdin and stderr a TTY, and TERM not dumb', 'use --progress plain (the default when there is no terminal)');
  }
  if (!terminal || (mode === 'auto' && (Boolean(env.NO_COLOR) || Boolean(env.CI)))) return undefined;
  return async (controls) => {
    const { openDashboard } = await import('../src/ui/dashboard/run.js');
    return openDashboard({ output: io.stderr as NodeJS.WriteStream, input: io.stdin as NodeJS.ReadStream, color: io.color }, controls);
  };
}

/** Progress as asked without a live view: lines on stderr (plain, auto), events on stdout (json), or none. */
function progress(mode: ScanArgs['progress'], io: IO): (event: ScanEvent) => void {
  if (mode === 'json') return jsonProgress((line) => io.stdout.write(`${line}\n`));
  if (mode === 'quiet') return () => {};
  return plainProgress((line) => io.stderr.write(`${line}\n`));
}

const SHORT: Record<Severity, string> = { critical: 'crit', high: 'high', medium: 'med', low: 'low', informational: 'info' };

/**
 * FAIL counts by severity. A terminal gets short headers and no informational column when it is all zeros, so the
 * table fits 80 columns uncut; pipes get every column, named in full, for scripts.
 */
function failColumns(io: IO, rows: ServiceSummary[]) {
  const severities = io.stdoutIsTTY ? SEVERITIES.filter((severity) => severity !== 'informational' || rows.some((row) => row.fail[severity] > 0)) : SEVERITIES;
  return severities.map((severity) => ({ header: `fail ${io.stdoutIsTTY ? SHORT[severity] : severity}`, value: (s: ServiceSummary) => String(s.fail[severity]) }));
}

export function presentScan(outcome: ScanOutcome, io: IO): void {
  if (outcome.kind === 'checks') {
    printTable(io, outcome.checks, [
      { header: 'check', value: (c) => c.id },
      // The service is the check id's first word: it goes first when even the ids have no room.
      { header: 'service', value: (c) => c.service, squeeze: 'drop', priority: 1 },
      { header: 'severity', value: (c) => c.severity },
      { header: 'cis', value: (c) => (c.cis ?? []).join(' '), wrap: true },
      // The check id is what --checks and rescan --check take: the title goes under it before the id is cut.
      { header: 'title', value: (c) => c.title, kind: 'text', wrap: true, squeeze: 'line' },
    ]);
    return;
  }
  if (outcome.kind === 'compliance') {
    printTable(io, [...CIS_REQUIREMENTS], [
      { header: FRAMEWORKS[0].id, value: (r) => r.id },
      { header: 'assessment', value: (r) => r.assessment },
      { header: 'checks', value: (r) => outcome.checks.filter((c) => c.cis?.includes(r.id)).map((c) => c.id).join(' ') || '-', wrap: true },
      { header: 'requirement', value: (r) => r.title, kind: 'text', wrap: true, squeeze: 'line' },
    ]);
    return;
  }
  const { info, tally, files, exitCode } = outcome;
  // What makes the exit code what it is, and where the files went when not where asked, is said in every mode.
  const said = () => {
    if (!info.complete) note(io, incompleteNote(info.incompleteScopes), 'yellow');
    if (outcome.setAside) {
      const { name, kept } = outcome.setAside;
      note(io, `The session keeps the findings of the complete scan ${kept}; this one is set aside: findings --scan ${name} (and why … --scan ${name}) answer from it.`, 'yellow');
    }
    if (outcome.filenameTaken) warn(io, `--output-filename ${outcome.filenameTaken}: another run wrote files of that name during the scan, so these got the next free name`);
  };
  // --progress json: stdout is the event stream, whose scan-finished event is the summary; quiet: nothing but errors.
  if (outcome.progress === 'json' || outcome.progress === 'quiet') return said();
  printTable(io, tally.summary(), [
    { header: 'service', value: (s) => s.service },
    { header: 'pass', value: (s) => String(s.pass) },
    ...failColumns(io, tally.summary()),
    { header: 'manual', value: (s) => String(s.manual) },
    { header: 'muted', value: (s) => String(s.muted) },
  ]);
  io.stdout.write('\n');
  printTable(io, outcome.coverage, [
    { header: 'cis', value: (c) => c.id },
    { header: 'coverage', value: (c) => c.state },
    { header: 'detail', value: (c) => c.detail, kind: 'text', wrap: true },
  ]);
  said();
  for (const file of files) note(io, `wrote ${file}`);
  const incomplete = info.complete ? '' : outcome.allowedIncomplete ? ', incomplete (allowed)' : ', incomplete';
  note(io, `${tally.total} finding(s), ${tally.unmutedFailures} unmuted FAIL${incomplete}; exit ${exitCode}`);
}

/**
 * `The scan is incomplete:` and a line per reason, naming every region it holds for: hundreds of regions refused the
 * same permissions make one line, not hundreds.
 */
function incompleteNote(scopes: readonly IncompleteScope[]): string {
  const groups = new Map<string, string[]>();
  for (const scope of scopes) {
    const why = scope.reason.includes(scope.state) ? scope.reason : `${scope.state} (${scope.reason})`;
    if (!groups.has(why)) groups.set(why, []);
    if (scope.region) groups.get(why)!.push(scope.region);
  }
  const lines = [...groups].map(([why, regions]) => `  ${why}${regions.length ? `: ${regions.join(', ')}` : ''}`);
  return ['The scan is incomplete:', ...(lines.length ? lines : ['  it did not finish'])].join('\n');
}
