#!/usr/bin/env node
// The launcher: the only place that touches the process itself (signals, exit codes, broken pipes). Everything else
// runs in-process through main(args, ctx), so one process can run many command lines.
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = await import('../dist/src/version.js');
  process.stdout.write(`${version}\n`);
} else {
  process.exitCode = await run(await import('../dist/src/cli/app.js'));
}

async function run({ main, createContext, colorAllowed }) {
  const { stdout, stderr, stdin, env } = process;
  // A reader that stops early (`aliaudit … | head`) is not an error: stop quietly, as Unix tools do.
  for (const stream of [stdout, stderr]) {
    stream.on('error', (error) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }

  // A signal goes to whoever trapped it (exec passes it to its child); otherwise it interrupts the command, and a
  // second one ends the process at once. Either way the exit code is the shells' 128 + the signal's number: 130 for
  // Ctrl-C, 143 for SIGTERM, 129 for SIGHUP (the abort's reason names the signal, so a scan's summary says it too).
  const interrupt = new AbortController();
  const traps = new Map();
  const exitCodeOf = (signal) => 128 + constants.signals[signal];
  const onSignal = (signal) => {
    const handlers = traps.get(signal);
    if (handlers?.size) for (const handler of handlers) handler(signal);
    else if (!interrupt.signal.aborted) interrupt.abort(Object.assign(new DOMException(`interrupted by ${signal}`, 'AbortError'), { signal }));
    else process.exit(exitCodeOf(signal));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
  const signals = {
    trap(signal, handler) {
      if (!traps.has(signal)) traps.set(signal, new Set());
      traps.get(signal).add(handler);
      return () => traps.get(signal).delete(handler);
    },
  };

  const ctx = createContext({
    io: {
      stdout,
      stderr,
      stdin,
      stdoutIsTTY: Boolean(stdout.isTTY),
      stderrIsTTY: Boolean(stderr.isTTY),
      stdinIsTTY: Boolean(stdin.isTTY),
      color: colorAllowed(env, Boolean(stderr.isTTY)),
      columns: stdout.columns || 100,
      inheritable: true,
    },
    env,
    now: () => new Date(),
    homedir: env.HOME || env.USERPROFILE || '',
    cwd: process.cwd(),
    signal: interrupt.signal,
    signals,
    execGuard: fileURLToPath(new URL('./exec-guard.js', import.meta.url)),
  });
  let code = await main(args, ctx);
  // An interrupted command says 130; the signal that interrupted it decides.
  if (interrupt.signal.aborted && code === 130) code = exitCodeOf(interrupt.signal.reason.signal);
  // An interrupted command may leave a request in flight until its timeout: do not wait for it.
  if (interrupt.signal.aborted) stdout.write('', () => process.exit(code));
  return code;
}
