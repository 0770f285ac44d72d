import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { bufferContext } from '../helpers/context.js';
import { fixtureWorld } from '../helpers/emulator.js';
import { BOB } from '../helpers/profiles.js';

export const ROOT = { id: 'LTAIroot0001', secret: 'root-secret-0001-do-not-share' };

/** The fixture world plus `users` and `generated` numbered users (user-00001 …), written to a fresh folder. */
export function writeRamWorld(users: object[], generated = 0): { dir: string; worldPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-ram-'));
  const world = JSON.parse(readFileSync(fixtureWorld, 'utf8'));
  const account = world.Accounts[0];
  account.Users.push(...users);
  for (let i = 1; i <= generated; i++) {
    account.Users.push({ UserName: `user-${String(i).padStart(5, '0')}`, DisplayName: `User ${i}`, CreateDate: '-10d' });
  }
  const worldPath = join(dir, 'world.json');
  writeFileSync(worldPath, JSON.stringify(world));
  return { dir, worldPath };
}

/** A config.json with root (current) and bob, plus any other profiles. */
export function writeRamConfig(dir: string, extraProfiles: object[] = []): string {
  const region = { region_id: 'cn-hangzhou' };
  const configPath = join(dir, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      current: 'root',
      profiles: [
        { name: 'root', mode: 'AK', access_key_id: ROOT.id, access_key_secret: ROOT.secret, ...region },
        { name: 'bob', mode: 'AK', access_key_id: BOB.id, access_key_secret: BOB.secret, ...region },
        ...extraProfiles.map((profile) => ({ mode: 'AK', ...region, ...profile })),
      ],
      meta_path: '',
    }),
  );
  return configPath;
}

/** Runs main() in-process as if at a terminal, answering `answer` to any question. */
export async function runAtTerminal(args: string[], answer: string) {
  const { ctx, stdout, stderr } = bufferContext({ tty: true, stdinTTY: true, stdin: answer });
  const code = await main(args, ctx);
  return { code, stdout: stdout(), stderr: stderr() };
}
