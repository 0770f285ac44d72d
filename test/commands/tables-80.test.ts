import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';
import { ScanMemory } from '../../src/scan/memory.js';
import { bufferContext } from '../helpers/context.js';
import { fixtureWorld, startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';
import { writeConfig } from '../helpers/profiles.js';
import { ROOT } from './ram-users-world.js';

/**
 * Every command that prints a table, at a terminal 80 cells wide: no line is wider (as string-width measures it, so a
 * CJK character or an emoji takes two), and nothing an identifier column holds is cut: each id is on some line whole.
 * The ids are read from the same command piped (tab-separated, never cut), so the test knows them without the layout.
 */

const WIDTH = 80;

/** How an id column's cells must appear at 80 columns: whole on one line, or each space-separated word whole. */
type Whole = 'whole' | 'words';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], options: { tty: boolean; scans?: ScanMemory; home: string }): Promise<Run> {
  const { ctx, stdout, stderr } = bufferContext({ env: cleanEnv({ HOME: options.home }), homedir: options.home, tty: options.tty, columns: WIDTH });
  const code = await main(args, options.scans ? ctx.derive({ scans: options.scans }) : ctx);
  return { code, stdout: stdout(), stderr: stderr() };
}

/** The tables of piped output (blocks between blank lines), each as its header row and cell rows. */
function tablesOf(tsv: string): { headers: string[]; rows: string[][] }[] {
  return tsv
    .split(/\n\n+/)
    .map((block) => block.split('\n').filter(Boolean))
    .filter((lines) => lines.length > 0)
    .map(([header, ...rows]) => ({ headers: header.split('\t'), rows: rows.map((row) => row.split('\t')) }));
}

/** Every value of the named id columns in piped output, or each word of them. */
function idsOf(tsv: string, columns: Record<string, Whole>): string[] {
  const ids = new Set<string>();
  for (const { headers, rows } of tablesOf(tsv)) {
    for (const [name, whole] of Object.entries(columns)) {
      const index = headers.indexOf(name);
      if (index < 0) continue;
      for (const row of rows) {
        const cell = row[index] ?? '';
        for (const id of whole === 'whole' ? [cell] : cell.split(' ')) if (id) ids.add(id);
      }
    }
  }
  return [...ids];
}

/** The command at 80 columns: exit 0, every line within 80 cells, every id of `columns` whole on a line. */
function expectFits(result: Run, ids: string[], what: string) {
  const lines = result.stdout.split('\n');
  for (const line of lines) expect(stringWidth(line), `${what}: ${line}`).toBeLessThanOrEqual(WIDTH);
  expect(ids.length, `${what}: ids to look for`).toBeGreaterThan(0);
  const missing = ids.filter((id) => !lines.some((line) => line.includes(id)));
  expect(missing, `${what}: ids cut or missing`).toEqual([]);
}

