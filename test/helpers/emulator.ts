import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { cliPath, ensureBuilt, repoRoot } from './cli.js';
import { cleanEnv } from './env.js';

export const fixtureWorld = join(repoRoot, 'test', 'fixtures', 'world.json');

export interface RunningEmulator {
  url: string;
  /** host:port, as --endpoint takes it after http:// */
  host: string;
  stop(): Promise<void>;
}

/** Starts `aliaudit emulator` on port 0 as a child process and waits for its `listening` line. */
export async function spawnEmulator(world = fixtureWorld, extraArgs: string[] = []): Promise<RunningEmulator> {
  ensureBuilt();
  const child: ChildProcess = spawn(process.execPath, [cliPath, 'emulator', '--world', world, '--port', '0', ...extraArgs], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${err}`)), 15_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /^listening (http:\/\/\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${err}`));
    });
  });
  return {
    url,
    host: url.replace(/^http:\/\//, ''),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
