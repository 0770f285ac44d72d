// The live dashboard's cost, in a real pseudo-terminal of 80×24 (tmux) as over SSH: bytes written to the terminal a
// second, the CPU the aliaudit process uses, and whether drawing slows the scan (the same world scanned with the plain
// reporter and with the dashboard, interleaved). Then `aliaudit demo` itself. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cli, median, scratch, startEmulator, writeAkConfig } from './lib.mjs';

const WORLD = 'regions=6,users=300,instances=3000,security-groups=600,disks=3000,seed=5,qps=30';
const SCANNER = { name: 'scanner', keyId: 'LTAI5tGeneratedScanner01', secret: 'GeneratedScannerSecretLocalOnly' };
const RUNS = 2;

/** Runs `args` of aliaudit in a fresh 80×24 tmux pane; answers its wall and CPU seconds and the bytes it wrote. */
function inTerminal(name, args, env, work) {
  const socket = `aliaudit-bench-${process.pid}-${name}`;
  const record = join(work, `${name}.bytes`);
  const times = join(work, `${name}.time`);
  const done = join(work, `${name}.done`);
  const tmux = (...rest) => execFileSync('tmux', ['-L', socket, ...rest], { env });
  const quoted = [process.execPath, cli, ...args].map((word) => `'${word}'`).join(' ');
  tmux('new-session', '-d', '-x', '80', '-y', '24', `sleep 0.3; /usr/bin/time -f '%e %U %S' -o '${times}' ${quoted}; touch '${done}'; sleep 60`);
  tmux('pipe-pane', '-O', `cat > '${record}'`);
  while (!existsSync(done)) execFileSync('sleep', ['0.2']);
  tmux('kill-server');
  const [wall, user, system] = readFileSync(times, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + system, bytes: statSync(record).size };
}

const { work, env, remove } = scratch();
const terminal = { ...env, TERM: 'xterm-256color' };
delete terminal.NO_COLOR;
const emulator = await startEmulator(env, null, ['--generate', WORLD, '--latency', '40:20']);
try {
  const config = writeAkConfig(work, SCANNER);
  const scan = (progress) => ['scan', '--endpoint', emulator.url, '--config-path', config, '--output-directory', join(work, 'out'), '--output-formats', 'csv', '--progress', progress, '--ignore-exit-code-3'];
  console.log(`world ${WORLD}, 40±20 ms a call, 30 calls/s per API; 80×24 pane, ${RUNS} interleaved runs each`);
  const plain = [];
  const dashboard = [];
  for (let run = 0; run < RUNS; run++) {
    plain.push(inTerminal(`plain-${run}`, scan('plain'), terminal, work));
    dashboard.push(inTerminal(`dashboard-${run}`, scan('dashboard'), terminal, work));
  }
  const show = (label, runs) => {
    const wall = median(runs.map((r) => r.wall));
    console.log(
      `  ${label.padEnd(10)} wall ${wall.toFixed(1)} s · ${(median(runs.map((r) => r.bytes / r.wall)) / 1024).toFixed(2)} KB/s to the terminal · CPU ${(100 * median(runs.map((r) => r.cpu / r.wall))).toFixed(1)} % of a core`,
    );
    return wall;
  };
  const plainWall = show('plain', plain);
  const dashboardWall = show('dashboard', dashboard);
  console.log(`  the dashboard's scan takes ${(100 * (dashboardWall / plainWall - 1)).toFixed(1)} % longer than the plain reporter's (budget: within 5 %)`);
} finally {
  emulator.stop();
}

// The demo runs its emulator in the same process: its CPU includes serving every call.
const demos = [];
for (let run = 0; run < RUNS; run++) demos.push(inTerminal(`demo-${run}`, ['demo', '--output-directory', join(work, 'demo')], terminal, work));
console.log(
  `aliaudit demo: wall ${median(demos.map((r) => r.wall)).toFixed(1)} s · ${(median(demos.map((r) => r.bytes / r.wall)) / 1024).toFixed(2)} KB/s to the terminal (budget 10) · CPU ${(100 * median(demos.map((r) => r.cpu / r.wall))).toFixed(1)} % of a core with the emulator in the process (budget 25 %)`,
);
remove();