describe('RAM, profile and identity tables at 80 columns', () => {
  let emulator: RunningEmulator;
  let home: string;
  let configPath: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'aliaudit-80-'));
    const world = JSON.parse(readFileSync(fixtureWorld, 'utf8'));
    const account = world.Accounts[0];
    account.Users.push({
      UserName: 'zhang.wei',
      DisplayName: '张伟（运维部门负责人）🚀',
      Email: 'zhang.wei@example.com',
      Comments: '值班 🚨 负责生产环境的变更窗口和故障处理',
      CreateDate: '-30d',
      AccessKeys: [
        { AccessKeyId: 'LTAIzhangwei0001', AccessKeySecret: 'zhang-secret-0001-do-not-share', Status: 'Active', CreateDate: '-20d' },
        { AccessKeyId: 'LTAIzhangwei0002', AccessKeySecret: 'zhang-secret-0002-do-not-share', Status: 'Inactive', CreateDate: '-10d' },
      ],
      Policies: [{ PolicyName: 'AliyunECSReadOnlyAccess', PolicyType: 'System' }, { PolicyName: 'AliyunActionTrailReadOnlyAccess', PolicyType: 'System' }],
      Groups: ['platform-sre-oncall-primary'],
    });
    account.Groups.push({ GroupName: 'platform-sre-oncall-primary', Comments: '值班 🚨 primary on-call for the platform, paged by the monitoring system' });
    account.Roles.push({
      RoleName: 'ProductionDatabaseMaintenanceOperator',
      Description: '生产数据库维护窗口的操作员角色，仅限值班人员使用 🔧',
      MaxSessionDuration: 43200,
      AssumeRolePolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1234567890123456:root'] } }] },
      Policies: [{ PolicyName: 'restrict-ecs-stop-start-in-production', PolicyType: 'Custom' }],
    });
    account.Policies.push({
      PolicyName: 'restrict-ecs-stop-start-in-production',
      Description: '只允许在维护窗口内停止和启动生产环境的实例 ⏰',
      PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['ecs:StopInstance', 'ecs:StartInstance'], Resource: '*' }] },
    });
    const worldPath = join(home, 'world.json');
    writeFileSync(worldPath, JSON.stringify(world));
    emulator = await startTestEmulator(worldPath);
    ({ configPath } = writeConfig(emulator.url, [
      { name: 'root', mode: 'AK', access_key_id: ROOT.id, access_key_secret: ROOT.secret, region_id: 'cn-hangzhou' },
      { name: '运维-上海🚀', mode: 'ChainableRamRoleArn', source_profile: 'root', ram_role_arn: 'acs:ram::1234567890123456:role/ProductionDatabaseMaintenanceOperator', region_id: 'cn-shanghai' },
    ]));
  });
  afterAll(() => emulator?.stop());

  const common = () => ['--endpoint', emulator.url, '--config-path', configPath];

  /** The command piped (-o table: tab-separated) for its ids, then at an 80-column terminal. */
  async function check(args: string[], columns: Record<string, Whole>) {
    const piped = await run([...args, '--output', 'table', ...common()], { tty: false, home });
    expect(piped.code, piped.stderr).toBe(0);
    const at80 = await run([...args, ...common()], { tty: true, home });
    expect(at80.code, at80.stderr).toBe(0);
    expectFits(at80, idsOf(piped.stdout, columns), args.join(' '));
    return at80;
  }

  const FACTS: Record<string, Whole> = { '': 'words' };

  it('configure list: names (CJK and emoji too), modes, regions and sources', async () => {
    const at80 = await check(['configure', 'list'], { NAME: 'whole', MODE: 'whole', REGION: 'whole', 'SOURCE → ROLE': 'words' });
    expect(at80.stdout).toContain('运维-上海🚀');
  });

  it('configure get: a long External command, each word of it whole', async () => {
    await check(['configure', 'get', '--profile', 'external'], { PROFILE: 'whole', ...FACTS });
  });

  it('whoami through a chain: the assumed-role ARN, every hop\'s role ARN and its expiry', async () => {
    const at80 = await check(['whoami', '--profile', 'deploy-via-audit'], { IDENTITY: 'whole', ...FACTS, PROFILE: 'whole', MODE: 'whole', DETAIL: 'whole', EXPIRES: 'whole' });
    expect(at80.stdout).toMatch(/acs:ram::1234567890123456:assumed-role\/DeployRole\/deploy/);
    expect(at80.stdout).toMatch(/^ {2}acs:ram::1234567890123456:role\/OpsRole$/m);
    expect(at80.stdout).toMatch(/ expires in \d+m \(\d\d:\d\d:\d\dZ\)$/m);
  });

  it('sts get-caller-identity', async () => {
    await check(['sts', 'get-caller-identity', '--profile', 'audit'], { IDENTITY: 'whole', ...FACTS });
  });

  it('ram user list: names whole, a CJK display name within its row', async () => {
    const at80 = await check(['ram', 'user', 'list', '--profile', 'root'], { NAME: 'whole', CREATED: 'whole', UPDATED: 'whole' });
    expect(at80.stdout).toMatch(/^zhang\.wei +张伟/m);
    // Measured in cells, the column after the CJK name starts where its header does on every row.
    const lines = at80.stdout.trimEnd().split('\n');
    const at = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text)));
    const created = at(lines[0], 'CREATED');
    for (const line of lines.slice(1)) expect(at(line, line.match(/\d{4}-\d\d-\d\d/)![0]), line).toBe(created);
  });

  it('ram user get: ids, access keys, groups and policies', async () => {
    await check(['ram', 'user', 'get', 'zhang.wei', '--profile', 'root'], { USER: 'whole', ...FACTS });
  });

  it('ram group list and group get', async () => {
    await check(['ram', 'group', 'list', '--profile', 'root'], { NAME: 'whole', CREATED: 'whole' });
    await check(['ram', 'group', 'get', 'platform-sre-oncall-primary', '--profile', 'root'], { GROUP: 'whole', ...FACTS });
  });

  it('ram role list: every ARN whole (on a line of its own), not cut to the same acs:ram::1234567890…', async () => {
    const at80 = await check(['ram', 'role', 'list', '--profile', 'root'], { NAME: 'whole', 'MAX SESSION': 'whole', CREATED: 'whole', ARN: 'whole' });
    expect(at80.stdout).toContain('\n  acs:ram::1234567890123456:role/ProductionDatabaseMaintenanceOperator\n');
  });

  it('ram role get', async () => {
    await check(['ram', 'role', 'get', 'ProductionDatabaseMaintenanceOperator', '--profile', 'root'], { ROLE: 'whole', ...FACTS });
  });

  it('ram policy list, policy get and policy versions', async () => {
    await check(['ram', 'policy', 'list', '--profile', 'root'], { NAME: 'whole', TYPE: 'whole', VERSION: 'whole', ATTACHED: 'whole' });
    await check(['ram', 'policy', 'get', 'restrict-ecs-stop-start-in-production', '--profile', 'root'], { POLICY: 'whole', ...FACTS });
    await check(['ram', 'policy', 'versions', 'ReadOnlyAccess', '--profile', 'root'], { VERSION: 'whole', DEFAULT: 'whole', CREATED: 'whole' });
  });

  it('ram access-key list, ram policies, ram entities and ram mfa list', async () => {
    await check(['ram', 'access-key', 'list', '--user', 'zhang.wei', '--profile', 'root'], { ID: 'whole', STATUS: 'whole', CREATED: 'whole', 'LAST USED': 'whole' });
    await check(['ram', 'policies', '--user', 'zhang.wei', '--profile', 'root'], { POLICY: 'whole', TYPE: 'whole', VERSION: 'whole', ATTACHED: 'whole' });
    await check(['ram', 'entities', '--policy', 'ReadOnlyAccess', '--profile', 'root'], { KIND: 'whole', NAME: 'whole', ATTACHED: 'whole' });
    const mfa = await run(['ram', 'mfa', 'list', '--profile', 'root', ...common()], { tty: true, home });
    expect(mfa.code).toBe(0);
    for (const line of mfa.stdout.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(WIDTH);
  });

  it('ram password-policy get: every flag whole, not --password-reuse-preve…', async () => {
    const at80 = await check(['ram', 'password-policy', 'get', '--profile', 'root'], { VALUE: 'whole', FLAG: 'whole' });
    expect(at80.stdout).toMatch(/^5 +--password-reuse-prevention +How many/m);
  });

  it('ram user, group, role, policy and access-key create: the new ids whole, the secret too', async () => {
    const created = [
      ['ram', 'user', 'create', 'li.na', '--display-name', '李娜（安全审计与合规检查负责人）🛡️', '--email', 'li.na@example.com'],
      ['ram', 'group', 'create', 'security-audit-and-compliance', '--comments', '安全审计 🛡️ people who review the findings every week'],
      ['ram', 'role', 'create', 'SecurityAuditReadOnlyFromPartner', '--trusted-account', '1234567890123456'],
      ['ram', 'policy', 'create', 'deny-delete-of-audit-logs-everywhere', '--document', '{"Version":"1","Statement":[{"Effect":"Deny","Action":"actiontrail:Delete*","Resource":"*"}]}'],
      ['ram', 'access-key', 'create', '--user', 'li.na'],
    ];
    for (const args of created) {
      // Created once, at 80 columns; its ids come from the JSON it printed.
      const at80 = await run([...args, '--profile', 'root', ...common()], { tty: true, home });
      expect(at80.code, at80.stderr).toBe(0);
      const lines = at80.stdout.split('\n');
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(WIDTH);
      const name = args[3] === '--user' ? undefined : args[3];
      if (name) expect(lines.some((line) => line.startsWith(`${name}  `) || line === name), `${name} whole`).toBe(true);
      if (args[1] === 'access-key') expect(at80.stdout).toMatch(/^LTAI\S+ +\S{20,}$/m);
      if (args[1] === 'role') expect(at80.stdout).toContain('acs:ram::1234567890123456:role/SecurityAuditReadOnlyFromPartner');
    }
    await check(['ram', 'user', 'get', 'li.na', '--profile', 'root'], { USER: 'whole', ...FACTS });
  });
});

