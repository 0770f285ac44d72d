/**
 * What the scans of a shell session found, asked after the scan: `findings` lists them, `why` explains one, `rescan`
 * runs some checks again. They live in the shell, where the scans' findings are kept; on the command line they say so.
 */
import stringWidth from 'string-width';
import { defineCommand } from '../src/cli/command.js';
import type { Context, IO } from '../src/cli/context.js';
import { note, paint, printJson, printTable } from '../src/cli/output.js';
import { type OutputFormat, outputOption, printRecords } from '../src/cli/records.js';
import { cut } from '../src/cli/table.js';
import { endpointOverride, endpointUrl } from '../src/cloud/endpoint.js';
import { InputError, UsageError } from '../src/core/errors.js';
import { closest } from '../src/core/similar.js';
import { quoted, visible } from '../src/core/visible.js';
import type { KeptScan, ScanMemory } from '../src/scan/memory.js';
import { type CheckMetadata, type Finding, SEVERITIES, type Severity, STATUSES, type Status } from '../src/scan/model.js';
import type { Coverage, SectionCoverage, ServiceSummary } from '../src/scan/summary.js';
import { printSections, SECTION_COLUMNS, serviceColumns } from './coverage.js';
import { presentScan, type ScanArgs, type ScanOutcome, startScan } from './scan.js';

/** The session's scans, or a usage error saying where these commands work. */
function sessionScans(ctx: Context, verb: string): ScanMemory {
  if (!ctx.scans) {
    throw new UsageError(`${verb} works in the shell, on the scans run there`, 'start the shell with aliaudit, run scan, then findings, why or rescan');
  }
  if (!ctx.scans.base) throw new InputError(`no scan has run in this session yet, so there is nothing for ${verb}`, 'run scan first, e.g. scan --regions cn-hangzhou');
  return ctx.scans;
}

/** The scan --scan names (one set aside, or one of the session's own), or undefined for the session's findings. */
function namedScan(scans: ScanMemory, name: string | undefined): KeptScan | undefined {
  if (name === undefined) return undefined;
  const scan = scans.named(name);
  if (scan) return scan;
  const names = [...scans.current, ...scans.setAside].map((kept) => kept.name);
  const near = closest(name, names);
  throw new InputError(`--scan: no scan of this session is named ${quoted(name)}; the scans are: ${names.join(', ')}`, near ? `did you mean ${near}?` : 'the summary of each scan names it');
}

/** `complete` or `incomplete (interrupted)`, and whose: what a row's scan was. */
function scanFacts(scan: KeptScan): string {
  const states = [...new Set(scan.info.incompleteScopes.map((part) => part.state))];
  const profile = scan.source.profile ? `, profile ${scan.source.profile}` : '';
  return `${scan.info.complete ? 'complete' : `incomplete: ${states.join(', ') || 'did not finish'}`}; account ${scan.info.accountUid}${profile}`;
}

/** Which scans the rows come from, and whether they were complete; the incomplete ones set aside, by name. */
function provenance(scans: ScanMemory, from: KeptScan | undefined): string {
  if (from) return `From scan ${from.name} alone (${scanFacts(from)}).`;
  const [base, ...rescans] = scans.current;
  const over = rescans.map((rescan) => `${rescan.name} (${rescan.scope.checks.length === 1 ? rescan.scope.checks[0] : `${rescan.scope.checks.length} checks`})`);
  const lines = [`From scan ${base.name} (${scanFacts(base)})${over.length ? `, with rescan${over.length === 1 ? '' : 's'} ${over.join(', ')}` : ''}.`];
  for (const aside of scans.setAside) lines.push(`Set aside: ${aside.name} (${scanFacts(aside)}): --scan ${aside.name} answers from it.`);
  return lines.join('\n');
}

const rank = (finding: Finding) =>
  finding.status === 'FAIL' ? SEVERITIES.indexOf(finding.severity) : SEVERITIES.length + (finding.status === 'MANUAL' ? 0 : 1);
/** FAIL first, most severe first; then MANUAL, then PASS. */
const worstFirst = (a: Finding, b: Finding) => rank(a) - rank(b) || a.checkId.localeCompare(b.checkId) || a.region.localeCompare(b.region);

