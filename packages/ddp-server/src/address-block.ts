import { isIPv4, isIPv6 } from 'node:net';

/**
 * The block of addresses one client can be assumed to control, for keying limits by address:
 * an IPv4 address itself (IPv4-mapped IPv6 included), an IPv6 address's /64 (one subscriber's
 * usual allocation: counting each of its 2^64 addresses apart would let a single host pick a
 * fresh address per attempt). Anything else (unknown formats) is kept as is.
 */
export function addressBlock(address: string | null): string | null {
  if (address === null) return null;
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped?.[1] !== undefined && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded dotted IPv4 tail stands for two groups.
  const groupsIn = (parts: string[]) => parts.reduce((n, part) => n + (part.includes('.') ? 2 : 1), 0);
  const missing = tail === undefined ? 0 : 8 - groupsIn(headParts) - groupsIn(tailParts);
  const groups = [...headParts, ...Array.from({ length: missing }, () => '0'), ...tailParts];
  const prefix = groups.slice(0, 4).map((group) => (group.includes('.') ? group : Number.parseInt(group, 16).toString(16)));
  return `${prefix.join(':')}::/64`;
}
