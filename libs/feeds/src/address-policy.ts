import { BlockList, isIP } from 'node:net';

// Addresses a feed URL must never reach: the fetcher runs inside our network, so
// a feed pointing at them would read internal services (SSRF). IPv4-mapped IPv6
// addresses are matched against the IPv4 ranges by BlockList itself.
const REFUSED_V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const REFUSED_V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b::', 96, 'NAT64'],
  ['64:ff9b:1::', 48, 'NAT64'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const refusedRanges = REFUSED_V4.map(([net, prefix, label]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, 'ipv4');
  return { list, label: `${label} (${net}/${prefix})` };
}).concat(
  REFUSED_V6.map(([net, prefix, label]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, 'ipv6');
    return { list, label: `${label} (${net}/${prefix})` };
  }),
);

const familyOf = (ip: string): 'ipv4' | 'ipv6' => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** Why `ip` is not a public unicast address, or null when it is. */
export function nonPublicReason(ip: string): string | null {
  if (isIP(ip) === 0) return 'not an IP address';
  const family = familyOf(ip);
  for (const range of refusedRanges) {
    if (range.list.check(ip, family)) return range.label;
  }
  return null;
}

/** Brackets of an IPv6 URL host removed: `[::1]` -> `::1`. */
export const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/**
 * Decides which addresses the fetcher may connect to: public ones always; others
 * only when allow-listed by IP, CIDR (`127.0.0.0/8`, `::1/128`) or host name
 * (`localhost`: whatever it resolves to). The allow-list exists for tests and
 * for deliberately internal feeds.
 */
export class AddressPolicy {
  private readonly allowedHosts = new Set<string>();
  private readonly allowedNets = new BlockList();

  constructor(allow: readonly string[] = []) {
    for (const raw of allow) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      const [addr, prefix] = entry.split('/');
      const ip = bareHost(addr!);
      if (isIP(ip)) {
        const family = familyOf(ip);
        const bits = prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix);
        if (!Number.isInteger(bits) || bits < 0 || bits > (family === 'ipv4' ? 32 : 128)) {
          throw new Error(`invalid allow-list entry "${raw}"`);
        }
        this.allowedNets.addSubnet(ip, bits, family);
      } else if (prefix === undefined) {
        this.allowedHosts.add(entry);
      } else {
        throw new Error(`invalid allow-list entry "${raw}"`);
      }
    }
  }

  /** Why connecting to `ip` (resolved from `hostname`) is refused, or null when allowed. */
  refusal(ip: string, hostname?: string): string | null {
    const reason = nonPublicReason(ip);
    if (reason === null) return null;
    if (isIP(ip) && this.allowedNets.check(ip, familyOf(ip))) return null;
    if (hostname && this.allowedHosts.has(bareHost(hostname))) return null;
    return `${ip} is not a public address: ${reason}`;
  }
}