interface FindingsArgs {
  severity?: Severity[];
  status: Status[];
  check?: string[];
  region?: string[];
  muted?: boolean;
  scan?: string;
  summary?: boolean;
}

/** Findings, or their summary (`--summary`), and the words saying which scans they come from. */
type Found = { rows: Finding[]; from: string } | { summary: FindingsSummary; from: string };

/** What `findings --summary` shows: the counts by service, and the CIS benchmark section by section. */
interface FindingsSummary {
  services: ServiceSummary[];
  sections: SectionCoverage[];
  coverage: Coverage[];
}

/**
 * The session's findings counted as a scan's summary counts them: every finding (muted ones as muted), and the CIS
 * coverage of the checks its scans ran. A MANUAL finding's reason is its own words here (the engine's are not kept).
 */
async function summaryOf(scans: ScanMemory, from: KeptScan | undefined): Promise<FindingsSummary> {
  // The checks and the tally load only when a summary is asked for: every command's start-up would pay for them.
  const [{ ALL_CHECKS }, { ScanTally, sectionCoverage, serviceOrder }] = await Promise.all([import('../src/scan/checks/index.js'), import('../src/scan/summary.js')]);
  const tally = new ScanTally();
  for (const finding of scans.findings({ muted: true }, from)) tally.add(finding);
  const layers = from ? [from] : scans.current;
  const ran = new Set(layers.flatMap((layer) => layer.scope.checks));
  const coverage = tally.coverage({ all: ALL_CHECKS, ran: ALL_CHECKS.filter((check) => ran.has(check.id)), incomplete: layers[0].info.incompleteScopes });
  const services = tally.summary().sort((a, b) => serviceOrder(a.service) - serviceOrder(b.service));
  return { services, sections: sectionCoverage(coverage), coverage };
}

/** --scan: one scan's findings, by the name its summary gave it (one set aside included). */
const SCAN_OPTION = { type: 'string', describe: 'Only the findings of this scan of the session, by name (one set aside as incomplete too)' } as const;

export const findingsCommand = defineCommand<FindingsArgs, Found>({
  command: 'findings',
  describe: 'In the shell: the findings of the scans run there, FAIL by default, worst first',
  builder: (yargs) =>
    outputOption(
      yargs
        .option('severity', { type: 'string', array: true, choices: SEVERITIES, describe: 'Only these severities' })
        .option('status', { type: 'string', array: true, choices: STATUSES, default: ['FAIL'], describe: 'Only these statuses' })
        .option('check', { type: 'string', array: true, describe: 'Only these checks' })
        .option('region', { type: 'string', array: true, describe: 'Only these regions (global for RAM)' })
        .option('muted', { type: 'boolean', describe: 'Include findings the mutelist muted' })
        .option('scan', SCAN_OPTION)
        .option('summary', { type: 'boolean', describe: 'Counts instead of rows: by service, and the CIS benchmark section by section (of every finding: takes --scan only)' })
        .example('$0 findings --severity critical high', 'the worst of the last scan')
        .example('$0 findings --summary', 'what the session found, by service and by CIS section')
        .example('$0 findings --region cn-hangzhou --output csv', 'as CSV'),
    ),
  run: async (argv, ctx) => {
    const scans = sessionScans(ctx, 'findings');
    if (argv.summary) {
      // Counts of some findings would make a requirement look unchecked: the summary is of them all.
      const narrowed = (['severity', 'check', 'region'] as const).filter((flag) => argv[flag]?.length);
      if (narrowed.length) throw new UsageError(`--summary counts every finding, so it takes no --${narrowed.join(', --')}`, 'findings --summary --scan <name> counts one scan\'s');
    }
    const from = namedScan(scans, argv.scan);
    if (argv.summary) return { summary: await summaryOf(scans, from), from: provenance(scans, from) };
    const found = [...scans.findings({ severities: argv.severity, statuses: argv.status, checks: argv.check, regions: argv.region, muted: argv.muted }, from)];
    return { rows: found.sort(worstFirst), from: provenance(scans, from) };
  },
  present: (answer, io, format) => {
    // Which scans the rows are from is said beside them, on stderr, so the data stays the rows alone.
    note(io, answer.from, 'dim');
    if ('summary' in answer) return presentSummary(answer.summary, io, format);
    const found = answer.rows;
    // At a terminal's width the evidence would squeeze every column to nothing: `why <resource>` shows it whole.
    const roomy = format !== 'table' || !io.stdoutIsTTY || io.columns >= 140;
    const statuses = new Set(found.map((f) => f.status));
    printRecords(io, format, {
      rows: found,
      columns: [
        { header: 'severity', value: (f) => f.severity },
        ...(statuses.size > 1 || found.some((f) => f.muted) || format !== 'table' ? [{ header: 'status', value: (f: Finding) => (f.muted ? `${f.status} (muted)` : f.status) }] : []),
        { header: 'check', value: (f) => f.checkId },
        { header: 'region', value: (f) => f.region },
        { header: 'resource', value: (f) => f.resource.name },
        ...(roomy ? [{ header: 'why', value: (f: Finding) => f.statusExtended, kind: 'text' as const }] : []),
      ],
      json: found,
    });
  },
});

