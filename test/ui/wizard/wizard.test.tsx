import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import chalk from 'chalk';
import { startTestEmulator, type RunningEmulator } from '../../helpers/emulator.js';
import { ACCOUNT, ALICE, oidcToken, role } from '../../helpers/profiles.js';
import { activeField, answer, chooseMode, enterName, KEY, mount, type Mounted, workspace } from './harness.js';

const SECRET = 'TypedSecretValue0123456789';
const SAVED_SECRET = 'SavedSecretValue9876543210';
const ARN = role('AuditRole');

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.stop());

const ak = (name: string, extra: object = {}) => ({
  name,
  mode: 'AK',
  access_key_id: `LTAI5t${name}`,
  access_key_secret: SAVED_SECRET,
  region_id: 'cn-hangzhou',
  ...extra,
});
const chained = (name: string, source: string) => ({
  name,
  mode: 'ChainableRamRoleArn',
  source_profile: source,
  ram_role_arn: ARN,
  ram_session_name: name,
  region_id: 'cn-hangzhou',
});

/** The error under the field, and that the cursor stayed on it. */
async function refused(wizard: Mounted, flag: string, text: string, words: string): Promise<string> {
  await answer(wizard, flag, text);
  const frame = await wizard.until(words);
  expect(activeField(frame)).toBe(flag);
  expect(frame).toMatch(/^ +✗ /m);
  expect(frame).toMatch(/^ +hint: \S/m);
  return frame;
}

/** A snapshot of the file (or its absence) that a cancelled or refused wizard must leave as it was. */
function fileState(path: string) {
  return existsSync(path) ? { bytes: readFileSync(path).toString('base64'), mtime: statSync(path).mtimeMs } : 'absent';
}

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
});
async function open(ctx: Parameters<typeof mount>[0], height?: number) {
  mounted = await mount(ctx, height);
  return mounted;
}

