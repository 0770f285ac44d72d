import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../src/core/errors.js';
import { CIS_LABEL, type Finding } from '../../src/scan/model.js';
import { ALL_CHECKS } from '../../src/scan/checks/index.js';
import { isMuted, loadMutelist, MUTELIST_MAX_BYTES, parseMutelist } from '../../src/scan/mutelist.js';

const ACCOUNT = '1234567890123456';

function finding(overrides: {
  account?: string;
  check?: string;
  region?: string;
  name?: string;
  uid?: string;
  tags?: Record<string, string>;
}): Finding {
  const region = overrides.region ?? 'cn-hangzhou';
  const name = overrides.name ?? 'web-1';
  return {
    uid: `aliaudit-alibabacloud-${overrides.check ?? 'ecs_instance_x'}-${overrides.account ?? ACCOUNT}-${region}-${name}`,
    checkId: overrides.check ?? 'ecs_securitygroup_restrict_ssh_internet',
    status: 'FAIL',
    statusExtended: 'x',
    muted: false,
    severity: 'high',
    service: 'ecs',
    accountUid: overrides.account ?? ACCOUNT,
    region,
    resource: {
      uid: overrides.uid ?? `acs:ecs:${region}:${overrides.account ?? ACCOUNT}:instance/i-0001`,
      name,
      type: 'instance',
      ...(overrides.tags ? { tags: overrides.tags } : {}),
    },
    compliance: { [CIS_LABEL]: ['4.3'] },
    timestamp: '2026-11-29T10:00:00Z',
  };
}

function mutelist(yaml: string) {
  return parseMutelist(yaml, 'mutelist.yaml');
}

