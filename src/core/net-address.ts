/**
 * Which network addresses the server may fetch on an agent's or a buyer's behalf (the image
 * proxy, docs/ui.md "图片和卡片": the URL is whatever the message carried). An address of the
 * server's own machine or network (loopback, private, link-local with the cloud metadata
 * service at 169.254.169.254, multicast, reserved) is refused, so a typed URL cannot make the
 * server reach what only it can reach (SSRF). Pure: strings in, a reason out.
 *
 * IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address. Decimal, hex and short IPv4
 * spellings (http://2130706433/, http://0x7f.1/) need no case here: the WHATWG URL parser
 * rewrites them to dotted quads before a host reaches this module, and the resolver answers
 * dotted quads.
 */

/** Why an address is refused, in the words of the error the API answers; undefined: public. */
export type AddressRefusal = "loopback" | "private" | "link-local" | "unspecified" | "multicast" | "reserved" | "not-an-ip";

/** [first address as a 32-bit number, prefix length, reason] */
const V4_BLOCKS: readonly [string, number, AddressRefusal][] = [
  ["0.0.0.0", 8, "unspecified"], // "this network"; 0.0.0.0 reaches the local host on Linux
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "private"], // carrier-grade NAT, shared address space
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"], // cloud metadata services live here
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "reserved"], // documentation
  ["192.88.99.0", 24, "reserved"], // 6to4 relay anycast
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"], // benchmarking
  ["198.51.100.0", 24, "reserved"],
  ["203.0.113.0", 24, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"], // and 255.255.255.255, broadcast
];

function v4Number(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

function v4Refusal(n: number): AddressRefusal | undefined {
  for (const [base, bits, reason] of V4_BLOCKS) {
    const size = 2 ** (32 - bits);
    const start = v4Number(base)!;
    if (n >= start && n < start + size) return reason;
  }
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (with a trailing dotted quad allowed), or undefined. */
function v6Groups(ip: string): number[] | undefined {
  let s = ip.toLowerCase();
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  // a trailing dotted quad (::ffff:127.0.0.1) becomes its two groups
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    const n = v4Number(s.slice(lastColon + 1));
    if (n === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const read = (part: string) => (part === "" ? [] : part.split(":"));
  const head = read(halves[0]!);
  const rest = halves.length === 2 ? read(halves[1]!) : [];
  const groups: number[] = [];
  for (const g of [...head, ...(halves.length === 2 ? Array(8 - head.length - rest.length).fill("0") : []), ...rest]) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
    groups.push(Number.parseInt(g, 16));
  }
  return groups.length === 8 ? groups : undefined;
}

function v6Refusal(g: number[]): AddressRefusal | undefined {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4 = (hi: number, lo: number) => v4Refusal(hi * 65536 + lo);
  if (zeros(0, 8)) return "unspecified";
  if (zeros(0, 7) && g[7] === 1) return "loopback";
  // IPv4-mapped ::ffff:a.b.c.d and the old IPv4-compatible ::a.b.c.d: the IPv4 address decides
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return v4(g[6]!, g[7]!);
  // NAT64 64:ff9b::a.b.c.d (and the local-use 64:ff9b:1::/48)
  if (g[0] === 0x64 && g[1] === 0xff9b) return g[2] === 1 ? "private" : v4(g[6]!, g[7]!);
  // 6to4 2002:a.b.c.d::/48
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!);
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return "private"; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return "link-local"; // fe80::/10
  if ((first & 0xffc0) === 0xfec0) return "private"; // fec0::/10, the old site-local
  if ((first & 0xff00) === 0xff00) return "multicast"; // ff00::/8
  if (first === 0x2001 && g[1] === 0x0db8) return "reserved"; // documentation
  if (first === 0x2001 && g[1] === 0) return "reserved"; // Teredo: an IPv4 address hidden inside
  if (first === 0x0100 && zeros(1, 4)) return "reserved"; // discard-only 100::/64
  return undefined;
}

/**
 * Why the server must not connect to `ip` (an IPv4 dotted quad or an IPv6 address, with or
 * without brackets), or undefined when it is a public address.
 */
export function addressRefusal(ip: string): AddressRefusal | undefined {
  const bare = ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
  const n = v4Number(bare);
  if (n !== undefined) return v4Refusal(n);
  const g = v6Groups(bare);
  if (g) return v6Refusal(g);
  return "not-an-ip";
}

/** Whether a URL's hostname is an IP literal (IPv4 dotted quad or bracketed IPv6), as the URL parser writes it. */
export function isIpLiteral(hostname: string): boolean {
  return v4Number(hostname) !== undefined || (hostname.startsWith("[") && hostname.endsWith("]"));
}

/**
 * A refusal decided from the hostname alone, before any lookup: an IP literal judged as an
 * address, and the names that always mean this machine (localhost and *.localhost).
 */
export function hostnameRefusal(hostname: string): AddressRefusal | undefined {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return "loopback";
  return isIpLiteral(h) ? addressRefusal(h) : undefined;
}