function presentSummary(summary: FindingsSummary, io: IO, format: OutputFormat): void {
  if (format === 'json') return printJson(io, { services: summary.services, sections: summary.sections, coverage: summary.coverage });
  if (format === 'csv') {
    return printRecords(io, 'csv', {
      rows: summary.sections,
      columns: SECTION_COLUMNS,
      json: summary.sections,
    });
  }
  printTable(io, summary.services, serviceColumns(io, summary.services));
  io.stdout.write('\n');
  printSections(io, summary.sections);
}

interface WhyArgs {
  resource: string;
  check?: string[];
  all?: boolean;
  scan?: string;
}

interface Explained {
  finding: Finding;
  check?: CheckMetadata;
}

/** What `why` found about a resource; `fold` when there are too many to explain one by one on a screen. */
interface Why {
  target: string;
  explained: Explained[];
  fold: boolean;
}

/** Up to this many FAIL and MANUAL findings are explained in full; past it, a summary and a line each. */
const FULL = 2;
/** The lines of the folded list, at most. */
const FOLDED_LINES = 12;

export const whyCommand = defineCommand<WhyArgs, Why>({
  command: 'why <resource>',
  describe: 'In the shell: why a resource has its findings: the evidence, the risk and the command that fixes it',
  builder: (yargs) =>
    outputOption(
      yargs
        .positional('resource', { type: 'string', describe: 'A resource name or id (sg-…, dev.wang), its ARN, or a finding uid' })
        .option('check', { type: 'string', array: true, describe: 'Only the findings of these checks, each explained in full' })
        .option('all', { type: 'boolean', describe: 'Explain every finding in full, however many (by default many are summed up, a line each)' })
        .option('scan', SCAN_OPTION),
    )
      .example('$0 why sg-bp1abc', 'every check on that security group, FAIL first')
      .example('$0 why sg-bp1abc --check ecs_securitygroup_restrict_ssh_internet', 'one of them in full'),
  run: async (argv, ctx) => {
    const scans = sessionScans(ctx, 'why');
    const from = namedScan(scans, argv.scan);
    const target = argv.resource;
    const found: Finding[] = [];
    const names = new Set<string>();
    for (const finding of scans.findings({ muted: true, checks: argv.check }, from)) {
      const { resource } = finding;
      if (finding.uid === target || resource.uid === target || resource.name === target || resource.uid.endsWith(`/${target}`)) found.push(finding);
      else if (finding.status === 'FAIL') names.add(resource.name);
    }
    if (found.length === 0) {
      const near = closest(target, [...names]);
      const of = argv.check?.length ? ` of ${argv.check.join(', ')}` : '';
      throw new InputError(`no finding${of} of this session is about ${quoted(target)}`, near ? `did you mean ${near}?` : 'findings lists them; why takes a resource name, its ARN or a finding uid');
    }
    const explained = found.sort(worstFirst).map((finding) => ({ finding, check: scans.check(finding.checkId) }));
    const shown = explained.filter(({ finding }) => finding.status !== 'PASS').length;
    return { target, explained, fold: !argv.all && !argv.check?.length && shown > FULL };
  },
  present: ({ target, explained, fold }, io, format) => {
    if (format !== 'table') return printRecords(io, format, { rows: explained, columns: [], json: explained });
    const passes = explained.filter(({ finding }) => finding.status === 'PASS');
    const shown = explained.filter(({ finding }) => finding.status !== 'PASS');
    if (fold) summarise(io, target, shown, passes.length);
    else for (const explanation of shown) explain(io, explanation);
    // The checks it passes, counted: listed, they would push what it fails off the screen (--output json has them).
    if (passes.length && !fold) io.stdout.write(labelled('passes', `${passes.length} other check${passes.length === 1 ? '' : 's'}`));
  },
});