describe('mutelist matching (as Prowler does it)', () => {
  it('applies an entry to its own account or to every account with "*", comparing account ids exactly', () => {
    const list = mutelist(`
Mutelist:
  Accounts:
    1234567890123456789:
      Checks:
        "*": { Regions: ["*"], Resources: ["*"] }
    "*":
      Checks:
        ecs_instance_no_public_ip: { Regions: ["*"], Resources: ["*"] }
`);
    // An unquoted 19-digit key is kept as written, not rounded as a number would be.
    expect(list.accounts.map((a) => a.account)).toEqual(['1234567890123456789', '*']);
    expect(isMuted(list, finding({ account: '1234567890123456789' }))).toBe(true);
    expect(isMuted(list, finding({ account: '1234567890123456780' }))).toBe(false);
    expect(isMuted(list, finding({ check: 'ecs_instance_no_public_ip' }))).toBe(true);
    const prefix = mutelist(`
Mutelist:
  Accounts:
    "123":
      Checks:
        "*": { Regions: ["*"], Resources: ["*"] }
`);
    expect(isMuted(prefix, finding({ account: '1234' }))).toBe(false);
  });

  it('reads a check key as the id, "*", or an unanchored regular expression, so ram_* also catches ids containing "ram"', () => {
    const list = mutelist(`
Mutelist:
  Accounts:
    "*":
      Checks:
        "ram_*": { Regions: ["*"], Resources: ["*"] }
        "^ecs_disk_": { Regions: ["*"], Resources: ["*"] }
`);
    expect(isMuted(list, finding({ check: 'ram_user_mfa_enabled_console_access' }))).toBe(true);
    expect(isMuted(list, finding({ check: 'ecs_instance_ram_role_attached' }))).toBe(true);
    expect(isMuted(list, finding({ check: 'ecs_disk_encryption_enabled' }))).toBe(true);
    expect(isMuted(list, finding({ check: 'my_ecs_disk_check' }))).toBe(false);
    expect(isMuted(list, finding({ check: 'ecs_securitygroup_restrict_ssh_internet' }))).toBe(false);
  });

  it('searches each Regions and Resources item as a regular expression, a leading * meaning .*', () => {
    const list = mutelist(`
Mutelist:
  Accounts:
    "*":
      Checks:
        "*":
          Regions: ["cn-hangzhou", "global"]
          Resources: ["logs", "^db-1$", "*-replica", "acs:ecs:cn-hangzhou:1234567890123456:instance/i-9"]
`);
    expect(isMuted(list, finding({ name: 'ci-logs-replica' }))).toBe(true);
    expect(isMuted(list, finding({ name: 'db-1' }))).toBe(true);
    expect(isMuted(list, finding({ name: 'db-10' }))).toBe(false);
    expect(isMuted(list, finding({ name: 'web-replica' }))).toBe(true);
    expect(isMuted(list, finding({ name: 'web' }))).toBe(false);
    expect(isMuted(list, finding({ region: 'cn-shanghai', name: 'ci-logs' }))).toBe(false);
    expect(isMuted(list, finding({ region: 'global', name: 'logs' }))).toBe(true);
    // The resource id (after the type in the ARN) counts as well as the name; an acs: item is matched on the ARN.
    expect(isMuted(list, finding({ name: 'web', uid: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/db-1` }))).toBe(true);
    expect(isMuted(list, finding({ name: 'web', uid: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/i-9` }))).toBe(true);
    expect(isMuted(list, finding({ name: 'web', uid: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/i-8` }))).toBe(false);
  });

  it('mutes on Tags only when every item matches the tags written key=value | key=value', () => {
    const list = mutelist(`
Mutelist:
  Accounts:
    "*":
      Checks:
        "*":
          Regions: ["*"]
          Resources: ["*"]
          Tags: ["env=dev|env=test", "team=sec"]
`);
    expect(isMuted(list, finding({ tags: { env: 'dev', team: 'sec' } }))).toBe(true);
    expect(isMuted(list, finding({ tags: { team: 'sec', env: 'test' } }))).toBe(true);
    expect(isMuted(list, finding({ tags: { env: 'prod', team: 'sec' } }))).toBe(false);
    expect(isMuted(list, finding({ tags: { env: 'dev' } }))).toBe(false);
    expect(isMuted(list, finding({}))).toBe(false);
    const noTags = mutelist(`
Mutelist:
  Accounts:
    "*":
      Checks:
        "*":
          Regions: ["*"]
          Resources: ["*"]
          Tags:
`);
    expect(isMuted(noTags, finding({}))).toBe(true);
    expect(isMuted(noTags, finding({ tags: { any: 'thing' } }))).toBe(true);
  });

  it('keeps a finding unmuted when its entry excepts it: every exception list given must match', () => {
    const list = mutelist(`
Mutelist:
  Accounts:
    "*":
      Checks:
        "*":
          Regions: ["*"]
          Resources: ["*"]
          Exceptions:
            Accounts: ["${ACCOUNT}"]
            Regions: ["cn-shanghai"]
`);
    expect(isMuted(list, finding({ region: 'cn-shanghai' }))).toBe(false);
    expect(isMuted(list, finding({ region: 'cn-hangzhou' }))).toBe(true);
    expect(isMuted(list, finding({ account: '999', region: 'cn-shanghai' }))).toBe(true);
    const byResource = mutelist(`
Mutelist:
  Accounts:
    "*":
      Checks:
        "ecs_*":
          Regions: ["*"]
          Resources: ["*"]
          Exceptions: { Resources: ["^prod-"], Tags: ["keep=yes"] }
`);
    expect(isMuted(byResource, finding({ name: 'prod-web', tags: { keep: 'yes' } }))).toBe(false);
    expect(isMuted(byResource, finding({ name: 'prod-web' }))).toBe(true);
    expect(isMuted(byResource, finding({ name: 'dev-web', tags: { keep: 'yes' } }))).toBe(true);
  });

  it("stops at an entry whose exceptions except the finding, as Prowler's loop does", () => {
    const list = mutelist(`
Mutelist:
  Accounts:
    "*":
      Checks:
        "ecs_securitygroup_restrict_ssh_internet":
          Regions: ["*"]
          Resources: ["*"]
          Exceptions: { Regions: ["cn-hangzhou"] }
        "*":
          Regions: ["*"]
          Resources: ["web"]
`);
    expect(isMuted(list, finding({ region: 'cn-hangzhou', name: 'web-1' }))).toBe(false);
    expect(isMuted(list, finding({ region: 'cn-shanghai', name: 'web-1' }))).toBe(true);
    expect(isMuted(list, finding({ check: 'ecs_other', region: 'cn-hangzhou', name: 'web-1' }))).toBe(true);
  });
});

describe('loadMutelist', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aliaudit-mutelist-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  async function failure(path: string): Promise<InputError> {
    const error = await loadMutelist(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(ExitCode.Usage);
    return error as InputError;
  }

  it("reads Prowler's format from a file", async () => {
    const path = await file(
      'good.yaml',
      `# muted on purpose
Mutelist:
  Accounts:
    "${ACCOUNT}":
      Checks:
        "ram_user_mfa_enabled_console_access":
          Regions: ["*"]
          Resources: ["breakglass"]
          Description: "The break-glass user keeps a hardware token in the safe"
`,
    );
    const list = await loadMutelist(path);
    expect(list.source).toBe(path);
    expect(list.accounts[0].checks[0]).toMatchObject({
      check: 'ram_user_mfa_enabled_console_access',
      regions: [{ source: '*' }],
      resources: [{ source: 'breakglass' }],
      tags: [],
      description: 'The break-glass user keeps a hardware token in the safe',
    });
    expect(isMuted(list, finding({ check: 'ram_user_mfa_enabled_console_access', region: 'global', name: 'breakglass' }))).toBe(true);
  });

  it('names the file, line and column of a YAML syntax error, and never touches the file', async () => {
    const text = 'Mutelist:\n  Accounts:\n    "*":\n      Checks: [unclosed\n';
    const path = await file('syntax.yaml', text);
    const before = await stat(path);
    const error = await failure(path);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/line \d+, column \d+/);
    expect(error.message).toContain('YAML syntax error');
    expect(await readFile(path, 'utf8')).toBe(text);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
  });

  it('tells that a lone * must be quoted', async () => {
    const error = await failure(await file('star.yaml', 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: [*]\n          Resources: ["*"]\n'));
    expect(error.message).toContain('line 6, column');
    expect(error.hint?.text).toContain('"*"');
  });

  it('names the path of a wrong field, with its line and column', async () => {
    const cases: [string, string, RegExp][] = [
      [
        'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        "ram_*":\n          Regions: "*"\n          Resources: ["*"]\n',
        'Mutelist.Accounts."*".Checks."ram_*".Regions must be a list',
        /line 6, column 20/,
      ],
      [
        'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        "ram_*":\n          Regions: ["*"]\n',
        'Mutelist.Accounts."*".Checks."ram_*".Resources is missing',
        /line 6, column 11/,
      ],
      [
        'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n          Region: ["*"]\n',
        'Mutelist.Accounts."*".Checks.x.Region is not a mutelist field',
        /line 8, column 11/,
      ],
      [
        'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["ok", "("]\n',
        'Mutelist.Accounts."*".Checks.x.Resources[1] "(" is not a valid regular expression',
        /line 7, column 29/,
      ],
      [
        'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: [["nested"]]\n          Resources: ["*"]\n',
        'Mutelist.Accounts."*".Checks.x.Regions[0] must be a string',
        /line 6, column 21/,
      ],
      [
        'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        x:\n          Regions: ["*"]\n          Resources: ["*"]\n          Exceptions: { Region: [] }\n',
        'Mutelist.Accounts."*".Checks.x.Exceptions.Region is not an exception field',
        /line 8, column 25/,
      ],
      ['Mutelist:\n  Accounts:\n    "*":\n      Check: {}\n', 'Mutelist.Accounts."*".Check is not a mutelist field', /line 4, column 7/],
      ['Mutelist:\n  Accounts:\n    "*":\n      Checks: ["a"]\n', 'Mutelist.Accounts."*".Checks must be a mapping', /line 4, column 15/],
      ['Mutelist:\n  Accounts: []\n', 'Mutelist.Accounts must be a mapping', /line 2, column 13/],
      ['Mute List:\n  Accounts: {}\n', 'there is no Mutelist: key at the top', /line 1, column 1/],
      ['Mutelist:\n  Accounts:\n    "*": { Checks: {} }\n    "*": { Checks: {} }\n', 'YAML syntax error: duplicated mapping key', /line 4, column 6/],
    ];
    for (const [index, [text, message, where]] of cases.entries()) {
      const path = await file(`field-${index}.yaml`, text);
      const error = await failure(path);
      expect(error.message, text).toContain(message);
      expect(error.message, text).toMatch(where);
      expect(error.message).toContain(path);
      expect(await readFile(path, 'utf8')).toBe(text);
    }
  });

  it('refuses a file whose aliases multiply its lists past 100,000 items', async () => {
    const items = Array.from({ length: 400 }, (_, i) => `"r${i}"`).join(', ');
    const checks = Array.from({ length: 300 }, (_, i) => `        c${i}: { Regions: *r, Resources: *r }`).join('\n');
    const text = `Lists: &r [${items}]\nMutelist:\n  Accounts:\n    "*":\n      Checks:\n${checks}\n`;
    expect((await failure(await file('bomb.yaml', text))).message).toContain('more than 100000 list items');
  });

  it('refuses a mutelist over 4 MiB by its size, before reading it', async () => {
    // 200,000 entries: the yaml library took 300 s and 1.5 GB to refuse this.
    const entries = Array.from({ length: 200_000 }, (_, i) => `        check_${i}: { Regions: ["*"], Resources: ["resource-${i}"] }`);
    const path = await file('huge.yaml', `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n${entries.join('\n')}\n`);
    const { size } = await stat(path);
    expect(size).toBeGreaterThan(MUTELIST_MAX_BYTES);
    const error = await failure(path);
    expect(error.message).toBe(
      `mutelist ${path} is ${(size / 1024 / 1024).toFixed(1)} MiB (${size.toLocaleString('en-US')} bytes), more than the 4.0 MiB a mutelist may be`,
    );
    expect(error.hint?.text).toContain('one pattern');
    expect(error.hint?.text).toContain('--mutelist-file');
  });

  it('refuses more than 100,000 items, a long item and more than 5,000 regular expressions, saying where', async () => {
    const head = 'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        "*":\n          Regions: ["*"]\n          Resources:\n';
    const many = Array.from({ length: 100_001 }, (_, i) => `            - r${i}`).join('\n');
    const items = await failure(await file('items.yaml', `${head}${many}\n`));
    // Regions' "*" is the first item, so the 100,001st is the 100,000th resource, on line 7 + 100,000.
    expect(items.message).toContain('(line 100007, column 15): Mutelist.Accounts."*".Checks."*".Resources[99999]: more than 100000 list items in all');
    const long = await failure(await file('long.yaml', `${head}            - ok\n            - ${'x'.repeat(1025)}\n`));
    expect(long.message).toContain('(line 9, column 15): Mutelist.Accounts."*".Checks."*".Resources[1] is 1025 characters long, more than the 1024 an item may have');
    const patterns = Array.from({ length: 5001 }, (_, i) => `            - "^web-${i}-[0-9]+$"`).join('\n');
    const regexes = await failure(await file('regexes.yaml', `${head}${patterns}\n`));
    expect(regexes.message).toContain('Resources[5000]: more than 5000 different regular expressions in all');
    expect(regexes.hint?.text).toContain('plain names, ids and ARNs');
    // Plain items have no such limit: 20,000 names and ARNs and 1,000 patterns are a mutelist like any other.
    const plain = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `            - "^web-${i}$"` : `            - acs:ecs:cn-hangzhou:${ACCOUNT}:instance/i-${i}`));
    const some = Array.from({ length: 1000 }, (_, i) => `            - "^db-${i}-[0-9]+$"`);
    const big = await loadMutelist(await file('big.yaml', `${head}${[...plain, ...some].join('\n')}\n`));
    expect(big.accounts[0].checks[0].resources).toHaveLength(21_000);
    expect(isMuted(big, finding({ name: 'web-19999' }))).toBe(true);
    expect(isMuted(big, finding({ name: 'db-999-7' }))).toBe(true);
    expect(isMuted(big, finding({ name: 'x', uid: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/i-19998` }))).toBe(true);
    // (acs:…/i-0 is found in the ARN of i-0001, as Prowler's search finds it.)
    expect(isMuted(big, finding({ name: 'web-20001', uid: `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/x-1` }))).toBe(false);
  });

  it('refuses a repeated key, saying where the second one is', async () => {
    const text = 'Mutelist:\n  Accounts:\n    "*":\n      Checks: {}\n    "*":\n      Checks: {}\n';
    const error = await failure(await file('repeated.yaml', text));
    expect(error.message).toContain('(line 5, column 6): YAML syntax error: duplicated mapping key');
  });

  it('names check keys that match no check, with the nearest id, and reads the mutelist all the same', async () => {
    const path = await file(
      'typos.yaml',
      `Mutelist:
  Accounts:
    "*":
      Checks:
        ram_user_mfa_enabled_consle_access: { Regions: ["*"], Resources: ["*"] }
        "^ecs_disks_": { Regions: ["*"], Resources: ["*"] }
        ram_user_mfa_enabled_console_access: { Regions: ["*"], Resources: ["*"] }
        "ram_*": { Regions: ["*"], Resources: ["*"] }
        ecs_instance: { Regions: ["*"], Resources: ["*"] }
        "*": { Regions: ["*"], Resources: ["nothing"] }
    "${ACCOUNT}":
      Checks:
        ram_user_mfa_enabled_consle_access: { Regions: ["*"], Resources: ["*"] }
`,
    );
    const known = ALL_CHECKS.map((check) => check.id);
    const list = await loadMutelist(path, { knownChecks: known });
    expect(list.warnings).toEqual([
      `mutelist ${path} (line 5, column 9): Mutelist.Accounts."*".Checks.ram_user_mfa_enabled_consle_access names no check aliaudit has, so it mutes nothing (did you mean ram_user_mfa_enabled_console_access?)`,
      `mutelist ${path} (line 6, column 9): Mutelist.Accounts."*".Checks."^ecs_disks_" matches no check id aliaudit has, so it mutes nothing`,
    ]);
    expect(list.accounts[0].checks).toHaveLength(6);
    expect(isMuted(list, finding({ check: 'ram_user_mfa_enabled_console_access' }))).toBe(true);
    // Without the ids, nothing is said.
    expect((await loadMutelist(path)).warnings).toEqual([]);
  });

  it('names 20 unknown check keys one by one, and counts the rest', async () => {
    const checks = Array.from({ length: 25 }, (_, i) => `        nocheck_${i}: { Regions: ["*"], Resources: ["*"] }`).join('\n');
    const list = parseMutelist(`Mutelist:\n  Accounts:\n    "*":\n      Checks:\n${checks}\n`, 'many.yaml', { knownChecks: ALL_CHECKS.map((c) => c.id) });
    expect(list.warnings).toHaveLength(21);
    expect(list.warnings[19]).toContain('Checks.nocheck_19 names no check aliaudit has');
    expect(list.warnings[20]).toBe('mutelist many.yaml: 5 more check keys match no check aliaudit has');
  });

  it('reads a big mutelist written as JSON, with CRLF line ends, or with anchors and block strings', async () => {
    const resources = Array.from({ length: 20_000 }, (_, i) => `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/i-${i}`);
    const json = JSON.stringify({ Mutelist: { Accounts: { '*': { Checks: { '*': { Regions: ['*'], Resources: resources } } } } } }, null, 2);
    const fromJson = await loadMutelist(await file('big.json', json));
    expect(fromJson.accounts[0].checks[0].resources).toHaveLength(20_000);
    const block = `Mutelist:\r\n  Accounts:\r\n    "*":\r\n      Checks:\r\n        "*":\r\n          Regions: ["*"]\r\n          Resources:\r\n${resources.map((r) => `            - ${r}\r\n`).join('')}`;
    const fromCrlf = await loadMutelist(await file('crlf.yaml', block));
    expect(fromCrlf.accounts[0].checks[0].resources.map((r) => r.source)).toEqual(resources);
    // Any YAML, whatever the size: an anchor and its alias, a block string.
    const anchored = `Lists: &r ["cn-hangzhou"]\n${block.replaceAll('\r\n', '\n').replace('Regions: ["*"]', 'Regions: *r')}          Description: |\n            muted on purpose\n            (ticket 42)\n`;
    const fromAnchored = await loadMutelist(await file('anchored.yaml', anchored));
    expect(fromAnchored.accounts[0].checks[0]).toMatchObject({ regions: [{ source: 'cn-hangzhou' }], description: 'muted on purpose\n(ticket 42)\n' });
    expect(fromAnchored.accounts[0].checks[0].resources).toHaveLength(20_000);
  });

  it('refuses an empty file, a missing file and a directory', async () => {
    expect((await failure(await file('empty.yaml', ''))).message).toContain('empty');
    expect((await failure(join(dir, 'nope.yaml'))).message).toContain('does not exist');
    expect((await failure(dir)).message).toContain('is a directory');
  });
});
