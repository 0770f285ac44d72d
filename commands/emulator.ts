import { defineCommand } from '../src/cli/command.js';
import { warn } from '../src/cli/output.js';
import { aborted } from '../src/core/abort.js';
import { InputError, UserError } from '../src/core/errors.js';
import { isLoopbackHost } from '../src/core/url.js';

interface EmulatorArgs {
  world: string;
  host: string;
  port: number;
  latency: number;
}

/** Serves a world file until the command is stopped (SIGINT/SIGTERM in the launcher, the signal in-process). */
export const emulatorCommand = defineCommand<EmulatorArgs, void>({
  command: 'emulator',
  describe: 'Serve a world file as a local Alibaba Cloud (STS, ECS metadata, credentials URIs) on the OpenAPI wire protocol',
  builder: (yargs) =>
    yargs
      .option('world', { type: 'string', demandOption: true, describe: 'World file (JSON) describing the accounts to serve' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
      .option('port', { type: 'number', default: 0, describe: 'Port to listen on (0: any free port, printed on start)' })
      .option('latency', { type: 'number', default: 0, describe: 'Milliseconds added to every API response' })
      .example('$0 emulator --world world.json --port 18080', 'then: aliaudit --endpoint http://127.0.0.1:18080 whoami'),
  run: async (argv, ctx) => {
    if (!Number.isInteger(argv.port) || argv.port < 0 || argv.port > 65535) {
      throw new InputError(`--port must be an integer from 0 to 65535, not ${argv.port}`, 'use --port 0 to pick any free port');
    }
    if (!Number.isFinite(argv.latency) || argv.latency < 0) {
      throw new InputError(`--latency must be a number of milliseconds >= 0, not ${argv.latency}`, 'omit --latency for none');
    }
    const { loadWorldFile, WorldError } = await import('../src/emulator/world.js');
    const { startEmulator } = await import('../src/emulator/server.js');
    let state;
    try {
      state = loadWorldFile(argv.world);
    } catch (error) {
      // Field errors name a JSON path inside the file; say which file too.
      if (error instanceof WorldError && error.path !== argv.world) throw new InputError(`${argv.world}: ${error.message}`, error.hint);
      throw error;
    }
    let emulator;
    try {
      emulator = await startEmulator({ state, host: argv.host, port: argv.port, latencyMs: argv.latency });
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