describe('the configure wizard: the profile name', () => {
  it('starts on the current profile, lists the others, and edits an existing one with its values as defaults', async () => {
    const { path, ctx } = workspace({
      config: {
        current: 'audit',
        profiles: [ak('alice'), { ...ak('audit'), mode: 'RamRoleArn', ram_role_arn: ARN, ram_session_name: 'audit-session', expired_seconds: 900 }],
      },
      endpoint: emulator.url,
    });
    const wizard = await open(ctx);
    const first = wizard.lastFrame();
    expect(first).toContain('Profile name: audit_');
    expect(first).toContain('Edits profile "audit" (RamRoleArn): its values are the defaults.');
    expect(first).toMatch(/^ {2}alice {2}AK$/m);
    expect(first).toMatch(/^› audit {2}RamRoleArn {2}\(current\)$/m);
    await wizard.press(KEY.up);
    expect(wizard.lastFrame()).toContain('Profile name: alice_');
    await wizard.press(KEY.down, KEY.enter);
    const mode = await wizard.until('step 2 of 5');
    expect(mode).toMatch(/^› RamRoleArn /m);
    await wizard.press(KEY.enter);
    const fields = await wizard.until('step 3 of 5');
    expect(fields).toMatch(/^› access-key-id +LTAI5taudit_$/m);
    expect(fields).toMatch(/^ {2}access-key-secret +\(saved\)$/m);
    expect(fields).toMatch(/^ {2}ram-role-arn +acs:ram::1234567890123456:role\/AuditRole$/m);
    expect(fields).toMatch(/^ {2}expired-seconds +900$/m);
    // Enter through every field, changing only the region.
    for (let i = 0; i < 9; i++) await wizard.press(KEY.enter);
    expect(activeField(wizard.lastFrame())).toBe('region');
    await answer(wizard, 'region', 'cn-beijing');
    await wizard.until('step 4 of 5');
    await wizard.press('s');
    const confirm = await wizard.until('step 5 of 5');
    expect(confirm).toContain('Update profile "audit"');
    expect(confirm).toMatch(/access_key_secret +\*\*\*\*3210$/m);
    await wizard.press(KEY.enter);
    expect(await wizard.ended()).toMatchObject({ outcome: 'saved', saved: { created: false } });
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    expect(saved.profiles[1]).toEqual({
      name: 'audit',
      mode: 'RamRoleArn',
      access_key_id: 'LTAI5taudit',
      access_key_secret: SAVED_SECRET,
      ram_role_arn: ARN,
      ram_session_name: 'audit-session',
      expired_seconds: 900,
      region_id: 'cn-beijing',
    });
    for (const frame of wizard.frames) expect(frame).not.toContain(SAVED_SECRET);
  });

  it('a profile given another mode keeps its old keys, as configure set does, and the summary says so', async () => {
    const { path, ctx } = workspace({ config: { current: 'alice', profiles: [ak('alice')] }, endpoint: emulator.url });
    const wizard = await open(ctx);
    await wizard.press(KEY.enter);
    await wizard.until('step 2 of 5');
    await chooseMode(wizard, 'EcsRamRole');
    await answer(wizard, 'ram-role-name', 'EcsRole');
    expect(wizard.lastFrame()).toMatch(/^› region +cn-hangzhou_$/m);
    await wizard.press(KEY.enter);
    await wizard.until('step 4 of 5');
    await wizard.press('s');
    const confirm = await wizard.until('step 5 of 5');
    expect(confirm).toContain('Kept from an earlier mode, unused by EcsRamRole: access_key_id, access_key_secret');
    await wizard.press(KEY.enter);
    await wizard.ended();
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles[0]).toEqual({ ...ak('alice'), mode: 'EcsRamRole', ram_role_name: 'EcsRole' });
  });

  it('defaults to "default" when there are no profiles, and refuses an unusable name', async () => {
    const { ctx } = workspace({ endpoint: emulator.url });
    const wizard = await open(ctx);
    expect(wizard.lastFrame()).toContain('Profile name: default_');
    expect(wizard.lastFrame()).toContain('A new profile.');
    expect(wizard.lastFrame()).not.toContain('Existing profiles');
    await wizard.press(KEY.ctrlU, ' ops', KEY.enter);
    const frame = await wizard.until('is not a usable profile name');
    expect(frame).toContain('step 1 of 5');
    expect(frame).toContain('hint: use a name without leading or trailing spaces');
  });
});

