import { describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { commandTree } from '../../../src/cli/shell/command-tree.js';
import { applyCompletion, commonPrefix, complete, type CompletionSources } from '../../../src/cli/shell/completion.js';
import { SHELL_VERBS } from '../../../src/cli/shell/session.js';

const tree = [...commandTree(commands), ...SHELL_VERBS];
const sources: CompletionSources = {
  profiles: () => ['alice', 'audit', 'ops'],
  regions: () => ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'],
  roleArns: () => ['acs:ram::1234567890123456:role/AuditRole'],
  modes: () => ['AK', 'RamRoleArn', 'ChainableRamRoleArn'],
  checks: () => ['ram_root_mfa_enabled', 'ram_no_root_access_key'],
  ram: (kind) => ({ users: ['alice', 'bob'], roles: ['AuditRole'], policies: ['ops-full'], groups: ['admins'] })[kind],
  resources: () => ['sg-ssh-open', 'dev.wang'],
};
const values = (line: string, cursor = line.length) => complete(tree, line, cursor, sources).candidates.map((c) => c.value);

describe('completion', () => {
  it('completes what the session found: resources for why, checks for rescan and findings', () => {
    expect(values('why ')).toEqual(['sg-ssh-open', 'dev.wang']);
    expect(values('rescan --check ram_n')).toEqual(['ram_no_root_access_key']);
    expect(values('findings --severity ')).toEqual(['critical', 'high', 'medium', 'low', 'informational']);
  });

  it('completes commands, subcommands and shell verbs', () => {
    expect(values('')).toEqual(expect.arrayContaining(['configure', 'whoami', 'ram', 'scan', 'use', 'region', 'help', 'exit']));
    expect(values('ra')).toEqual(['ram']);
    expect(values('ram ')).toEqual(expect.arrayContaining(['user', 'role', 'policy', 'group', 'access-key']));
    expect(values('ram us')).toEqual(['user']);
    expect(values('configure s')).toEqual(['set', 'switch']);
  });

  it('completes the options of the command, then the global ones', () => {
    const options = values('scan --');
    expect(options).toEqual(expect.arrayContaining(['--regions', '--output-formats', '--progress', '--profile', '--region']));
    expect(values('scan --prog')).toEqual(['--progress']);
    expect(values('sts assume-role --for')).toEqual(['--format']);
  });

  it('completes values with fixed choices, inline or as the next word', () => {
    expect(values('scan --progress ')).toEqual(['auto', 'dashboard', 'plain', 'json', 'quiet']);
    expect(values('scan --progress=p')).toEqual(['--progress=plain']);
    expect(values('whoami --output j')).toEqual(['json']);
  });

  it('completes profiles, regions, role ARNs, modes and check ids from what the shell knows', () => {
    expect(values('use a')).toEqual(['alice', 'audit']);
    expect(values('whoami --profile o')).toEqual(['ops']);
    expect(values('configure set --source-profile ')).toEqual(['alice', 'audit', 'ops']);
    expect(values('region cn-')).toEqual(['cn-hangzhou', 'cn-shanghai']);
    expect(values('scan --regions ap')).toEqual(['ap-southeast-1']);
    expect(values('sts assume-role --role-arn ')).toEqual(['acs:ram::1234567890123456:role/AuditRole']);
    expect(values('configure set --mode Ch')).toEqual(['ChainableRamRoleArn']);
    expect(values('scan --checks ram_root')).toEqual(['ram_root_mfa_enabled']);
    expect(values('help r')).toEqual(['ram', 'rescan', 'region']);
  });

  it('completes RAM names where a command takes one', () => {
    expect(values('ram user get ')).toEqual(['alice', 'bob']);
    expect(values('ram role delete A')).toEqual(['AuditRole']);
    expect(values('ram attach --policy o')).toEqual(['ops-full']);
    expect(values('ram group add-user ')).toEqual(['admins']);
    expect(values('ram group add-user admins ')).toEqual(['alice', 'bob']);
  });

  it('completes the word at the cursor, not the end of the line', () => {
    const line = 'whoami --profile al --output json';
    expect(values(line, 'whoami --profile al'.length)).toEqual(['alice']);
  });

  it('puts the chosen value in place, quoted when it must be, with a blank after it', () => {
    const line = 'use al';
    const completion = complete(tree, line, line.length, sources);
    expect(applyCompletion(line, completion, 'alice')).toEqual({ line: 'use alice ', cursor: 10 });
    expect(applyCompletion(line, completion, 'my profile').line).toBe("use 'my profile' ");
    expect(commonPrefix(['cn-hangzhou', 'cn-shanghai'])).toBe('cn-');
  });
});
