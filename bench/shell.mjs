// Budget of the interactive shell (issue 9): the time from `aliaudit` to a prompt that accepts keys, median ≤ 5 ×
// `node -e 0`, both run in a pseudo-terminal (util-linux `script`) and measured interleaved. "Accepts keys": a key
// sent the moment the prompt is drawn shows up on the prompt line. Prints figures; asserts nothing.
// Usage: npm run build && node bench/shell.mjs [runs]
import { spawn } from 'node:child_process';
import { cli, median, scratch, startEmulator, writeAkConfig } from './lib.mjs';

const runs = Number(process.argv[2] ?? 15);
const { work, env, remove } = scratch();
const emulator = await startEmulator(env);
const config = writeAkConfig(work, { name: 'alice', keyId: 'LTAIalice001', secret: 'alice-secret-0001-do-not-share' });
const quote = (word) => `'${word.replace(/'/g, `'\\''`)}'`;
// A pseudo-terminal made by script has no size until it is given one.
const sized = (command) => `stty cols 80 rows 24; exec ${command}`;
const shellLine = sized([process.execPath, cli, '--config-path', config, '--endpoint', emulator.url].map(quote).join(' '));
const plain = (text) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\u001b[=>]/g, '');

/** Runs `command` in a pseudo-terminal; answers ms until it exits. */
function timeToExit(command) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...env, TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    child.stdout.resume();
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

/** Starts the shell in a pseudo-terminal: ms until the prompt is drawn, and until a key typed then is echoed. */
function timeToPrompt() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', shellLine, '/dev/null'], { env: { ...env, TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    let screen = '';
    let drawn;
    let echoed;
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      screen += chunk;
      const text = plain(screen);
      if (drawn === undefined && text.includes('›')) {
        drawn = performance.now() - started;
        child.stdin.write('q');
      } else if (drawn !== undefined && echoed === undefined && /› q/.test(text)) {
        echoed = performance.now() - started;
        child.stdin.write('\u0015\u0004');
      }
    });
    child.on('error', reject);
    child.on('exit', () => (echoed === undefined ? reject(new Error(`the shell never echoed a key:\n${plain(screen)}`)) : resolve({ drawn, echoed })));
  });
}

try {
  await timeToExit(sized(`${quote(process.execPath)} -e 0`));
  await timeToPrompt(); // warm the file cache
  const base = [];
  const drawn = [];
  const echoed = [];
  for (let i = 0; i < runs; i++) {
    base.push(await timeToExit(sized(`${quote(process.execPath)} -e 0`)));
    const shell = await timeToPrompt();
    drawn.push(shell.drawn);
    echoed.push(shell.echoed);
  }
  const b = median(base);
  console.log(`shell start-up in a pseudo-terminal (script), median of ${runs} interleaved runs`);
  console.log(`  node -e 0                                  ${median(base).toFixed(1).padStart(7)} ms`);
  console.log(`  aliaudit → prompt drawn                    ${median(drawn).toFixed(1).padStart(7)} ms  ${(median(drawn) / b).toFixed(2)} × node -e 0`);
  console.log(`  aliaudit → first key echoed on the prompt  ${median(echoed).toFixed(1).padStart(7)} ms  ${(median(echoed) / b).toFixed(2)} × node -e 0 (budget 5 ×)`);
} finally {
  emulator.stop();
  remove();
}
