import ipaddr from "ipaddr.js";

type Range = readonly [cidr: string, why: string];

// IANA's special-purpose registries, narrowed to what a server must never fetch from.
// More specific entries come first so the reason names the narrowest range.
const blockedV4: readonly Range[] = [
  ["169.254.169.254/32", "cloud metadata"],
  ["0.0.0.0/8", "unspecified"],
  ["10.0.0.0/8", "private"],
  // Also holds Alibaba's metadata service, 100.100.100.200.
  ["100.64.0.0/10", "carrier-grade NAT"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  // Also holds Oracle Cloud's metadata service, 192.0.0.192.
  ["192.0.0.0/24", "IETF protocol assignments"],
  ["192.0.2.0/24", "documentation"],
  ["192.88.99.0/24", "6to4 relay anycast"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation"],
  ["203.0.113.0/24", "documentation"],
  ["224.0.0.0/4", "multicast"],
  ["255.255.255.255/32", "broadcast"],
  ["240.0.0.0/4", "reserved"],
];

// Only global unicast (2000::/3) can be public; these are its special parts, and the
// ranges outside it that get a more telling name than "reserved".
const blockedV6: readonly Range[] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["64:ff9b:1::/48", "local-use NAT64"],
  ["100::/64", "discard-only"],
  ["2001:db8::/32", "documentation"],
  ["2001::/23", "IETF protocol assignments"],
  ["3fff::/20", "documentation"],
  ["fd00:ec2::254/128", "cloud metadata"],
  ["fc00::/7", "unique local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local"],
  ["ff00::/8", "multicast"],
];

const parsedV4 = blockedV4.map(([cidr, why]) => [ipaddr.IPv4.parseCIDR(cidr), why] as const);
const parsedV6 = blockedV6.map(([cidr, why]) => [ipaddr.IPv6.parseCIDR(cidr), why] as const);
const globalUnicast = ipaddr.IPv6.parseCIDR("2000::/3");

function v4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function judgeV4(address: ipaddr.IPv4): string | null {
  for (const [range, why] of parsedV4) if (address.match(range)) return why;
  return null;
}

function judgeEmbedded(form: string, embedded: ipaddr.IPv4): string | null {
  const why = judgeV4(embedded);
  return why === null ? null : `${form} ${embedded.toString()}, ${why}`;
}

function judgeV6(address: ipaddr.IPv6): string | null {
  const p = address.parts as [number, number, number, number, number, number, number, number];
  const zeros = (from: number, to: number) => p.slice(from, to).every((part) => part === 0);
  // IPv4-mapped, -translated and -compatible forms are never a real host's address, only
  // a way to spell an IPv4 one past a filter: refused whatever they carry (DESIGN.md).
  const spelled = (form: string) => {
    const embedded = v4FromParts(p[6], p[7]);
    return `${form} ${embedded.toString()}${judgeV4(embedded) ? `, ${judgeV4(embedded)}` : ""}`;
  };
  if (zeros(0, 5) && p[5] === 0xffff) return spelled("IPv4-mapped");
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return spelled("IPv4-translated");
  if (zeros(0, 6) && (p[6] !== 0 || p[7] > 1)) return spelled("IPv4-compatible");
  // NAT64, 6to4 and Teredo have real uses: judged by the IPv4 address the packet ends at.
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) {
    return judgeEmbedded("NAT64", v4FromParts(p[6], p[7]));
  }
  if (p[0] === 0x2002) return judgeEmbedded("6to4", v4FromParts(p[1], p[2]));
  if (p[0] === 0x2001 && p[1] === 0) {
    // Teredo: the server's address as is, the client's with every bit flipped.
    const server = judgeEmbedded("Teredo server", v4FromParts(p[2], p[3]));
    return server ?? judgeEmbedded("Teredo client", v4FromParts(~p[6] & 0xffff, ~p[7] & 0xffff));
  }
  for (const [range, why] of parsedV6) if (address.match(range)) return why;
  return address.match(globalUnicast) ? null : "reserved";
}

/**
 * Why an address must not be fetched from ("loopback", "private", "IPv4-mapped 10.0.0.5,
 * private", …), or null when it is a public unicast address.
 *
 * @example
 * blockedRange("169.254.169.254"); // "cloud metadata"
 * blockedRange("8.8.8.8"); // null
 */
export function blockedRange(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return "not an IP address";
  }
  // ipaddr.js also takes legacy spellings ("0x7f.1"); only canonical ones come from the
  // resolver or from parseHostAsIp, so anything else is suspect.
  if (parsed.kind() === "ipv4") {
    return ipaddr.IPv4.isValidFourPartDecimal(address)
      ? judgeV4(parsed as ipaddr.IPv4)
      : "not an IP address";
  }
  const v6 = parsed as ipaddr.IPv6;
  // A zone ("fe80::1%eth0") ties the address to one interface: never a public host.
  if (v6.zoneId !== undefined) return "scoped to an interface";
  return judgeV6(v6);
}

/**
 * The reasons {@link blockedRange} gives that `--allow-private-images` lifts: a developer's
 * own machine and network. Metadata, link-local, CGNAT and every other range stay refused.
 */
export const privateUseRanges: ReadonlySet<string> = new Set([
  "loopback",
  "private",
  "unique local",
]);

/**
 * True when every packet to `address` would go to the public internet.
 *
 * @example
 * isPublicAddress("2606:4700::1111"); // true
 * isPublicAddress("::ffff:127.0.0.1"); // false
 */
export function isPublicAddress(address: string): boolean {
  return blockedRange(address) === null;
}

/**
 * The IP address a URL host names, canonically spelled (no brackets), or null when the
 * host is a name. Legacy IPv4 spellings are read as WHATWG URLs read them.
 *
 * @example
 * parseHostAsIp("[::ffff:7f00:1]"); // { address: "::ffff:7f00:1", family: 6 }
 * parseHostAsIp("0x7f.1"); // { address: "127.0.0.1", family: 4 }
 * parseHostAsIp("images.sandbox.test"); // null
 */
export function parseHostAsIp(host: string): { address: string; family: 4 | 6 } | null {
  if (host.startsWith("[") && host.endsWith("]")) {
    const inner = host.slice(1, -1);
    return ipaddr.IPv6.isValid(inner)
      ? { address: ipaddr.IPv6.parse(inner).toString(), family: 6 }
      : null;
  }
  if (ipaddr.IPv6.isValid(host)) return { address: ipaddr.IPv6.parse(host).toString(), family: 6 };
  let hostname: string;
  try {
    // The WHATWG host parser turns "0x7f.1", "2130706433" or "0177.0.0.1" into dotted quads.
    hostname = new URL(`https://${host}/`).hostname;
  } catch {
    return null;
  }
  return ipaddr.IPv4.isValidFourPartDecimal(hostname) ? { address: hostname, family: 4 } : null;
}
