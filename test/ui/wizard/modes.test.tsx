import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mode } from '../../../profiles/model.js';
import { MODE_RULES } from '../../../profiles/modes.js';
import { fieldsOf, MODE_CHOICES } from '../../../src/ui/wizard/fields.js';
import { startTestEmulator, type RunningEmulator } from '../../helpers/emulator.js';
import { ACCOUNT, oidcToken, role } from '../../helpers/profiles.js';
import { answer, chooseMode, configureSet, enterName, KEY, mount, workspace } from './harness.js';

const SECRET = 'WizardSecretValue0123456789';
const STS_TOKEN = 'CAIS.wizard-sts-token-0123456789';
const ARN = role('AuditRole');
const keys = { access_key_id: 'LTAI5tWizardKey', access_key_secret: SECRET };
const region = { region_id: 'cn-shanghai' };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.stop());

/** What each mode is given, by profile key; keys a mode takes but that are missing here are skipped with Enter. */
function valuesFor(mode: Mode): Record<string, string> {
  switch (mode) {
    case 'AK':
      return { ...keys, ...region };
    case 'StsToken':
      return { ...keys, sts_token: STS_TOKEN, ...region };
    case 'RamRoleArn':
      return { ...keys, ram_role_arn: ARN, ram_session_name: 'ci-run', external_id: 'ext-id-42', expired_seconds: '1800', ...region };
    case 'EcsRamRole':
      return { ram_role_name: 'EcsAuditRole', ...region };
    case 'ChainableRamRoleArn':
      return { source_profile: 'base', ram_role_arn: ARN, ram_session_name: 'chained', sts_region: 'cn-hangzhou', ...region };
    case 'External':
      return { process_command: 'get-creds --client-secret hunter2 --json', ...region };
    case 'CredentialsURI':
      return { credentials_uri: 'http://127.0.0.1:1/creds', ...region };
    case 'OIDC':
      return {
        oidc_provider_arn: `acs:ram::${ACCOUNT}:oidc-provider/ack-rrsa`,
        // Relative: both tools store it absolute, from the working folder.
        oidc_token_file: 'token',
        ram_role_arn: ARN,
        ram_session_name: 'rrsa',
        sts_endpoint: 'https://sts-vpc.cn-hangzhou.aliyuncs.com/',
        ...region,
      };
    default:
      return { ...region };
  }
}

const base = { name: 'base', mode: 'AK', access_key_id: 'LTAI5tBaseKey', access_key_secret: 'base-secret-value-0001', region_id: 'cn-hangzhou' };

describe('the configure wizard, mode by mode', () => {
  it('offers exactly the modes configure set can set', () => {
    const settable = Object.entries(MODE_RULES).filter(([, rule]) => rule.settable).map(([mode]) => mode);
    expect(MODE_CHOICES.map((c) => c.mode).sort()).toEqual(settable.sort());
    expect(MODE_CHOICES.at(-1)?.mode).toBe('Anonymous');
  });

  it.each(MODE_CHOICES.map((c) => c.mode))('%s: writes the file configure set writes for the same values', async (mode) => {
    const { dir, path, ctx } = workspace({
      config: { current: 'base', profiles: [base], meta_path: '' },
      endpoint: emulator.url,
      env: { ALIAUDIT_IMDS_ENDPOINT: emulator.url },
    });
    writeFileSync(join(dir, 'token'), oidcToken());
    const start = readFileSync(path, 'utf8');
    const values = valuesFor(mode);
    const wizard = await mount(ctx);
    await enterName(wizard, 'made');
    await chooseMode(wizard, mode);
    for (const field of fieldsOf(mode)) {
      if (field.picked) {
        expect(wizard.lastFrame()).toMatch(new RegExp(`^ +› ${values[field.key]} `, 'm'));
        await wizard.press(KEY.enter);
      } else {
        await answer(wizard, field.flag, values[field.key]);
      }
    }
    await wizard.until('step 4 of 5');
    await wizard.press('s');
    const confirm = await wizard.until('step 5 of 5');
    expect(confirm).toContain(`Create profile "made" in ${path} and make it current:`);
    expect(confirm).toContain('Live check: skipped');
    expect(readFileSync(path, 'utf8')).toBe(start);
    await wizard.press(KEY.enter);
    const result = await wizard.ended();
    expect(result).toMatchObject({ outcome: 'saved', saved: { created: true, profile: { name: 'made', mode } } });

    const written = readFileSync(path, 'utf8');
    writeFileSync(path, start);
    expect(written).toBe(await configureSet(path, 'made', mode, values, dir));
    const profile = JSON.parse(written).profiles[1];
    if (mode === 'OIDC') expect(profile.oidc_token_file).toBe(join(dir, 'token'));
    for (const frame of wizard.frames) {
      for (const secret of [SECRET, STS_TOKEN]) expect(frame).not.toContain(secret);
    }
    // A command's own secrets show while it is typed, as on a command line, and masked after.
    expect(confirm).not.toContain('hunter2');
  });
});