describe('the configure wizard: fields', () => {
  it('shows each refusal under its field and stays on it: region, role ARN, session length, a key with a space', async () => {
    const { path, ctx } = workspace({ endpoint: emulator.url });
    const wizard = await open(ctx);
    await enterName(wizard, 'ci');
    await chooseMode(wizard, 'RamRoleArn');
    await wizard.press(KEY.enter);
    await wizard.until('--access-key-id is required for mode RamRoleArn');
    await refused(wizard, 'access-key-id', 'LTAI with space', '--access-key-id contains a space or a line break');
    await answer(wizard, 'access-key-id', 'LTAI5tCiKey');
    await wizard.press(`${SECRET} x`, KEY.enter);
    const spaced = await wizard.until('--access-key-secret contains a space or a line break');
    expect(activeField(spaced)).toBe('access-key-secret');
    await answer(wizard, 'access-key-secret', SECRET);
    await refused(wizard, 'ram-role-arn', 'acs:ram::12:user/bob', '--ram-role-arn "acs:ram::12:user/bob" is not a role ARN');
    await answer(wizard, 'ram-role-arn', ARN);
    await answer(wizard, 'role-session-name', 'ci');
    await answer(wizard, 'sts-token', undefined);
    await answer(wizard, 'external-id', undefined);
    await refused(wizard, 'expired-seconds', '600', '--expired-seconds 600 is out of range');
    await refused(wizard, 'expired-seconds', 'an hour', '--expired-seconds "an hour" is not a whole number of seconds');
    await answer(wizard, 'expired-seconds', '3600');
    await answer(wizard, 'sts-region', undefined);
    await answer(wizard, 'sts-endpoint', undefined);
    await refused(wizard, 'region', 'Hangzhou', '--region "Hangzhou" is not a region id');
    // Typing again clears the error.
    await wizard.press(KEY.ctrlU, 'cn-hangzhou');
    expect(wizard.lastFrame()).not.toContain('✗');
    await wizard.press(KEY.enter);
    await wizard.until('step 4 of 5');
    expect(existsSync(path)).toBe(false);
    for (const frame of wizard.frames) expect(frame).not.toContain(SECRET);
  });

  it('types secrets hidden: a fixed mask, never the value or its length, in any frame', async () => {
    const { path, ctx } = workspace({ endpoint: emulator.url });
    const wizard = await open(ctx);
    await enterName(wizard, 'sts');
    await chooseMode(wizard, 'StsToken');
    await answer(wizard, 'access-key-id', 'STS.KeyId');
    for (const char of SECRET.slice(0, 5)) await wizard.press(char);
    expect(wizard.lastFrame()).toMatch(/^› access-key-secret +••••••••_$/m);
    await wizard.press(SECRET.slice(5), KEY.enter);
    expect(wizard.lastFrame()).toMatch(/^ {2}access-key-secret +••••••••$/m);
    await answer(wizard, 'sts-token', 'CAIS.TokenValue0123456789');
    await answer(wizard, 'region', 'cn-hangzhou');
    await wizard.until('step 4 of 5');
    await wizard.press('s');
    const confirm = await wizard.until('step 5 of 5');
    expect(confirm).toMatch(/^ +access_key_secret +\*\*\*\*6789$/m);
    await wizard.press(KEY.enter);
    await wizard.ended();
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles[0]).toMatchObject({ access_key_secret: SECRET, sts_token: 'CAIS.TokenValue0123456789' });
    for (const frame of wizard.frames) {
      expect(frame).not.toContain(SECRET);
      expect(frame).not.toContain(SECRET.slice(0, 5));
      expect(frame).not.toContain('CAIS.TokenValue');
    }
  });

  it('offers as a source only profiles that make no loop: with a → b, editing b does not offer a (nor b)', async () => {
    const { ctx } = workspace({
      config: { current: 'b', profiles: [ak('root'), chained('a', 'b'), ak('b'), chained('c', 'a'), chained('broken', 'ghost')] },
      endpoint: emulator.url,
    });
    const wizard = await open(ctx);
    await wizard.press(KEY.enter);
    await wizard.until('step 2 of 5');
    await chooseMode(wizard, 'ChainableRamRoleArn');
    const frame = wizard.lastFrame();
    expect(activeField(frame)).toBe('source-profile');
    const offered = [...frame.matchAll(/^ {4}[› ] (\S+) +\S+$/gm)].map((m) => m[1]);
    expect(offered).toEqual(['root']);
    expect(frame).toMatch(/^ {4}› root {2}AK$/m);
    await wizard.press(KEY.down, KEY.enter);
    expect(activeField(wizard.lastFrame())).toBe('ram-role-arn');
  });

  it('says so when no profile can be the source, and keeps the step', async () => {
    const { ctx } = workspace({ config: { current: 'b', profiles: [ak('b'), chained('a', 'b')] }, endpoint: emulator.url });
    const wizard = await open(ctx);
    await wizard.press(KEY.enter);
    await wizard.until('step 2 of 5');
    await chooseMode(wizard, 'ChainableRamRoleArn');
    expect(wizard.lastFrame()).toContain('No profile can be the source of "b" without a loop');
    await wizard.press(KEY.enter);
    const frame = await wizard.until('--source-profile is required for mode ChainableRamRoleArn');
    expect(activeField(frame)).toBe('source-profile');
  });

  it('checks the OIDC token file: missing, not a JWT, then stored absolute', async () => {
    const { dir, path, ctx } = workspace({ endpoint: emulator.url });
    writeFileSync(join(dir, 'not-a-token'), 'hello, world\n');
    writeFileSync(join(dir, 'token'), `${oidcToken()}\n`);
    const wizard = await open(ctx);
    await enterName(wizard, 'rrsa');
    await chooseMode(wizard, 'OIDC');
    await answer(wizard, 'oidc-provider-arn', `acs:ram::${ACCOUNT}:oidc-provider/ack-rrsa`);
    await refused(wizard, 'oidc-token-file', 'missing-token', `--oidc-token-file ${join(dir, 'missing-token')} cannot be read: no such file`);
    const notJwt = await refused(wizard, 'oidc-token-file', 'not-a-token', `--oidc-token-file ${join(dir, 'not-a-token')} does not hold a JWT`);
    expect(notJwt).not.toContain('hello, world');
    await refused(wizard, 'oidc-token-file', dir, 'it is a folder');
    await answer(wizard, 'oidc-token-file', 'token');
    await answer(wizard, 'ram-role-arn', role('OidcRole'));
    await answer(wizard, 'role-session-name', 'rrsa');
    for (const flag of ['expired-seconds', 'sts-region', 'sts-endpoint']) await answer(wizard, flag, undefined);
    await answer(wizard, 'region', 'cn-hangzhou');
    await wizard.until('step 4 of 5');
    await wizard.press('s');
    await wizard.until('step 5 of 5');
    await wizard.press(KEY.enter);
    await wizard.ended();
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles[0].oidc_token_file).toBe(join(dir, 'token'));
  });
});

