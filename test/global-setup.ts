import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * Builds dist/ once, before any test file runs: the few tests that spawn the CLI (launcher, start-up, signals, exec)
 * run what a user runs, and nothing rebuilds it while another file is using it.
 */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs')], {
    cwd: join(import.meta.dirname, '..'),
    stdio: 'inherit',
  });
}
