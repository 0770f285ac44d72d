/**
 * What the scans of a shell session found, asked after the scan: `findings` lists them, `why` explains one, `rescan`
 * runs some checks again. They live in the shell, where the scans' findings are kept; on the command line they say so.
 */
import { defineCommand } from '../src/cli/command.js';
import type { Context } from '../src/cli/context.js';
import { paint } from '../src/cli/output.js';
import { outputOption, printRecords } from '../src/cli/records.js';
import { InputError, UsageError } from '../src/core/errors.js';
import { closest } from '../src/core/similar.js';
import { quoted, visible } from '../src/core/visible.js';
import type { ScanMemory } from '../src/scan/memory.js';
import { type CheckMetadata, type Finding, SEVERITIES, type Severity, STATUSES, type Status } from '../src/scan/model.js';
import { presentScan, type ScanArgs, type ScanOutcome, startScan } from './scan.js';

/** The session's scans, or a usage error saying where these commands work. */
function sessionScans(ctx: Context, verb: string): ScanMemory {
  if (!ctx.scans) {
    throw new UsageError(`${verb} works in the shell, on the scans run there`, 'start the shell with aliaudit, run scan, then findings, why or rescan');
  }
  if (!ctx.scans.base) throw new InputError(`no scan has run in this session yet, so there is nothing for ${verb}`, 'run scan first, e.g. scan --regions cn-hangzhou');
  return ctx.scans;
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
}

export const findingsCommand = defineCommand<FindingsArgs, Finding[]>({
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
        .example('$0 findings --severity critical high', 'the worst of the last scan')
        .example('$0 findings --region cn-hangzhou --output csv', 'as CSV'),
    ),
  run: async (argv, ctx) => {
    const found = [...sessionScans(ctx, 'findings').findings({ severities: argv.severity, statuses: argv.status, checks: argv.check, regions: argv.region, muted: argv.muted })];
    return found.sort(worstFirst);
  },
  present: (found, io, format) => {
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
        ...(roomy ? [{ header: 'why', value: (f: Finding) => f.statusExtended }] : []),
      ],
      json: found,
    });
  },
});

interface WhyArgs {
  resource: string;
}

interface Explained {
  finding: Finding;
  check?: CheckMetadata;
}

export const whyCommand = defineCommand<WhyArgs, Explained[]>({
  command: 'why <resource>',
  describe: 'In the shell: why a resource has its findings: the evidence, the risk and the command that fixes it',
  builder: (yargs) =>
    outputOption(yargs.positional('resource', { type: 'string', describe: 'A resource name or id (sg-…, dev.wang), its ARN, or a finding uid' })).example(
      '$0 why sg-bp1abc',
      'every check on that security group, FAIL first',
    ),
  run: async (argv, ctx) => {
    const scans = sessionScans(ctx, 'why');
    const target = argv.resource;
    const found: Finding[] = [];
    const names = new Set<string>();
    for (const finding of scans.findings({ muted: true })) {
      const { resource } = finding;
      if (finding.uid === target || resource.uid === target || resource.name === target || resource.uid.endsWith(`/${target}`)) found.push(finding);
      else if (finding.status === 'FAIL') names.add(resource.name);
    }
    if (found.length === 0) {
      const near = closest(target, [...names]);
      throw new InputError(`no finding of this session is about ${quoted(target)}`, near ? `did you mean ${near}?` : 'findings lists them; why takes a resource name, its ARN or a finding uid');
    }
    return found.sort(worstFirst).map((finding) => ({ finding, check: scans.check(finding.checkId) }));
  },
  present: (explained, io, format) => {
    if (format !== 'table') return printRecords(io, format, { rows: explained, columns: [], json: explained });
    const passes = explained.filter(({ finding }) => finding.status === 'PASS');
    for (const { finding, check } of explained.filter(({ finding }) => finding.status !== 'PASS')) {
      const tone = finding.status === 'FAIL' ? 'red' : 'yellow';
      io.stdout.write(`${paint(io, tone, `${finding.muted ? 'muted ' : ''}${finding.status} ${finding.severity}`)}  ${paint(io, 'bold', finding.checkId)}\n`);
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
      // A command or an id is never wrapped: it is copied whole.
      for (const [label, value] of facts) if (value) io.stdout.write(labelled(label, value, io.stdoutIsTTY && !UNWRAPPED.has(label) ? io.columns : 0));
      io.stdout.write('\n');
    }
    // The checks it passes, counted: listed, they would push what it fails off the screen (--output json has them).
    if (passes.length) io.stdout.write(labelled('passes', `${passes.length} other check${passes.length === 1 ? '' : 's'}`, 0));
  },
});

const LABEL = 13;
const UNWRAPPED = new Set(['arn', 'fix command', 'finding']);

/** `  label        value`, the value wrapped at word breaks under itself to fit `width` (0: no wrapping). */
function labelled(label: string, given: string, width: number): string {
  const value = visible(given);
  const room = width > LABEL + 20 ? width - LABEL - 2 : Infinity;
  const lines: string[] = [];
  let line = '';
  for (const word of value.split(/(?<=[\s,])/)) {
    if (line && line.length + word.trimEnd().length > room) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += word;
  }
  lines.push(line.trimEnd());
  return `${lines.map((text, index) => `  ${(index ? '' : label).padEnd(LABEL)}${text}`).join('\n')}\n`;
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
    const args = {
      ...base!.options,
      checks: argv.check,
      regions: argv.region ?? [...base!.scope.regions],
      progress: 'auto',
      'ignore-exit-code-3': false,
    } as ScanArgs;
    return startScan(args, ctx, 'layer');
  },
  present: presentScan,
  exitCode: (outcome) => (outcome.kind === 'scan' ? outcome.exitCode : 0),
});