function heading(io: IO, finding: Finding): string {
  const tone = finding.status === 'FAIL' ? 'red' : 'yellow';
  return `${paint(io, tone, `${finding.muted ? 'muted ' : ''}${finding.status} ${finding.severity}`)}  ${paint(io, 'bold', finding.checkId)}`;
}

/** One finding in full: what, where, the evidence, the risk, the fix and the command that makes it. */
function explain(io: IO, { finding, check }: Explained): void {
  io.stdout.write(`${heading(io, finding)}\n`);
  const facts: [string, string | undefined][] = [
    ['check', check?.title],
    ['resource', `${finding.resource.name} in ${finding.region}`],
    ['arn', finding.resource.uid],
    ['evidence', finding.statusExtended],
    ['details', finding.resource.details],
    ['risk', finding.status === 'FAIL' ? check?.risk : undefined],
    ['fix', check?.remediation.text],
    ['fix command', finding.remediationCli],
    ...Object.entries(finding.compliance).map(([framework, ids]): [string, string] => [framework, ids.join(' ')]),
    ['read more', check?.remediation.url],
    ['finding', finding.uid],
  ];
  for (const [label, value] of facts) if (value) io.stdout.write(labelled(label, value));
  io.stdout.write('\n');
}

/**
 * Many findings on one resource (a security group open on every port fails a check per port): how many of which
 * severity, each fix command once, then a line per finding, as many as a screen holds, and how to see the rest.
 */
