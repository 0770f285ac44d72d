/** IPv4 CIDR blocks as the VPC loader checks them: a vSwitch's block must lie within its VPC's. */
import { IPV4 } from '../../world-fields.js';

/** `a.b.c.d/n` with an explicit prefix length. */
export function isIpv4Cidr(text: string): boolean {
  const [address, prefix, extra] = text.split('/');
  return extra === undefined && IPV4.test(address) && /^(3[0-2]|[12]?\d)$/.test(prefix ?? '');
}

function parse(block: string): { base: number; bits: number } {
  const [address, prefix] = block.split('/');
  return { base: address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0), bits: Number(prefix) };
}

/** Whether every address of `inner` is in `outer` (both IPv4 CIDR blocks). */
export function containsIpv4(outer: string, inner: string): boolean {
  const a = parse(outer);
  const b = parse(inner);
  const size = 2 ** (32 - a.bits);
  return b.bits >= a.bits && Math.floor(a.base / size) === Math.floor(b.base / size);
}