describe('a single record as CSV: a header row and one row', () => {
  let emulator: RunningEmulator;
  let home: string;
  let configPath: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'aliaudit-csv-'));
    emulator = await startTestEmulator();
    ({ configPath } = writeConfig(emulator.url, [{ name: 'root', mode: 'AK', access_key_id: ROOT.id, access_key_secret: ROOT.secret, region_id: 'cn-hangzhou' }]));
  });
  afterAll(() => emulator?.stop());

  const common = () => ['--profile', 'root', '--endpoint', emulator.url, '--config-path', configPath];

  it('ram user get bob --output csv: the fact names, then their values, as every CSV aliaudit writes', async () => {
    const result = await run(['ram', 'user', 'get', 'bob', '--output', 'csv', ...common()], { tty: true, home });
    expect(result.code).toBe(0);
    const [header, row, end, ...rest] = result.stdout.split('\r\n');
    expect(header).toBe('name,id,display name,email,mobile phone,comments,created,updated,last login,console access,MFA device,access keys,groups,policies');
    expect(row).toMatch(/^bob,\d+,Bob,,,,\d{4}-\d\d-\d\d,\d{4}-\d\d-\d\d,never,no,none,LTAIbob00001 Active \(created \d{4}-\d\d-\d\d\),none,AliyunRAMReadOnlyAccess \(System\)$/);
    expect([end, ...rest]).toEqual(['']);
  });

  it('role get, policy get, configure get and sts get-caller-identity too; a value with a comma is quoted', async () => {
    for (const args of [
      ['ram', 'role', 'get', 'OpsRole'],
      ['ram', 'policy', 'get', 'ops-admin'],
      ['configure', 'get'],
      ['sts', 'get-caller-identity'],
    ]) {
      const result = await run([...args, '--output', 'csv', ...common()], { tty: false, home });
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.split('\r\n');
      expect(lines, args.join(' ')).toHaveLength(3);
      expect(lines[2]).toBe('');
    }
    const role = await run(['ram', 'role', 'get', 'OpsRole', '--output', 'csv', ...common()], { tty: false, home });
    expect(role.stdout).toMatch(/^name,id,arn,description,max session,created,updated,policies\r\nOpsRole,\d+,acs:ram::1234567890123456:role\/OpsRole,second hop of the chain,7200 seconds,[-\d]+,[-\d]+,"ReadOnlyAccess \(System\), AliyunSTSAssumeRoleAccess \(System\)"\r\n$/);
  });

  it('JSON and the piped table of a get stay as they were', async () => {
    const json = await run(['ram', 'user', 'get', 'bob', '--output', 'json', ...common()], { tty: false, home });
    expect(JSON.parse(json.stdout).User.UserName).toBe('bob');
    const table = await run(['ram', 'user', 'get', 'bob', '--output', 'table', ...common()], { tty: false, home });
    expect(table.stdout).toMatch(/^USER\t\nname\tbob\nid\t\d+\n/);
  });
});

