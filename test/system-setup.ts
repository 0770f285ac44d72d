import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

/*
 * Makes sure Debian's Chromium is there for the tests that open reports in a real browser (playwright-core drives
 * /usr/bin/chromium; it never downloads a browser of its own). As root it installs the package when it is missing;
 * otherwise, or when the install fails, it says why and how, and the browser tests fail with that message: they never
 * pass by skipping.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_HOW_TO_INSTALL =
  'install Debian\'s Chromium as root: apt-get update && apt-get install -y --no-install-recommends chromium';

export interface ChromiumState {
  path: string;
  /** Why the browser tests cannot run, with how to fix it; absent when Chromium is there. */
  problem?: string;
  /** How long this run took to install it, when it did. */
  installedInMs?: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumState;
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

export function ensureChromium(): ChromiumState {
  if (existsSync(CHROMIUM)) return { path: CHROMIUM };
  if (process.getuid?.() !== 0) {
    return { path: CHROMIUM, problem: `${CHROMIUM} is missing and this is not root, so it cannot be installed here: ${CHROMIUM_HOW_TO_INSTALL}` };
  }
  const started = Date.now();
  // Another test run on this machine may hold the dpkg lock: wait for it rather than fail.
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  const update = run(['apt-get', ...lock, 'update']);
  if (!update.ok) {
    return { path: CHROMIUM, problem: `apt-get update failed, so ${CHROMIUM} could not be installed (${CHROMIUM_HOW_TO_INSTALL}):\n${tail(update.output)}` };
  }
  const install = run(['apt-get', ...lock, 'install', '-y', '--no-install-recommends', 'chromium']);
  const installedInMs = Date.now() - started;
  if (!install.ok || !existsSync(CHROMIUM)) {
    return { path: CHROMIUM, problem: `apt-get install chromium failed (${CHROMIUM_HOW_TO_INSTALL}):\n${tail(install.output)}` };
  }
  console.log(`browser-setup: installed Debian's chromium in ${(installedInMs / 1000).toFixed(1)} s`);
  return { path: CHROMIUM, installedInMs };
}

export default function setup(project: TestProject): void {
  const state = ensureChromium();
  if (state.problem) console.error(`browser-setup: the browser tests will fail: ${state.problem}`);
  project.provide('chromium', state);
}
