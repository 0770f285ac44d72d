import { describe, expect, it } from 'vitest';
import { describeOpening, internetOpenings, openingsFor, type SecurityGroupRule, winning } from '../../src/scan/services/ecs/security-groups.js';

let id = 0;
const rule = (fields: Partial<SecurityGroupRule>): SecurityGroupRule => ({
  SecurityGroupRuleId: `sgr-${++id}`,
  Direction: 'ingress',
  IpProtocol: 'TCP',
  PortRange: '22/22',
  SourceCidrIp: '0.0.0.0/0',
  Policy: 'Accept',
  Priority: '1',
  groupId: 'sg-a',
  ...fields,
});

const open22 = (rules: SecurityGroupRule[]) => openingsFor(internetOpenings(rules), 22);

describe('which ports a set of rules opens to the internet', () => {
  it('an Accept from 0.0.0.0/0 opens the port; a narrower source does not count as the internet', () => {
    expect(open22([rule({})])).toHaveLength(1);
    expect(open22([rule({ SourceCidrIp: '10.0.0.0/8' })])).toEqual([]);
    expect(open22([rule({ SourceCidrIp: '203.0.113.0/24' })])).toEqual([]);
  });

  it('the lowest priority wins; at the same priority Drop wins', () => {
    expect(open22([rule({ Priority: '10' }), rule({ Policy: 'Drop', Priority: '5' })])).toEqual([]);
    expect(open22([rule({ Priority: '5' }), rule({ Policy: 'Drop', Priority: '10' })])).toHaveLength(1);
    expect(open22([rule({ Priority: '7' }), rule({ Policy: 'Drop', Priority: '7' })])).toEqual([]);
  });

  it('Policy and protocol in any case; ALL covers every port; -1/-1 is every port', () => {
    expect(open22([rule({ Policy: 'ACCEPT', IpProtocol: 'tcp' })])).toHaveLength(1);
    expect(open22([rule({ IpProtocol: 'ALL', PortRange: '-1/-1' })])).toHaveLength(1);
    expect(open22([rule({ IpProtocol: 'all' }), rule({ Policy: 'DROP', Priority: '1', IpProtocol: 'Tcp' })])).toEqual([]);
    expect(open22([rule({ IpProtocol: 'UDP' })])).toEqual([]);
    expect(open22([rule({ IpProtocol: 'ICMP', PortRange: '-1/-1' })])).toEqual([]);
  });

  it('IPv6: ::/0 is the internet too, and a Drop for IPv4 does not close IPv6', () => {
    const v6 = rule({ SourceCidrIp: '', Ipv6SourceCidrIp: '::/0' });
    expect(open22([v6])).toMatchObject([{ family: 'IPv6' }]);
    expect(open22([v6, rule({ Policy: 'Drop', Priority: '1' })])).toMatchObject([{ family: 'IPv6' }]);
    expect(open22([rule({ SourceCidrIp: '', Ipv6SourceCidrIp: '0:0:0:0:0:0:0:0/0' })])).toHaveLength(1);
  });

  it('ranges: a Drop inside a wide Accept splits it, and each run names the rule that decides it', () => {
    const wide = rule({ PortRange: '1/1024', Priority: '50' });
    const ssh = rule({ Policy: 'Drop', PortRange: '22/22', Priority: '10' });
    const runs = internetOpenings([wide, ssh]).filter((o) => o.protocol === 'tcp' && o.family === 'IPv4');
    expect(runs.map(({ from, to }) => [from, to])).toEqual([
      [1, 21],
      [23, 1024],
    ]);
    expect(runs.every((run) => run.rule === wide)).toBe(true);
  });

  it('rules of several groups count together, as ECS applies them to an instance', () => {
    const web = rule({ groupId: 'sg-web', Priority: '20' });
    const lockdown = rule({ groupId: 'sg-lockdown', Policy: 'Drop', Priority: '1', PortRange: '1/65535' });
    expect(open22([web])).toHaveLength(1);
    expect(open22([web, lockdown])).toEqual([]);
  });

  it('egress rules and missing priorities', () => {
    expect(open22([rule({ Direction: 'egress' })])).toEqual([]);
    // A missing or unreadable priority is ECS's default, 1.
    expect(winning([rule({ Priority: undefined }), rule({ Policy: 'Drop', Priority: '2' })])?.Policy).toBe('Accept');
  });

  it('the evidence names the rule id, priority, policy, source and ports', () => {
    const [opening] = open22([rule({ SecurityGroupRuleId: 'sgr-web-ssh', Priority: '3', groupId: 'sg-web' })]);
    expect(describeOpening(opening, 22)).toBe('tcp 22 (IPv4) by rule sgr-web-ssh (priority 3, Accept, 0.0.0.0/0, 22/22) of sg-web');
  });
});
