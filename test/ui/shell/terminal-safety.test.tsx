import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type RunningEmulator } from '../../helpers/emulator.js';
import { EVIL_SHOWN, expectSafe, writeHostileWorld } from '../../helpers/hostile-world.js';
import { startShellApp } from './harness.js';

/** In the shell too, a hostile name is shown, never obeyed: in tables, the session's findings, why and completion. */

let emulator: RunningEmulator;
let home: string;

beforeAll(async () => {
  let worldFile: string;
  ({ home, worldFile } = writeHostileWorld());
  emulator = await startTestEmulator(worldFile);
});
afterAll(() => emulator?.stop());

describe('the shell with hostile names', () => {
  it('ram user list, a scan, findings, why and the profile prompt show them visibly', async () => {
    const shell = startShellApp(home, emulator.url);
    await shell.until(() => shell.frame().includes('demo (auditor @ 1357…5792)'), 'the identity');
    await shell.typeLine('ram user list');
    await shell.until(() => shell.frame().includes('intern.chen'), 'the users');
    expect(shell.frame()).toContain('^[]0;pwned^G^[[2J^[[31mEVIL');

    await shell.typeLine(`scan --regions cn-hangzhou --services ecs --output-formats csv --output-directory ${mkdtempSync(join(home, 'out-'))}`);
    await shell.until(() => shell.frame().includes('unmuted FAIL; exit'), 'the scan to end', 40_000);
    await shell.typeLine('findings --severity high');
    await shell.until(() => /^SEVERITY\s+CHECK/m.test(shell.frame()), 'the findings');
    expect(shell.frame()).toContain('web^[]0;pwned');
    await shell.typeLine('why sg-bp1demoweb000000001');
    await shell.until(() => shell.frame().includes('fix command'), 'the explanation');
    expect(shell.frame()).toContain(`web${EVIL_SHOWN} in cn-hangzhou`);
    await shell.typeLine(`use ops`);
    await shell.until(() => shell.frame().includes('there is no profile "ops"'), 'the refusal');

    // Ink's own colours (the cursor's inverse, dim hints) taken away, nothing that drives a terminal is left.
    expectSafe(shell.frames(), 'the shell');
    expect(shell.app.frames.join('\n')).not.toMatch(/\u001b(?!\[[0-9;]*m)/);
    shell.app.unmount();
    shell.session.dispose();
  }, 60_000);
});
