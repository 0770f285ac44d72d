import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/server.js';
import { loadWorldFile } from '../../src/emulator/world.js';
import { repoRoot } from './cli.js';

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
