import { basename } from 'node:path';
import type { Argv } from 'yargs';
import { defineCommand, type GlobalArgs } from '../src/cli/command.js';
import type { Context, IO } from '../src/cli/context.js';
import { checkNumbers, type NumberRule, rangeText } from '../src/cli/numbers.js';
import { note, printTable, warn } from '../src/cli/output.js';
import { ExitCode, interruptedExitCode, UsageError, UserError } from '../src/core/errors.js';
import { endpointUrl } from '../src/cloud/endpoint.js';
import { getCallerIdentity } from '../src/sts/calls.js';
import type { CheckDefinition } from '../src/scan/checks/check.js';
import { FRAMEWORKS } from '../src/scan/compliance.js';
import type { ScanTarget } from '../src/scan/engine.js';
import type { Session } from '../src/credentials/types.js';
import { CIS_FRAMEWORK, type Finding, type IncompleteScope, OUTPUT_FORMATS, type OutputFormatName, type ScanEvent, type ScanInfo, SEVERITIES, type Service, type Severity, type WatchScan } from '../src/scan/model.js';
import type { KeptScan } from '../src/scan/memory.js';
import { quoted, visible } from '../src/core/visible.js';
import { type Coverage, plannedCoverage, type ScanTally, sectionCoverage } from '../src/scan/summary.js';
import { printBySection, printSections, serviceColumns } from './coverage.js';
import { jsonProgress, plainProgress } from '../src/ui/reporters/plain.js';
import { version } from '../src/version.js';

const PROGRESS = ['auto', 'dashboard', 'plain', 'json', 'quiet'] as const;

/** The number flags, and what each takes. */
const NUMBERS = {
  concurrency: { min: 1, max: 256, integer: true, default: 32 },
  'region-timeout': { min: 0.001, max: 86_400, unit: 'seconds', default: 600 },
} satisfies Record<string, NumberRule>;

