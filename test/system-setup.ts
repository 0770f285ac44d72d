import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

/*
 * Makes sure the Debian programs some tests drive are there: Chromium for the tests that open reports in a real
 * browser (playwright-core drives /usr/bin/chromium; it never downloads a browser of its own), tmux for the tests
 * that run the shell in a real pseudo-terminal, and zsh for the completion test that runs in it. As root it installs a missing package; otherwise, or when the install
 * fails, it says why and how, and those tests fail with that message: they never pass by skipping.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const TMUX = '/usr/bin/tmux';
/** zsh, for the test that Tab-completes through `source <(aliaudit completion)` in it as in bash. */
export const ZSH = '/usr/bin/zsh';
const howToInstall = (pkg: string) => `install Debian's ${pkg} as root: apt-get update && apt-get install -y --no-install-recommends ${pkg}`;
export const CHROMIUM_HOW_TO_INSTALL = howToInstall('chromium');

export interface ProgramState {
  path: string;
  /** Why the tests that need it cannot run, with how to fix it; absent when it is there. */
  problem?: string;
  /** How long this run took to install it, when it did. */
  installedInMs?: number;
}
export type ChromiumState = ProgramState;

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ProgramState;
    tmux: ProgramState;
    zsh: ProgramState;
  }
}

function run(args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(args[0], args.slice(1), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output };
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The program at `path`, installing Debian package `pkg` when it is missing and this is root. */
export function ensureProgram(pkg: string, path: string): ProgramState {
  if (existsSync(path)) return { path };
  if (process.getuid?.() !== 0) {
    return { path, problem: `${path} is missing and this is not root, so it cannot be installed here: ${howToInstall(pkg)}` };
  }
  const started = Date.now();
  // Another test run on this machine may hold the dpkg lock: wait for it rather than fail.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const update = run(['apt-get', ...lock, 'update']);
  if (!update.ok) {
    return { path, problem: `apt-get update failed, so ${path} could not be installed (${howToInstall(pkg)}):\n${tail(update.output)}` };
  }
  const install = run(['apt-get', ...lock, 'install', '-y', '--no-install-recommends', pkg]);
  const installedInMs = Date.now() - started;
  if (!install.ok || !existsSync(path)) {
    return { path, problem: `apt-get install ${pkg} failed (${howToInstall(pkg)}):\n${tail(install.output)}` };
  }
  console.log(`system-setup: installed Debian's ${pkg} in ${(installedInMs / 1000).toFixed(1)} s`);
  return { path, installedInMs };
}

export const ensureChromium = () => ensureProgram('chromium', CHROMIUM);

export default function setup(project: TestProject): void {
  const chromium = ensureChromium();
  if (chromium.problem) console.error(`system-setup: the browser tests will fail: ${chromium.problem}`);
  project.provide('chromium', chromium);
  const tmux = ensureProgram('tmux', TMUX);
  if (tmux.problem) console.error(`system-setup: the terminal tests will fail: ${tmux.problem}`);
  project.provide('tmux', tmux);
  const zsh = ensureProgram('zsh', ZSH);
  if (zsh.problem) console.error(`system-setup: the zsh completion test will fail: ${zsh.problem}`);
  project.provide('zsh', zsh);
}
