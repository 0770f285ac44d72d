import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runProcess } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';

/** A tiny tree laid out like aliaudit's, checked by the project's own rules file. */
async function cruise(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(
    join(dir, 'rules.cjs'),
    `const rules = require(${JSON.stringify(join(repoRoot, '.dependency-cruiser.cjs'))});
     module.exports = { ...rules, options: { ...rules.options, tsConfig: undefined } };`,
  );
  const bin = join(repoRoot, 'node_modules', '.bin', 'depcruise');
  return runProcess(bin, ['src', 'profiles', 'commands', '--config', 'rules.cjs'], { env: cleanEnv(), cwd: dir, timeoutMs: 60_000 });
}

describe('the layering rules', () => {
  it('a wrong import fails with the name of the rule it breaks', async () => {
    const result = await cruise({
      'src/cli/context.ts': 'export const ctx = 1;\n',
      'src/ram/users.ts': "import { ctx } from '../cli/context.js';\nexport const users = ctx;\n",
      'profiles/store.ts': "import { request } from 'node:https';\nexport const store = request;\n",
      'commands/whoami.ts': "import Sts from '@alicloud/sts20150401';\nexport const whoami = Sts;\n",
      'src/emulator/server.ts': "import { users } from '../ram/users.js';\nexport const server = users;\n",
    });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/error services-know-no-cli: src\/ram\/users\.ts → src\/cli\/context\.ts/);
    expect(result.stdout).toMatch(/error profiles-do-no-network-io: profiles\/store\.ts → https/);
    expect(result.stdout).toMatch(/error sdk-only-in-cloud: commands\/whoami\.ts → \S*node_modules\/@alicloud\/sts20150401/);
    expect(result.stdout).toMatch(/error emulator-is-independent: src\/emulator\/server\.ts → src\/ram\/users\.ts/);
  }, 60_000);

  it('the arrows the README\'s layout draws pass', async () => {
    const result = await cruise({
      'src/core/errors.ts': 'export class E extends Error {}\n',
      'src/cloud/clients.ts': "import { E } from '../core/errors.js';\nimport Ram from '@alicloud/ram20150501';\nexport const clients = [E, Ram];\n",
      'src/ram/users.ts': "import { clients } from '../cloud/clients.js';\nexport const users = clients;\n",
      'commands/user.ts': "import { users } from '../src/ram/users.js';\nexport const command = users;\n",
      'profiles/model.ts': "import { E } from '../src/core/errors.js';\nexport const model = E;\n",
    });
    expect(result.stdout + result.stderr).toContain('no dependency violations found');
    expect(result.code).toBe(0);
  }, 60_000);
});
