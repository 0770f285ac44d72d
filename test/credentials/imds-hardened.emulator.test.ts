import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { instanceRoleCredentials } from '../../src/credentials/imds.js';
import { imdsInstanceWorld, startWorldJson } from '../emulator/helpers.js';

let hardened: RunningEmulator;
beforeAll(async () => {
  hardened = await startWorldJson(imdsInstanceWorld({ HttpTokens: 'required' }));
});
afterAll(() => hardened.close());

describe('EcsRamRole on an instance in security hardening mode (HttpTokens required)', () => {
  it('gets the role and its credentials through IMDSv2 tokens, which the service demands', async () => {
    expect((await fetch(`${hardened.url}/latest/meta-data/ram/security-credentials/`)).status).toBe(401);
    for (const env of [{}, { ALIBABA_CLOUD_IMDSV1_DISABLED: 'true' }]) {
      const { credentials, roleName } = await instanceRoleCredentials({ env: { ALIAUDIT_IMDS_ENDPOINT: hardened.url, ...env } });
      expect(roleName).toBe('EcsScanRole');
      expect(credentials.accessKeyId).toMatch(/^STS\./);
    }
  });
});
