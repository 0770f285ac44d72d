/**
 * Which ports a set of security group rules opens to the internet, as ECS itself decides: every rule of every group
 * on an instance counts together; among the rules that match a packet the lowest Priority (1–100) wins, and at equal
 * priority Drop wins over Accept. A rule matches the internet when its source is all addresses (0.0.0.0/0, or ::/0
 * for IPv6), and a port when its protocol is that of the port (or ALL) and its range covers it.
 */

/** A rule as DescribeSecurityGroupAttribute answers it (wire names), with the group it belongs to. */
export interface SecurityGroupRule {
  SecurityGroupRuleId?: string;
  Direction?: string;
  IpProtocol?: string;
  PortRange?: string;
  SourceCidrIp?: string;
  Ipv6SourceCidrIp?: string;
  Policy?: string;
  Priority?: string | number;
  groupId: string;
}

export type Protocol = 'tcp' | 'udp';
export type Family = 'IPv4' | 'IPv6';

/** A run of ports, both ends included. */
export interface PortSpan {
  from: number;
  to: number;
}

/** Ports open to the internet, and the rule that opens each run of them. */
export interface Opening extends PortSpan {
  protocol: Protocol;
  family: Family;
  rule: SecurityGroupRule;
}

const ANY_IPV4 = '0.0.0.0/0';
const ANY_IPV6 = '::/0';
const ALL_PORTS: PortSpan = { from: 1, to: 65535 };

/** Priority as ECS reads it: 1–100, lower first; a missing or unreadable one counts as 1, the default. */
export function priorityOf(rule: SecurityGroupRule): number {
  const value = Number(rule.Priority);
  return Number.isInteger(value) && value >= 1 && value <= 100 ? value : 1;
}

function isDrop(rule: SecurityGroupRule): boolean {
  return (rule.Policy ?? 'accept').toLowerCase() === 'drop';
}

/** The ports a rule's PortRange covers for a protocol: `22/22`, `1/65535`, `-1/-1` (all). */
export function portsOf(rule: SecurityGroupRule, protocol: Protocol): PortSpan | undefined {
  const ruleProtocol = (rule.IpProtocol ?? '').toLowerCase();
  if (ruleProtocol !== protocol && ruleProtocol !== 'all') return undefined;
  const match = /^(-?\d+)\/(-?\d+)$/.exec((rule.PortRange ?? '').trim());
  if (!match) return ruleProtocol === 'all' ? ALL_PORTS : undefined;
  const [from, to] = [Number(match[1]), Number(match[2])];
  if (from === -1 && to === -1) return ALL_PORTS;
  if (from < 1 || to > 65535 || from > to) return undefined;
  return { from, to };
}

/** The rule's source, if it is the whole internet of a family. */
export function internetFamily(rule: SecurityGroupRule): Family | undefined {
  if (rule.SourceCidrIp?.trim() === ANY_IPV4) return 'IPv4';
  if (normaliseIpv6(rule.Ipv6SourceCidrIp) === ANY_IPV6) return 'IPv6';
  return undefined;
}

function normaliseIpv6(cidr: string | undefined): string | undefined {
  const text = cidr?.trim().toLowerCase();
  if (!text) return undefined;
  // ::/0 may also be written 0:0:0:0:0:0:0:0/0 or 0::0/0.
  return /^[0:]*::?[0:]*\/0$|^(0+:){7}0+\/0$/.test(text) ? ANY_IPV6 : text;
}

function isIngress(rule: SecurityGroupRule): boolean {
  return (rule.Direction ?? 'ingress').toLowerCase() === 'ingress';
}

/**
 * Every run of ports that the rules open to the internet, by protocol and address family, each with the rule that
 * decides it. Runs are split where the deciding rule changes, so the evidence is exact.
 */
export function internetOpenings(rules: readonly SecurityGroupRule[]): Opening[] {
  const openings: Opening[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    for (const family of ['IPv4', 'IPv6'] as const) {
      const candidates = rules
        .filter((rule) => isIngress(rule) && internetFamily(rule) === family)
        .map((rule) => ({ rule, span: portsOf(rule, protocol) }))
        .filter((c): c is { rule: SecurityGroupRule; span: PortSpan } => c.span !== undefined);
      for (const run of decide(candidates)) openings.push({ ...run, protocol, family });
    }
  }
  return openings;
}

/** Sweeps the port line at every range boundary; the winner of each piece is the lowest priority, Drop on ties. */
function decide(candidates: { rule: SecurityGroupRule; span: PortSpan }[]): { from: number; to: number; rule: SecurityGroupRule }[] {
  const cuts = [...new Set(candidates.flatMap(({ span }) => [span.from, span.to + 1]))].sort((a, b) => a - b);
  const runs: { from: number; to: number; rule: SecurityGroupRule }[] = [];
  for (let i = 0; i < cuts.length - 1; i++) {
    const from = cuts[i];
    const to = cuts[i + 1] - 1;
    const covering = candidates.filter(({ span }) => span.from <= from && span.to >= to).map(({ rule }) => rule);
    const winner = winning(covering);
    if (!winner || isDrop(winner)) continue;
    const last = runs[runs.length - 1];
    if (last && last.rule === winner && last.to + 1 === from) last.to = to;
    else runs.push({ from, to, rule: winner });
  }
  return runs;
}

/** The rule ECS applies among those that match: lowest priority, Drop before Accept at the same priority. */
export function winning(rules: readonly SecurityGroupRule[]): SecurityGroupRule | undefined {
  let best: SecurityGroupRule | undefined;
  for (const rule of rules) {
    if (!best) best = rule;
    else {
      const [p, q] = [priorityOf(rule), priorityOf(best)];
      if (p < q || (p === q && isDrop(rule) && !isDrop(best))) best = rule;
    }
  }
  return best;
}

/** The openings that include `port` for a protocol. */
export function openingsFor(openings: readonly Opening[], port: number, protocols: readonly Protocol[] = ['tcp']): Opening[] {
  return openings.filter((o) => protocols.includes(o.protocol) && o.from <= port && port <= o.to);
}

/** "tcp 22 (IPv4) by rule sgr-1 (priority 1, Accept, 0.0.0.0/0, 22/22) of sg-web". */
export function describeOpening(opening: Opening, port?: number): string {
  const { rule } = opening;
  const ports = port !== undefined ? String(port) : opening.from === opening.to ? String(opening.from) : `${opening.from}-${opening.to}`;
  const source = opening.family === 'IPv4' ? rule.SourceCidrIp : rule.Ipv6SourceCidrIp;
  return `${opening.protocol} ${ports} (${opening.family}) by rule ${rule.SecurityGroupRuleId ?? '(no id)'} (priority ${priorityOf(rule)}, ${rule.Policy ?? 'Accept'}, ${source}, ${rule.PortRange}) of ${rule.groupId}`;
}
