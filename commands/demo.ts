import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineCommand } from '../src/cli/command.js';
import { note, paint } from '../src/cli/output.js';
import { ExitCode, InputError, UsageError } from '../src/core/errors.js';
import { DirectoryError, makeDirectories } from '../src/core/paths.js';
import type { ConfigFile } from '../profiles/model.js';
import { parseLatency } from './emulator.js';
import { presentScan, SCAN_DEFAULTS, startScan } from './scan.js';

interface DemoArgs {
  latency: string;
  'output-directory'?: string;
}

/** What the demo came to: the exit code of the step that ended it, and the HTML report of a finished scan. */
interface DemoRun {
  exitCode: number;
  report?: string;
}

/** A region a country away; with the demo account's API quotas, the scan takes about 30 s. */
const DEFAULT_LATENCY = '40:20';
const PROFILE = 'demo';

/** whoami and a scan of the demo world, served in this process, as a profile that exists only in memory. */
export const demoCommand = defineCommand<DemoArgs, DemoRun>({
  command: 'demo',
  describe: 'Try aliaudit with no account: whoami and a scan of a made-up account on a local emulator, then the report to open',
  builder: (yargs) =>
    yargs
      .option('latency', {
        type: 'string',
        default: DEFAULT_LATENCY,
        describe: 'Milliseconds the emulated cloud takes to answer, MS or MS:JITTER; 0 lifts the account\'s API quotas too, so the demo runs as fast as it can',
      })
      .option('output-directory', { type: 'string', describe: 'Folder for the report files (default: a new temporary folder)' }),
  run: async (argv, ctx) => {
    const ignored = (['profile', 'region', 'endpoint', 'config-path'] as const).filter((flag) => argv[flag] !== undefined);
    if (ignored.length > 0) {
      throw new UsageError(`the demo runs on its own emulator as its own profile: --${ignored[0]} has no place here`, 'run aliaudit demo alone; aliaudit scan takes --profile and --endpoint');
    }
    const { latencyMs, jitterMs } = parseLatency(String(argv.latency), `the default, ${DEFAULT_LATENCY}`);
    const directory = await reportDirectory(argv['output-directory'], ctx.cwd);
    const [{ loadWorld }, { startEmulator }, demo, { runCommandLine }] = await Promise.all([
      import('../src/emulator/world.js'),
      import('../src/emulator/server.js'),
      import('../src/emulator/worlds/demo.js'),
      import('../src/cli/main.js'),
    ]);
    // The quotas are what make the scan last long enough to watch; a cloud asked to answer at once is an idle one.
    const state = loadWorld(latencyMs > 0 ? { ...demo.demoWorld(), Quotas: demo.DEMO_QUOTAS } : demo.demoWorld());
    const emulator = await startEmulator({ state, latencyMs, latencyJitterMs: jitterMs });
    try {
      const { accessKeyId, accessKeySecret, region } = demo.DEMO_CREDENTIALS;
      const config: ConfigFile = {
        current: PROFILE,
        profiles: [{ name: PROFILE, mode: 'AK', access_key_id: accessKeyId, access_key_secret: accessKeySecret, region_id: region }],
      };
      // Its scan is not kept for findings, why and rescan in a shell: the emulator is gone when the demo ends.
      const demoCtx = ctx.derive({ selection: { config, profile: PROFILE, endpoint: emulator.url, region }, scans: undefined });
      note(ctx.io, `aliaudit demo: a made-up account served by a local emulator at ${emulator.url}; nothing leaves this machine, and no profile is saved.`);
      const whoami = await runCommandLine(['whoami'], demoCtx);
      if (whoami.exitCode !== 0) return { exitCode: whoami.exitCode };
      const regions = state.Regions.map((r) => r.RegionId);
      note(ctx.io, `\nScanning every service in ${regions.length} regions${latencyMs > 0 ? ', about half a minute' : ''}:`);
      // The scan itself, called as the scan command calls it (not a command line composed and parsed again).
      const outcome = await startScan(
        { ...SCAN_DEFAULTS, regions, 'output-directory': directory, 'output-formats': ['html', 'json-ocsf', 'csv', 'sarif'], 'ignore-exit-code-3': true },
        demoCtx,
        'replace',
      );
      presentScan(outcome, demoCtx.io);
      const exitCode = outcome.kind === 'scan' ? outcome.exitCode : ExitCode.Ok;
      const files = outcome.kind === 'scan' ? outcome.files : [];
      // An incomplete scan (exit 4) still wrote its report, which says what is missing.
      const finished = exitCode === ExitCode.Ok || exitCode === ExitCode.Incomplete;
      return { exitCode, report: finished ? files.find((file) => file.endsWith('.html')) : undefined };
    } finally {
      await emulator.close();
    }
  },
  present: (run, io) => {
    if (run.report) io.stdout.write(`\nOpen the report: ${paint(io, 'bold', run.report)}\n`);
  },
  exitCode: (run) => run.exitCode,
});

/** The report's folder, made now: one that cannot be is refused before the demo starts, not after its scan. */
async function reportDirectory(given: string | undefined, cwd: string): Promise<string> {
  if (given === undefined) return mkdtemp(join(tmpdir(), 'aliaudit-demo-'));
  const directory = resolve(cwd, given);
  try {
    await makeDirectories(directory);
  } catch (error) {
    if (!(error instanceof DirectoryError)) throw error;
    throw new InputError(`--output-directory ${given} ${error.reason}`, 'choose another folder, or leave --output-directory out for a new temporary one');
  }
  return directory;
}