describe('scan tables at 80 columns', () => {
  let emulator: RunningEmulator;
  let home: string;
  let configPath: string;
  const scans = new ScanMemory();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'aliaudit-scan-80-'));
    const world = demoWorld() as { Accounts: { Ecs: Record<string, { SecurityGroups: { SecurityGroupName: string }[] }> }[] };
    // A security group with a CJK and emoji name: a resource id of its findings.
    world.Accounts[0].Ecs['cn-hangzhou'].SecurityGroups[0].SecurityGroupName = '网页服务器-web🚀';
    const worldFile = join(home, 'world.json');
    writeFileSync(worldFile, JSON.stringify(world));
    emulator = await startTestEmulator(worldFile);
    configPath = join(home, 'config.json');
    const profile = { name: 'demo', mode: 'AK', access_key_id: DEMO_CREDENTIALS.accessKeyId, access_key_secret: DEMO_CREDENTIALS.accessKeySecret, region_id: 'cn-hangzhou' };
    writeFileSync(configPath, JSON.stringify({ current: 'demo', profiles: [profile] }), { mode: 0o600 });
  });
  afterAll(() => emulator?.stop());

  const common = () => ['--endpoint', emulator.url, '--config-path', configPath];

  /** `piped` says how to ask for the tab-separated table (findings pipes JSON unless told). */
  async function check(args: string[], columns: Record<string, Whole>, pipedArgs: string[] = [], code = 0) {
    const piped = await run([...args, ...pipedArgs, ...common()], { tty: false, home, scans });
    expect(piped.code, piped.stderr).toBe(code);
    const at80 = await run([...args, ...common()], { tty: true, home, scans });
    expect(at80.code, at80.stderr).toBe(code);
    expectFits(at80, idsOf(piped.stdout, columns), args.join(' '));
    return at80;
  }

  it('scan --list-checks: every check id whole (the title goes under it), none cut to ecs_securitygroup_restri…', async () => {
    const at80 = await check(['scan', '--list-checks'], { CHECK: 'whole', SEVERITY: 'whole', CIS: 'words' });
    expect(at80.stdout).toMatch(/^ecs_securitygroup_restrict_elasticsearch_kibana_internet +high$/m);
    expect(at80.stdout).not.toContain('…');
  });

  it('scan --list-compliance: the requirement ids and every check id whole, under their sections, then a line per section', async () => {
    const at80 = await check(['scan', '--list-compliance'], { 'CIS_2.0_ALIBABACLOUD': 'whole', ASSESSMENT: 'whole', COVERAGE: 'words', CHECKS: 'words', TITLE: 'whole' });
    expect(at80.stdout).not.toContain('…');
    expect(at80.stdout).toMatch(/^1 Identity and Access Management\n1\.1 /m);
    expect(at80.stdout).toMatch(/^ {2}8 Security Center: automated \d+ of 8/m);
  });

  it('the scan summary and the CIS coverage: nothing cut, details wrapped between words', async () => {
    const dir = mkdtempSync(join(home, 'out-'));
    const args = ['scan', '--output-directory', dir, '--progress', 'plain', ...common()];
    const piped = await run(args, { tty: false, home, scans });
    const at80 = await run(args, { tty: true, home, scans });
    expect(at80.code).toBe(piped.code);
    // "not covered yet" may wrap between its words, beside a long check id; the section titles head their rows.
    expectFits(at80, idsOf(piped.stdout, { SERVICE: 'whole', CIS: 'whole', COVERAGE: 'words', DETAIL: 'words', TITLE: 'whole' }), 'scan');
    expect(at80.stdout).not.toContain('…');
  });

  it('findings --summary: the services and a line per CIS section, nothing cut', async () => {
    const at80 = await check(['findings', '--summary'], { SERVICE: 'whole', TITLE: 'whole' }, ['--output', 'table']);
    expect(at80.stdout).not.toContain('…');
    expect(at80.stdout).toMatch(/^ {2}1 Identity and Access Management: automated \d+ of 16/m);
  });

  it('findings: every check id (what rescan --check takes), region and resource whole, a CJK resource too', async () => {
    const at80 = await check(['findings'], { SEVERITY: 'whole', CHECK: 'whole', REGION: 'whole', RESOURCE: 'whole' }, ['--output', 'table']);
    expect(at80.stdout).toContain('ecs_securitygroup_restrict_elasticsearch_kibana_internet');
    expect(at80.stdout).toContain('网页服务器-web🚀');
    const all = await check(['findings', '--status', 'FAIL', 'MANUAL', '--muted'], { SEVERITY: 'whole', STATUS: 'whole', CHECK: 'whole', REGION: 'whole', RESOURCE: 'whole' }, ['--output', 'table']);
    expect(all.stdout).toMatch(/^SEVERITY +STATUS +CHECK +REGION +RESOURCE$/m);
  });
});
