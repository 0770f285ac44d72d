/** CIDR containment for peering routes: is every address a route sends within a peer VPC's blocks? */
import { BlockList, isIP } from 'node:net';

export interface Block {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/16` or `2408:4000::/56`; undefined for anything else. */
export function parseBlock(text: string): Block | undefined {
  const [address, prefixText, extra] = text.trim().split('/');
  const version = isIP(address ?? '');
  if (extra !== undefined || version === 0 || !/^\d{1,3}$/.test(prefixText ?? '')) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * Whether `inner` lies within `outer`: at least as long a prefix, and its first address inside `outer` (every address
 * of `inner` shares those first bits).
 */
export function within(inner: Block, outer: Block): boolean {
  if (inner.family !== outer.family || inner.prefix < outer.prefix) return false;
  const list = new BlockList();
  list.addSubnet(outer.address, outer.prefix, outer.family);
  return list.check(inner.address, inner.family);
}