function summarise(io: IO, target: string, shown: Explained[], passes: number): void {
  const count = (status: string) => shown.filter(({ finding }) => finding.status === status).length;
  const fails = shown.filter(({ finding }) => finding.status === 'FAIL');
  const bySeverity = SEVERITIES.map((severity) => [severity, fails.filter(({ finding }) => finding.severity === severity).length] as const).filter(([, n]) => n > 0);
  const regions = [...new Set(shown.map(({ finding }) => finding.region))];
  const parts = [
    ...(fails.length ? [`${fails.length} FAIL (${bySeverity.map(([severity, n]) => `${n} ${severity}`).join(', ')})`] : []),
    ...(count('MANUAL') ? [`${count('MANUAL')} MANUAL`] : []),
  ];
  const where = regions.length === 1 ? regions[0] : `${regions.length} regions`;
  // Every fix command once: often one command (revoking one rule) closes them all.
  const commands = [...new Set(fails.flatMap(({ finding }) => (finding.remediationCli ? [finding.remediationCli] : [])))];
  const fixed = fails.filter(({ finding }) => finding.remediationCli).length;
  const them = fixed === fails.length ? (fails.length === 1 ? 'it' : 'them all') : `${fixed} of them`;
  const fixes = commands.length === 0 ? '' : commands.length === 1 ? `; one command fixes ${them}:` : `; ${commands.length} commands fix ${them}:`;
  const passing = passes ? `; it passes ${passes} other check${passes === 1 ? '' : 's'}` : '';
  io.stdout.write(`${paint(io, 'bold', target)}${visible(` in ${where}: ${parts.join(', ')}${passing}${fixes}`)}\n`);
  const listed = commands.slice(0, 3);
  for (const command of listed) io.stdout.write(labelled('fix command', command));
  if (commands.length > listed.length) io.stdout.write(`  … ${commands.length - listed.length} more: --all shows each with its finding\n`);
  io.stdout.write('\n');
  const lines = shown.slice(0, shown.length > FOLDED_LINES ? FOLDED_LINES - 1 : FOLDED_LINES);
  for (const { finding } of lines) {
    const head = `${finding.status} ${finding.severity.padEnd(8)} ${finding.checkId}${regions.length > 1 ? ` ${finding.region}` : ''}`;
    // The evidence gives way to the terminal's width; the check id, which --check takes, never does.
    const room = io.stdoutIsTTY ? io.columns - 2 - stringWidth(head) - 2 : Infinity;
    // The evidence starts with the resource's id, said once above: what follows it is what differs.
    const id = finding.resource.uid.slice(finding.resource.uid.lastIndexOf('/') + 1);
    const lead = [`${id}: `, `${id} `].find((prefix) => finding.statusExtended.startsWith(prefix)) ?? '';
    const evidence = visible(finding.statusExtended.slice(lead.length));
    const shownEvidence = room >= 12 ? `  ${cut(evidence, room)}` : '';
    io.stdout.write(`  ${paint(io, finding.status === 'FAIL' ? 'red' : 'yellow', head)}${paint(io, 'dim', shownEvidence)}\n`);
  }
  if (shown.length > lines.length) io.stdout.write(`  … ${shown.length - lines.length} more\n`);
  const name = /^[\w.@:/*-]+$/.test(target) ? target : '<resource>';
  io.stdout.write(paint(io, 'dim', `why ${name} --check <check> explains one in full, --all every one; --output json has them all.`) + '\n');
}

const LABEL = 13;

/**
 * `  label        value`, on one line however long: a command, an ARN or a sentence is written whole, and the terminal
 * wraps it, so what is copied from the screen is what was written (a hard line break inside a command would paste
 * as two broken commands).
 */
function labelled(label: string, given: string): string {
  return `  ${label.padEnd(LABEL)}${visible(given)}`.trimEnd() + '\n';
}

interface RescanArgs {
  check: string[];
  region?: string[];
}

export const rescanCommand = defineCommand<RescanArgs, ScanOutcome>({
  command: 'rescan',
  describe: 'In the shell: run some checks again (after a fix), in some regions; their findings replace the earlier ones',
  builder: (yargs) =>
    yargs
      .option('check', { type: 'string', array: true, demandOption: 'name the checks to run again with --check', describe: 'The checks to run again' })
      .option('region', { type: 'string', array: true, describe: 'Only these regions (default: those the last scan covered)' })
      .example('$0 rescan --check ecs_securitygroup_restrict_ssh_internet --region cn-hangzhou', 'after closing port 22'),
  run: async (argv, ctx) => {
    const { base } = sessionScans(ctx, 'rescan');
    const { requireKnownChecks } = await import('../src/scan/checks/index.js');
    requireKnownChecks('--check', argv.check);
    // The scan it updates was made with a profile and an endpoint: the rescan uses the same, whatever the shell
    // selects now, and refuses others asked on its line (the findings of two accounts would mix).
    const { source } = base!;
    const made = `${source.profile ? `profile ${source.profile}` : 'the environment\'s credentials'}${source.endpoint ? ` at ${source.endpoint}` : ''}`;
    const refuse = (flag: string) => {
      throw new InputError(`rescan updates scan ${base!.name}, made with ${made}: ${flag} is another`, `rescan takes the profile and endpoint of the scan it updates; scan ${flag} starts a new scan`);
    };
    if (argv.profile !== undefined && argv.profile !== source.profile) refuse(`--profile ${argv.profile}`);
    if (argv.endpoint !== undefined) {
      const asked = endpointOverride(ctx.env, argv.endpoint);
      if ((asked && endpointUrl(asked)) !== source.endpoint) refuse(`--endpoint ${argv.endpoint}`);
    }
    const now = await ctx.session().catch(() => undefined);
    if (now?.profileName !== source.profile || (now?.endpoint && endpointUrl(now.endpoint)) !== source.endpoint) {
      note(ctx.io, `rescan: with ${made}, as scan ${base!.name} was made`, 'dim');
    }
    const args = {
      ...base!.options,
      checks: argv.check,
      regions: argv.region ?? [...base!.scope.regions],
      progress: 'auto',
      'ignore-exit-code-3': false,
    } as ScanArgs;
    return startScan(args, ctx.derive({ selection: source.selection }), 'layer', { account: base!.info.accountUid, name: base!.name });
  },
  present: presentScan,
  exitCode: (outcome) => (outcome.kind === 'scan' ? outcome.exitCode : 0),
});
