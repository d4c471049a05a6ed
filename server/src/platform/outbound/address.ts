import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// Plain words for the ranges users are most likely to hit; anything else falls back to
// ipaddr.js's own range name.
const DESCRIPTIONS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  uniqueLocal: 'a private address',
  linkLocal: 'a link-local address (cloud metadata endpoints live here)',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  reserved: 'a reserved or documentation address',
  benchmarking: 'a benchmarking address',
};

// Only the well-known NAT64 prefix: on IPv6-only networks with DNS64 every public IPv4
// host shows up here, so it is judged by the IPv4 address it carries rather than refused.
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * Why `address` must not be connected to, in plain words, or undefined when it is a
 * public unicast address. Everything ipaddr.js does not classify as `unicast` is refused,
 * including 6to4, Teredo, IPv4-translated and the local-use NAT64 prefix.
 */
export function blockedAddressReason(address: string): string | undefined {
  if (isIP(address) === 0) return 'something that is not an IP address';
  let ip = ipaddr.parse(address);
  if (ip instanceof ipaddr.IPv6) {
    if (ip.isIPv4MappedAddress()) ip = ip.toIPv4Address();
    else if (ip.match(NAT64)) ip = ipaddr.fromByteArray(ip.toByteArray().slice(12));
  }
  const range = ip.range();
  if (range === 'unicast') return undefined;
  return DESCRIPTIONS[range] ?? `a non-public address (${range})`;
}
