import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';

describe('findings, why and rescan on the command line', () => {
  for (const line of [['findings'], ['why', 'sg-1'], ['rescan', '--check', 'ram_root_mfa_enabled']]) {
    it(`${line[0]} says it works in the shell, with exit 2`, async () => {
      const result = await runMain(line, { env: cleanEnv() });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${line[0]} works in the shell, on the scans run there`);
      expect(result.stderr).toContain('start the shell with aliaudit, run scan, then findings, why or rescan');
      expect(result.stdout).toBe('');
    });
  }

  it('rescan without --check names what is missing', async () => {
    const result = await runMain(['rescan'], { env: cleanEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('name the checks to run again with --check');
  });
});