/** The options' defaults, which the demo's scan shares. */
export const SCAN_DEFAULTS = {
  'output-formats': ['json-ocsf', 'csv', 'html'] as OutputFormatName[],
  'output-directory': 'output',
  progress: 'auto' as (typeof PROGRESS)[number],
  concurrency: NUMBERS.concurrency.default,
  'region-timeout': NUMBERS['region-timeout'].default,
};

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
  describe: 'Scan an account region by region: CIS Alibaba Cloud v2.0 checks over every service aliaudit reads, findings in OCSF, CSV, HTML and SARIF',
  builder: (yargs: Argv<GlobalArgs>) =>
    yargs
      .option('regions', { type: 'string', array: true, describe: 'Region ids to scan, or all (default: all the account has)' })
      .option('services', { type: 'string', array: true, describe: 'Only these services (ram, ecs, vpc …; --list-checks names each check\'s)' })
      .option('checks', { type: 'string', array: true, describe: 'Only these checks (see --list-checks)' })
      .option('excluded-checks', { type: 'string', array: true, describe: 'Leave these checks out' })
      .option('severity', { type: 'string', array: true, choices: SEVERITIES, describe: 'Only checks of these severities' })
      .option('compliance', { type: 'string', choices: [CIS_FRAMEWORK], describe: 'Only checks mapped to this framework' })
      .option('mutelist-file', { type: 'string', describe: 'Prowler-style mutelist YAML: matching findings are muted' })
      .option('output-formats', { type: 'string', array: true, choices: OUTPUT_FORMATS, default: SCAN_DEFAULTS['output-formats'], describe: 'Files to write' })
      .option('output-directory', { type: 'string', default: SCAN_DEFAULTS['output-directory'], describe: 'Folder for the files' })
      .option('output-filename', { type: 'string', describe: 'File name without extension (default aliaudit-<account>-<UTC time>)' })
      .option('progress', {
        type: 'string',
        choices: PROGRESS,
        default: SCAN_DEFAULTS.progress,
        describe: 'auto (the live dashboard on a terminal, else plain), dashboard, plain (a line per region), json (NDJSON events on stdout) or quiet',
      })
      .option('concurrency', { type: 'number', default: SCAN_DEFAULTS.concurrency, describe: `Calls in flight at once, at most: ${rangeText(NUMBERS.concurrency)}` })
      .option('region-timeout', {
        type: 'number',
        default: SCAN_DEFAULTS['region-timeout'],
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
  const [{ scanAccount, scanExitCode }, { OUTPUT_EXTENSIONS }] = await Promise.all([import('../src/scan/run.js'), import('../src/scan/outputs/index.js')]);
  const watchScan = watcher(argv.progress, ctx);
  let session: Session | undefined;
  const requested = !argv.regions?.length || argv.regions.includes('all') ? 'all' : argv.regions;
  const scanned = await scanAccount({
    target: async () => {
      const reached = await scanTarget(ctx);
      session = reached.session;
      if (updates && reached.target.accountUid !== updates.account) {
        throw new UserError(
          `rescan updates scan ${updates.name} of account ${updates.account}, but ${session.profileName ? `profile ${quoted(session.profileName)}` : 'the environment'} now signs in to account ${visible(reached.target.accountUid)}: the two accounts' findings would mix`,
          'run scan to start a new scan of that account',
        );
      }
      return reached.target;
    },
    checks,
    regions: requested,
    isMuted: muted,
    outputs: { formats: argv['output-formats'], directory: argv['output-directory'], filename: argv['output-filename'] },
    concurrency: argv.concurrency,
    regionTimeoutMs: argv['region-timeout'] * 1000,
    signal: ctx.signal,
    retries: ctx.calls,
    now: ctx.now,
    version,
    watch: watchScan,
    emit: progress(argv.progress, ctx.io),
    warn: (message) => warn(ctx.io, message),
  });
  // In the shell the session's memory takes the findings over, and removes them when done with them.
  let handedOver = false;
  try {
    const { info, tally, files } = scanned;
    const { profileName, endpoint } = session!;
    const exitCode = scanExitCode({
      // SIGTERM and SIGHUP reach the scan as its context's abort, and end it as shells expect (143, 129); q and Ctrl-C, 130.
      interrupted: ctx.signal.aborted ? interruptedExitCode(ctx.signal) : scanned.stoppedByViewer ? ExitCode.Interrupted : undefined,
      complete: info.complete,
      failures: tally.unmutedFailures,
      allowIncomplete: argv['allow-incomplete'],
      ignoreFindings: argv['ignore-exit-code-3'],
    });
    let setAside: { name: string; kept: string } | undefined;
    if (ctx.scans) {
      const written = files.length > 0 ? basename(files[0]) : undefined;
      const extension = written && Object.values(OUTPUT_EXTENSIONS).find((ext) => written.endsWith(`.${ext}`));
      const unfinished = new Set(info.incompleteScopes.map((part) => part.region));
      const kept: KeptScan = {
        info,
        findings: scanned.findings,
        checks: scanned.checks,
        name: written && extension ? written.slice(0, -extension.length - 1) : scanned.filename,
        // What it finished: a region it did not finish keeps the older findings there.
        scope: { checks: checks.map((check) => check.id), regions: scanned.regions.filter((region) => !unfinished.has(region)), global: !unfinished.has('global') },
        source: { profile: profileName, endpoint: endpoint && endpointUrl(endpoint), selection: { ...ctx.selection, profile: profileName } },
        options: { 'output-formats': argv['output-formats'], 'output-directory': argv['output-directory'], 'mutelist-file': argv['mutelist-file'], concurrency: argv.concurrency, 'region-timeout': argv['region-timeout'], 'allow-incomplete': argv['allow-incomplete'] },
        release: scanned.release,
      };
      const answer = ctx.scans.keep(kept, keep);
      if (answer.kept === 'aside') setAside = { name: kept.name, kept: answer.current.name };
      handedOver = true;
    }
    return {
      kind: 'scan',
      info,
      tally,
      checks,
      // A rescan's summary is of what it ran again; a scan's, of the whole benchmark.
      coverage: keep === 'layer' ? scanned.coverage.filter((row) => row.checks.length > 0) : scanned.coverage,
      files,
      exitCode,
      progress: argv.progress,
      ...(setAside ? { setAside } : {}),
      ...(scanned.filenameTaken ? { filenameTaken: scanned.filename } : {}),
      ...(!info.complete && argv['allow-incomplete'] ? { allowedIncomplete: true } : {}),
    };
  } finally {
    if (!handedOver) scanned.release();
  }
}

/** The account the selected profile (or environment) signs in to, as a scan target, and the session behind it. */
export async function scanTarget(ctx: Context): Promise<{ target: ScanTarget; session: Session }> {
  const session = await ctx.session();
  const clients = await ctx.clients();
  const identity = await getCallerIdentity(await clients.sts());
  const target: ScanTarget = {
    accountUid: identity.AccountId,
    identityArn: identity.Arn,
    authMethod: session.profileName ? `profile ${session.profileName} (${session.signer.mode})` : `environment (${session.signer.mode})`,
    homeRegion: session.region,
    api: (product, region) => clients.api(product, region),
  };
  return { target, session };
}

export { scanExitCode } from '../src/scan/run.js';

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
    const planned = plannedCoverage(outcome.checks);
    printBySection(io, planned, [
      { header: FRAMEWORKS[0].id, value: (r) => r.id },
      { header: 'assessment', value: (r) => r.assessment },
      { header: 'coverage', value: (r) => r.state, wrap: true },
      // A check it lacks is named too: "not covered yet" says which checks would cover it.
      {
        header: 'checks',
        value: (r) => (r.state === 'automated' ? [...r.checks, ...r.lacking.map((id) => `${id} (not yet)`)] : r.lacking).join(' ') || '-',
        wrap: true,
        squeeze: 'line',
        priority: 1,
      },
      { header: 'requirement', value: (r) => r.title, kind: 'text', wrap: true, squeeze: 'line' },
    ]);
    io.stdout.write('\n');
    printSections(io, sectionCoverage(planned), 'CIS 2.0 in this version, by section');
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
  printTable(io, tally.summary(), serviceColumns(io, tally.summary()));
  io.stdout.write('\n');
  // The detail names checks and permissions, which wrap between words and are never cut: when the longest of them
  // leaves no room, the state wraps (not covered / yet) before an id spills onto a line of its own.
  printBySection(io, outcome.coverage, [
    { header: 'cis', value: (c) => c.id },
    { header: 'coverage', value: (c) => c.state, wrap: true },
    { header: 'detail', value: (c) => c.detail, wrap: true },
  ]);
  io.stdout.write('\n');
  printSections(io, sectionCoverage(outcome.coverage));
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
