import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { loadWorldFile } from '../../src/emulator/world.js';
import { repoRoot } from './cli.js';
import { writeConfig } from './profiles.js';

export const fixtureWorld = join(repoRoot, 'test', 'fixtures', 'world.json');

export interface RunningEmulator {
  url: string;
  /** host:port, as --endpoint takes it after http:// */
  host: string;
  stop(): Promise<void>;
}

/** Serves a world file in this process on a free port: commands in-process and spawned CLIs alike can reach it. */
export async function startTestEmulator(world = fixtureWorld, options: { latencyMs?: number } = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ state: loadWorldFile(world), host: '127.0.0.1', port: 0, latencyMs: options.latencyMs ?? 0 });
  return { url: emulator.url, host: emulator.url.replace(/^http:\/\//, ''), stop: () => emulator.close() };
}

/** For a test file: the fixture world served for all its tests, and a config.json of the usual profiles aimed at it. */
export function useProfilesEmulator(): { readonly url: string; readonly configPath: string } {
  let emulator: RunningEmulator | undefined;
  let configPath = '';
  beforeAll(async () => {
    emulator = await startTestEmulator();
    ({ configPath } = writeConfig(emulator.url));
  });
  afterAll(() => emulator?.stop());
  return {
    get url() {
      return emulator!.url;
    },
    get configPath() {
      return configPath;
    },
  };
}
