import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';

/**
 * A world and a config.json whose names carry escape sequences: the demo world with a RAM user's display name and a
 * security group's name made hostile, and a hand-edited profile name. Anyone who can name a resource must not be
 * able to drive the auditor's terminal.
 */

/** Sets the window title, clears the screen, turns the text red; then an 8-bit CSI and a right-to-left override. */
export const EVIL = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mEVIL\u009b2J\u202Egnp.exe';
export const EVIL_SHOWN = '^[]0;pwned^G^[[2J^[[31mEVIL<U+009B>2J<U+202E>gnp.exe';

/** A byte a terminal acts on: every C0 control but tab (a pipe's column separator) and line feed, DEL and C1; and the bidi override. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202E]/;
/** The only escape sequences aliaudit writes itself: its colours. */
const OWN_COLOURS = /\u001b\[(?:0|1|2|31|32|33|36)m/g;

/** The demo world with the hostile names, and a config.json with profiles `demo` and `ops<EVIL>`, in a new folder. */
export function writeHostileWorld(): { home: string; worldFile: string; configPath: string } {
  const home = mkdtempSync(join(tmpdir(), 'aliaudit-hostile-'));
  const world = demoWorld() as { Accounts: { Users: { UserName: string; DisplayName?: string }[]; Ecs: Record<string, { SecurityGroups: { SecurityGroupName: string }[] }> }[] };
  const account = world.Accounts[0];
  account.Users.find((user) => user.UserName === 'intern.chen')!.DisplayName = EVIL;
  account.Ecs['cn-hangzhou'].SecurityGroups[0].SecurityGroupName = `web${EVIL}`;
  const worldFile = join(home, 'world.json');
  writeFileSync(worldFile, JSON.stringify(world));
  const configPath = join(home, 'config.json');
  const profile = (name: string) => ({ name, mode: 'AK', access_key_id: DEMO_CREDENTIALS.accessKeyId, access_key_secret: DEMO_CREDENTIALS.accessKeySecret, region_id: 'cn-hangzhou' });
  // A profile name no aliaudit command would write, as a hand-edited file may hold it.
  writeFileSync(configPath, JSON.stringify({ current: 'demo', profiles: [profile('demo'), profile(`ops${EVIL}`)] }), { mode: 0o600 });
  return { home, worldFile, configPath };
}

/** No control byte but aliaudit's own colours, and CRLF (CSV ends its lines so, as Prowler's does). */
export function expectSafe(text: string, where: string) {
  const control = CONTROL.exec(text.replace(OWN_COLOURS, '').replace(/\r\n/g, '\n'));
  expect(control ? `${where}: U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${control.index}` : 'no control byte').toBe('no control byte');
}