describe('the configure wizard: keys in one chunk', () => {
  it('takes a paste or fast typing key by key: a line break is Enter, Ctrl-U clears, other control characters drop', async () => {
    const { path, ctx } = workspace({ endpoint: emulator.url });
    const wizard = await open(ctx);
    await wizard.press(`${KEY.ctrlU}ops${KEY.enter}${KEY.enter}`);
    expect(activeField(await wizard.until('step 3 of 5'))).toBe('access-key-id');
    await wizard.press(`LTAI5t\u0007Ops\r${SECRET}\n`, `cn-hangzhou${KEY.backspace}u${KEY.enter}`);
    await wizard.until('step 4 of 5');
    await wizard.press('s');
    await wizard.until('step 5 of 5');
    await wizard.press(KEY.enter);
    await wizard.ended();
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles[0]).toMatchObject({ name: 'ops', access_key_id: 'LTAI5tOps', access_key_secret: SECRET, region_id: 'cn-hangzhou' });
    for (const frame of wizard.frames) expect(frame).not.toContain(SECRET);
  });
});

describe('the configure wizard: going back and cancelling', () => {
  it('Esc goes back one step at a time, keeping every value typed', async () => {
    const { path, ctx } = workspace({ endpoint: emulator.url });
    const wizard = await open(ctx);
    await enterName(wizard, 'alice');
    await chooseMode(wizard, 'AK');
    await answer(wizard, 'access-key-id', 'LTAI5tAlice');
    await answer(wizard, 'access-key-secret', SECRET);
    expect(activeField(wizard.lastFrame())).toBe('region');
    await wizard.press(KEY.escape);
    expect(activeField(wizard.lastFrame())).toBe('access-key-secret');
    expect(wizard.lastFrame()).toMatch(/^› access-key-secret +••••••••_$/m);
    await wizard.press(KEY.escape);
    expect(wizard.lastFrame()).toMatch(/^› access-key-id +LTAI5tAlice_$/m);
    await wizard.press(KEY.escape);
    expect(wizard.lastFrame()).toContain('step 2 of 5');
    expect(wizard.lastFrame()).toMatch(/^› AK /m);
    await wizard.press(KEY.escape);
    expect(wizard.lastFrame()).toContain('Profile name: alice_');
    await wizard.press(KEY.enter, KEY.enter, KEY.enter, KEY.enter);
    expect(activeField(wizard.lastFrame())).toBe('region');
    await answer(wizard, 'region', 'cn-hangzhou');
    await wizard.until('step 4 of 5');
    await wizard.press('s');
    await wizard.until('step 5 of 5');
    // From the summary back to the check, then to the last field, and forward again.
    await wizard.press(KEY.escape);
    expect(wizard.lastFrame()).toContain('step 4 of 5');
    await wizard.press(KEY.escape);
    expect(activeField(wizard.lastFrame())).toBe('region');
    expect(wizard.lastFrame()).toMatch(/^› region +cn-hangzhou_$/m);
    await wizard.press(KEY.enter);
    await wizard.until('step 4 of 5');
    await wizard.press('s');
    await wizard.until('step 5 of 5');
    await wizard.press(KEY.enter);
    await wizard.ended();
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles[0]).toMatchObject({ name: 'alice', access_key_id: 'LTAI5tAlice', access_key_secret: SECRET });
  });

  it('Ctrl-C at any step, or Esc on the first, cancels and writes nothing: no file created when there was none', async () => {
    const { dir, path, ctx } = workspace({ endpoint: emulator.url });
    const stepsBefore: ((w: Mounted) => Promise<void>)[] = [
      async () => {},
      (w) => enterName(w, 'x'),
      async (w) => {
        await enterName(w, 'x');
        await chooseMode(w, 'AK');
        await answer(w, 'access-key-id', 'LTAI5tX');
      },
    ];
    for (const before of stepsBefore) {
      for (const leave of ['Ctrl-C', 'Esc'] as const) {
        const wizard = await open(ctx);
        await before(wizard);
        if (leave === 'Ctrl-C') await wizard.press(KEY.ctrlC);
        else for (let i = 0; i < 10 && !wizard.result(); i++) await wizard.press(KEY.escape);
        expect(await wizard.ended()).toEqual({ outcome: 'cancelled' });
        expect(wizard.lastFrame()).toBe('');
        wizard.unmount();
      }
    }
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('Ctrl-C on the summary leaves an existing file byte for byte, mtime included', async () => {
    const { path, ctx } = workspace({ config: { current: 'alice', profiles: [ak('alice')], meta_path: '' }, endpoint: emulator.url });
    const before = fileState(path);
    const wizard = await open(ctx);
    await enterName(wizard, 'bob');
    await chooseMode(wizard, 'AK');
    await answer(wizard, 'access-key-id', 'LTAI5tBob');
    await answer(wizard, 'access-key-secret', SECRET);
    await answer(wizard, 'region', 'cn-hangzhou');
    await wizard.until('step 4 of 5');
    await wizard.press('s');
    await wizard.until('step 5 of 5');
    await wizard.press(KEY.ctrlC);
    expect(await wizard.ended()).toEqual({ outcome: 'cancelled' });
    expect(fileState(path)).toEqual(before);
  });
});

describe('the configure wizard: the live check', () => {
  async function toCheck(endpoint: string, secret: string, name = 'alice') {
    const { path, ctx } = workspace({ endpoint });
    const wizard = await open(ctx);
    await enterName(wizard, name);
    await chooseMode(wizard, 'AK');
    await answer(wizard, 'access-key-id', ALICE.id);
    await answer(wizard, 'access-key-secret', secret);
    await answer(wizard, 'region', 'cn-hangzhou');
    await wizard.until('step 4 of 5');
    return { wizard, path };
  }

  it('asks the emulator who the new profile is before anything is written', async () => {
    const { wizard, path } = await toCheck(emulator.url, ALICE.secret);
    const frame = await wizard.until(`✓ acs:ram::${ACCOUNT}:user/alice`);
    expect(frame).toContain(`RAMUser in account ${ACCOUNT}`);
    expect(frame).toContain('Enter next · r check again · Esc back · Ctrl-C cancel');
    expect(existsSync(path)).toBe(false);
    await wizard.press(KEY.enter);
    expect(await wizard.until('step 5 of 5')).toContain(`Live check: ✓ acs:ram::${ACCOUNT}:user/alice`);
    await wizard.press(KEY.enter);
    await wizard.ended();
    expect(JSON.parse(readFileSync(path, 'utf8')).current).toBe('alice');
    for (const frame of wizard.frames) expect(frame).not.toContain(ALICE.secret);
  });

  it('shows a refusal with its hint, and still lets the profile be saved', async () => {
    const { wizard, path } = await toCheck(emulator.url, 'not-alice-secret-0000');
    const frame = await wizard.until(/^✗ /m);
    expect(frame).toMatch(/^✗ SignatureDoesNotMatch: /m);
    // Wrapped, not cut: the whole hint shows, command included.
    expect(frame.replace(/\n +/g, ' ')).toContain("hint: the secret of profile 'alice' is wrong: set it again: aliaudit configure set --profile alice --access-key-secret");
    expect(frame.split('\n').every((line) => line.length <= 100)).toBe(true);
    expect(frame).toContain('the profile can still be saved');
    await wizard.press(KEY.enter);
    expect(await wizard.until('step 5 of 5')).toContain('Live check: ✗ failed');
    await wizard.press(KEY.enter);
    expect(await wizard.ended()).toMatchObject({ outcome: 'saved' });
    expect(existsSync(path)).toBe(true);
  });

  it('can be skipped while it runs, so the wizard works offline', async () => {
    const slow = await startTestEmulator(undefined, { latencyMs: 2_000 });
    try {
      const { wizard } = await toCheck(slow.url, ALICE.secret);
      expect(wizard.lastFrame()).toContain('Asking STS who the profile is');
      expect(wizard.lastFrame()).toContain('s skip · Esc back · Ctrl-C cancel');
      await wizard.press(KEY.enter);
      expect(wizard.lastFrame()).toContain('step 4 of 5');
      await wizard.press('s');
      expect(await wizard.until('step 5 of 5')).toContain('Live check: skipped');
    } finally {
      await slow.stop();
    }
  });
});

describe('the configure wizard: the frame', () => {
  const many = { current: 'p00', profiles: Array.from({ length: 30 }, (_, i) => ak(`p${String(i).padStart(2, '0')}`)) };

  it('never grows taller than the height it is given, scrolling the list around the cursor, and always ends with the key bar', async () => {
    const { ctx } = workspace({ config: many, endpoint: emulator.url });
    const wizard = await open(ctx, 9);
    for (let i = 0; i < 12; i++) await wizard.press(KEY.up);
    expect(wizard.lastFrame()).toContain('Profile name: p18_');
    expect(wizard.lastFrame()).toMatch(/^› p18 {2}AK$/m);
    expect(wizard.lastFrame()).toMatch(/↓ \d+ more/);
    await wizard.press(KEY.enter);
    await wizard.until('step 2 of 5');
    await chooseMode(wizard, 'ChainableRamRoleArn');
    for (let i = 0; i < 20; i++) await wizard.press(KEY.down);
    expect(wizard.lastFrame()).toMatch(/^ {4}› p21 {2}AK$/m);
    for (const frame of wizard.frames.filter((f) => f !== '')) {
      const lines = frame.split('\n');
      expect(lines.length).toBeLessThanOrEqual(9);
      expect(lines.at(-1)).toMatch(/Ctrl-C cancel$/);
    }
  });

  it('has no colour without it (NO_COLOR), and colour with it', async () => {
    const level = chalk.level;
    chalk.level = 1;
    try {
      for (const color of [false, true]) {
        const { ctx } = workspace({ config: many, endpoint: emulator.url, color });
        const wizard = await open(ctx);
        await wizard.press(KEY.enter);
        await wizard.until('step 2 of 5');
        expect(wizard.frames.some((frame) => frame.includes('\u001B['))).toBe(color);
        wizard.unmount();
      }
    } finally {
      chalk.level = level;
    }
  });
});
