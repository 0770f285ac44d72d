import { defineCommand } from '../src/cli/command.js';
import { checkNumber, type NumberRule } from '../src/cli/numbers.js';
import { warn } from '../src/cli/output.js';
import { aborted } from '../src/core/abort.js';
import { InputError, UserError } from '../src/core/errors.js';
import { isLoopbackHost } from '../src/core/url.js';

interface EmulatorArgs {
  world?: string;
  generate?: string;
  host: string;
  port: number;
  latency: string;
  faults: string;
  faultSeed?: string;
}

const PORT: NumberRule = { min: 0, max: 65535, integer: true, default: '0, any free port' };

/** `--world demo` serves the built-in demo world; a file of that name is `--world ./demo`. */
const DEMO_WORLD = 'demo';

const LATENCY_ACCEPTED = 'MS or MS:JITTER, milliseconds >= 0 such as 40 or 40:20 (40 ms, give or take 20)';

/** `MS` or `MS:JITTER`, each a decimal number >= 0; `omitted` says what leaving --latency out gives. */
export function parseLatency(text: string, omitted = 'none'): { latencyMs: number; jitterMs: number } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?::\s*(\d+(?:\.\d+)?)\s*)?$/.exec(text);
  if (!match) throw new InputError(`--latency must be ${LATENCY_ACCEPTED}, not ${JSON.stringify(text)}`, `omit --latency for ${omitted}`);
  return { latencyMs: Number(match[1]), jitterMs: match[2] === undefined ? 0 : Number(match[2]) };
}

function parseFaultRate(text: string): number {
  const rate = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
  if (!(rate >= 0 && rate <= 1)) {
    throw new InputError(`--faults must be a share of requests from 0 to 1 (such as 0.03), not ${JSON.stringify(text)}`, 'omit --faults for none');
  }
  return rate;
}

function parseFaultSeed(text: string): number {
  const seed = /^\s*\d{1,15}\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(seed)) throw new InputError(`--fault-seed must be a whole number >= 0, not ${JSON.stringify(text)}`, 'omit --fault-seed for the fixed default');
  return seed;
}

/** Serves a world until the command is stopped (SIGINT/SIGTERM in the launcher, the signal in-process). */
export const emulatorCommand = defineCommand<EmulatorArgs, void>({
  command: 'emulator',
  describe: 'Serve a world as a local Alibaba Cloud (RAM, STS, ECS metadata, credentials URIs) on the OpenAPI wire protocol',
  builder: (yargs) =>
    yargs
      .option('world', { type: 'string', describe: `World file (JSON) describing the accounts to serve, or "${DEMO_WORLD}" for the built-in demo world` })
      .option('generate', {
        type: 'string',
        describe: 'Instead of --world: build a large world from a spec such as regions=24,users=2000,instances=50000,security-groups=5000,disks=60000,seed=7 (keys: regions, users, groups, roles, policies, instances, security-groups, disks, seed, qps (calls a second per API); all optional, "default" for all defaults)',
      })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
      .option('port', { type: 'number', default: 0, describe: 'Port to listen on (0: any free port, printed on start)' })
      .option('latency', { type: 'string', default: '0', describe: 'Milliseconds added to every API response, MS or MS:JITTER (e.g. 40:20 for 20–60 ms)' })
      .option('faults', { type: 'string', default: '0', describe: 'Share of API requests (0–1, e.g. 0.03) answered by a fault: 503, 500, a reset connection or no answer at all' })
      .option('fault-seed', { type: 'string', describe: 'Seed of the faults and the latency jitter (default 1): the same seed faults the same requests' })
      .example('$0 emulator --world world.json --port 18080', 'then: aliaudit --endpoint http://127.0.0.1:18080 whoami')
      .example('$0 emulator --world demo --latency 40:20 --faults 0.03', 'the built-in demo world over a flaky network'),
  run: async (argv, ctx) => {
    checkNumber('--port', argv.port, PORT);
    const { latencyMs, jitterMs } = parseLatency(String(argv.latency));
    const faultRate = parseFaultRate(String(argv.faults));
    const faultSeed = argv.faultSeed === undefined ? undefined : parseFaultSeed(String(argv.faultSeed));
    if (argv.world !== undefined && argv.generate !== undefined) {
      throw new InputError('give either --world or --generate, not both', '--world serves a file (or "demo"), --generate builds a world from a spec');
    }
    if (argv.world === undefined && argv.generate === undefined) {
      throw new InputError('name the world to serve: --world FILE, --world demo or --generate SPEC', 'e.g. aliaudit emulator --world demo');
    }
    const { loadWorld, loadWorldFile, WorldError } = await import('../src/emulator/world.js');
    const { startEmulator } = await import('../src/emulator/server.js');
    let state;
    if (argv.generate !== undefined) {
      const { generateWorld, parseGenerateSpec, GenerateSpecError } = await import('../src/emulator/generate.js');
      let spec;
      try {
        spec = parseGenerateSpec(argv.generate);
      } catch (error) {
        if (error instanceof GenerateSpecError) throw new InputError(`--generate ${error.message}`, error.hint);
        throw error;
      }
      state = loadWorld(generateWorld(spec));
    } else if (argv.world === DEMO_WORLD) {
      const { demoWorld } = await import('../src/emulator/worlds/demo.js');
      state = loadWorld(demoWorld());
    } else {
      const world = argv.world!;
      try {
        state = loadWorldFile(world);
      } catch (error) {
        // Field errors name a JSON path inside the file; say which file too.
        if (error instanceof WorldError && error.path !== world) throw new InputError(`${world}: ${error.message}`, error.hint);
        throw error;
      }
    }
    let emulator;
    try {
      emulator = await startEmulator({ state, host: argv.host, port: argv.port, latencyMs, latencyJitterMs: jitterMs, faultRate, faultSeed });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
        throw new UserError(`cannot listen on ${argv.host}:${argv.port} (${code})`, 'use another --port (0 picks a free one) or --host');
      }
      throw error;
    }
    if (!isLoopbackHost(argv.host)) {
      warn(
        ctx.io,
        `${argv.host} is not a loopback address: the ECS metadata (/latest/meta-data/ram/security-credentials/…) and credentials-URI ` +
          'paths hand out the world\'s role credentials to anyone who can reach this port, without authentication. ' +
          'Use --host 127.0.0.1 unless other machines must reach it.',
      );
    }
    ctx.io.stdout.write(`listening ${emulator.url}\n`);
    // Serving is the command's work, not its result: it ends when the command is stopped, then closes cleanly.
    await aborted(ctx.signal);
    await emulator.close();
  },
});
