/**
 * The image proxy is no way into the server's own network (SSRF; src/http/media-proxy.ts,
 * src/node/media-hop.ts): a message's image URL pointing at loopback, private, link-local or
 * reserved addresses — in any spelling, behind a DNS name, or at the end of a redirect — is
 * refused with 403 `private-address` and never fetched. Real HTTP against a real image server
 * on 127.0.0.1 (which production would refuse: the setting that allows it is off here).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addressRefusal, hostnameRefusal } from "../../src/core/net-address.js";
import { fetchHop, fetchMedia, MAX_REDIRECTS, type MediaHop } from "../../src/http/media-proxy.js";
import { ApiError } from "../../src/http/errors.js";
import { nodeMediaHop, nodeMediaHopWith } from "../../src/node/media-hop.js";
import { PNG, startImageServer } from "../support/images.js";
import { buyer, createHarness, T0, type Harness } from "../support/harness.js";

describe("which addresses are refused", () => {
  it("refuses loopback, private, link-local, unspecified, multicast and reserved IPv4 and IPv6, and IPv4 inside IPv6", () => {
    const refused: [string, string][] = [
      ["127.0.0.1", "loopback"],
      ["127.255.255.254", "loopback"],
      ["10.0.0.1", "private"],
      ["172.16.0.1", "private"],
      ["172.31.255.255", "private"],
      ["192.168.1.1", "private"],
      ["100.64.0.1", "private"],
      ["169.254.169.254", "link-local"],
      ["0.0.0.0", "unspecified"],
      ["224.0.0.1", "multicast"],
      ["255.255.255.255", "reserved"],
      ["::1", "loopback"],
      ["::", "unspecified"],
      ["fc00::1", "private"],
      ["fd12:3456::1", "private"],
      ["fe80::1", "link-local"],
      ["fe80::1%eth0", "link-local"],
      ["ff02::1", "multicast"],
      ["::ffff:127.0.0.1", "loopback"],
      ["::ffff:7f00:1", "loopback"],
      ["::ffff:a9fe:a9fe", "link-local"],
      ["0:0:0:0:0:ffff:10.0.0.1", "private"],
      ["::127.0.0.1", "loopback"],
      ["64:ff9b::192.168.0.1", "private"],
      ["2002:7f00:1::", "loopback"],
      ["[::1]", "loopback"],
    ];
    for (const [ip, why] of refused) expect(addressRefusal(ip), ip).toBe(why);
    for (const ip of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "11.0.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(addressRefusal(ip), ip).toBeUndefined();
    expect(addressRefusal("not-an-address")).toBe("not-an-ip");
  });

  it("judges a URL's host however the address is spelled: decimal, hex, octal, short forms, brackets, localhost", () => {
    for (const url of [
      "http://2130706433/",
      "http://0x7f000001/",
      "http://0x7f.1/",
      "http://0177.0.0.1/",
      "http://127.1/",
      "http://[::ffff:127.0.0.1]/",
      "http://LOCALHOST./",
      "http://a.b.localhost/",
      "http://[0:0:0:0:0:0:0:1]/",
      "http://0/",
    ]) {
      expect(hostnameRefusal(new URL(url).hostname), url).toBeDefined();
    }
    for (const url of ["https://img.alicdn.com/a.png", "http://8.8.8.8/", "http://localhost.example.com/"]) expect(hostnameRefusal(new URL(url).hostname), url).toBeUndefined();
  });
});

describe("GET /api/agent/media/… refuses the server's own network", () => {
  let host: Awaited<ReturnType<typeof startImageServer>>;
  let h: Harness | undefined;
  beforeAll(async () => {
    host = await startImageServer();
  });
  afterAll(() => host.close());
  afterEach(() => {
    h?.close();
    h = undefined;
  });

  const port = () => new URL(host.url).port;
  const post = (harness: Harness, id: string, url: string) => harness.postEvents({ ...buyer("kuaishou", `k-${id}`, T0, undefined, { image: { url } }), id });
  const get = (harness: Harness, id: string) => harness.agent("default", "a1", "GET", `/media/kuaishou/${id}`);
  /** `cdn.example.com` stands for a public image host: it is served by the local image server, as if it were elsewhere */
  const publicCdn: MediaHop = (url, init) => (url.hostname === "cdn.example.com" ? nodeMediaHop(new URL(`${url.pathname}${url.search}`, host.url), { ...init, allowPrivate: true }) : nodeMediaHop(url, init));

  async function expectRefused(harness: Harness, id: string, hostName: string) {
    const res = await get(harness, id);
    expect(res.status, id).toBe(403);
    expect(res.headers.get("content-type"), id).toContain("application/json");
    const body = await res.json();
    expect(body.error, id).toMatchObject({ code: "forbidden", reason: "private-address", host: hostName });
    expect(body.error.message, id).toContain("public addresses only");
    return body.error;
  }

  it("refuses every private or loopback spelling with 403 private-address and never connects (the image server sees nothing)", async () => {
    h = await createHarness();
    const p = port();
    const cases: [string, string, string][] = [
      ["loop", `http://127.0.0.1:${p}/ok.png`, "127.0.0.1"],
      ["decimal", `http://2130706433:${p}/ok.png`, "127.0.0.1"],
      ["hex", `http://0x7f.1:${p}/ok.png`, "127.0.0.1"],
      ["name", `http://localhost:${p}/ok.png`, "localhost"],
      ["v6", `http://[::1]:${p}/ok.png`, "[::1]"],
      ["mapped", `http://[::ffff:127.0.0.1]:${p}/ok.png`, "[::ffff:7f00:1]"],
      ["zero", `http://0.0.0.0:${p}/ok.png`, "0.0.0.0"],
      ["metadata", "http://169.254.169.254/latest/meta-data/", "169.254.169.254"],
      ["lan", "http://192.168.0.10/cam.jpg", "192.168.0.10"],
      ["ten", "http://10.0.0.1/x.png", "10.0.0.1"],
      ["ula", "http://[fd00::1]/x.png", "[fd00::1]"],
    ];
    for (const [id, url] of cases) expect((await post(h, id, url)).status, id).toBe(200);
    for (const [id, , hostName] of cases) await expectRefused(h, id, hostName);
    expect(host.hits).toEqual([]);
  });

  it("refuses a name that resolves to a private address (every answer is checked), and connects to the one address it checked", async () => {
    const asked: string[] = [];
    const answers: Record<string, string[]> = { "inside.example.com": ["10.1.2.3"], "mixed.example.com": ["93.184.216.34", "127.0.0.1"], "pinned.example.com": ["127.0.0.1"] };
    const hop = nodeMediaHopWith(async (name) => {
      asked.push(name);
      const a = answers[name];
      if (!a) throw new Error(`no such name ${name}`);
      // a rebinding server answers differently the next time: only the first answer may be used
      answers[name] = ["203.0.113.9"];
      return a;
    });
    h = await createHarness({ mediaHop: hop });
    await post(h, "inside", "http://inside.example.com/x.png");
    await post(h, "mixed", `http://mixed.example.com:${port()}/ok.png`);
    await expectRefused(h, "inside", "inside.example.com");
    await expectRefused(h, "mixed", "mixed.example.com");
    expect(host.hits).toEqual([]);

    // with private addresses allowed (tests only) the request goes to the address resolved once,
    // with the name as Host: this name exists nowhere else, so a second lookup would have failed
    h.close();
    h = await createHarness({ mediaHop: hop, mediaProxyAllowPrivate: true });
    asked.length = 0;
    await post(h, "pinned", `http://pinned.example.com:${port()}/ok.png`);
    const res = await get(h, "pinned");
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect(asked).toEqual(["pinned.example.com"]);
    host.hits.length = 0;
  });

  it("follows redirects by hand: a redirect into the server's network is refused before it is fetched; more than MAX_REDIRECTS is refused", async () => {
    h = await createHarness({ mediaHop: publicCdn });
    const p = port();
    const via = (to: string) => `http://cdn.example.com/redirect?to=${encodeURIComponent(to)}`;
    await post(h, "to-loop", via(`http://127.0.0.1:${p}/ok.png`));
    await post(h, "to-metadata", via("http://[::ffff:a9fe:a9fe]/latest/meta-data/"));
    await post(h, "to-public", via("http://cdn.example.com/ok.png"));
    let chain = "http://cdn.example.com/ok.png";
    for (let i = 0; i <= MAX_REDIRECTS; i++) chain = via(chain);
    await post(h, "too-many", chain);

    host.hits.length = 0;
    await expectRefused(h, "to-loop", "127.0.0.1");
    await expectRefused(h, "to-metadata", "[::ffff:a9fe:a9fe]");
    // only the redirecting hop reached the image server, never the loopback target
    expect(host.hits.filter((x) => x === "/ok.png")).toEqual([]);
    expect(host.hits.length).toBe(2);

    const ok = await get(h, "to-public");
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(PNG)).toBe(true);

    const tooMany = await get(h, "too-many");
    expect(tooMany.status).toBe(404);
    expect((await tooMany.json()).error).toMatchObject({ code: "not_found", reason: "image-unavailable", message: expect.stringContaining(`more than ${MAX_REDIRECTS} redirects`) });
  });

  it("keeps the size and type limits behind a redirect", async () => {
    h = await createHarness({ mediaHop: publicCdn });
    await post(h, "big", `http://cdn.example.com/redirect?to=${encodeURIComponent("http://cdn.example.com/big.png")}`);
    await post(h, "svg", `http://cdn.example.com/redirect?to=${encodeURIComponent("http://cdn.example.com/x.svg")}`);
    expect((await get(h, "big")).status).toBe(413);
    const svg = await get(h, "svg");
    expect(svg.status).toBe(404);
    expect((await svg.json()).error).toMatchObject({ reason: "image-unavailable" });
  });
});

describe("the Workers hop (fetch with redirect: manual)", () => {
  let host: Awaited<ReturnType<typeof startImageServer>>;
  beforeAll(async () => {
    host = await startImageServer();
  });
  afterAll(() => host.close());

  it("hands redirects back to be checked: a literal private target is refused before it is fetched, a permitted one followed", async () => {
    const signal = AbortSignal.timeout(5000);
    const redirectTo = (to: string) => `${host.url}/redirect?to=${encodeURIComponent(to)}`;
    // private allowed (as in development): the redirect is followed by fetchMedia, not by fetch()
    const ok = await fetchMedia(redirectTo(`${host.url}/ok.png`), { hop: fetchHop, allowPrivate: true, signal });
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(PNG)).toBe(true);
    // production: the first hop itself is a loopback literal
    host.hits.length = 0;
    const refused = await fetchMedia(redirectTo("http://10.0.0.1/x.png"), { hop: fetchHop, allowPrivate: false, signal }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).details).toMatchObject({ reason: "private-address", host: "127.0.0.1" });
    expect(host.hits).toEqual([]);
    // a public first hop (a stand-in hop that lets the image server play it) redirecting inward: refused at the redirect
    const stand: MediaHop = (url, init) => fetchHop(url.hostname === "cdn.example.com" ? new URL(`${url.pathname}${url.search}`, host.url) : url, init);
    const inward = await fetchMedia(`http://cdn.example.com/redirect?to=${encodeURIComponent("http://[::ffff:169.254.169.254]/")}`, { hop: stand, allowPrivate: false, signal }).catch((e: unknown) => e);
    expect((inward as ApiError).status).toBe(403);
    expect(host.hits).toEqual(["/redirect?to=http%3A%2F%2F%5B%3A%3Affff%3A169.254.169.254%5D%2F"]);
  });
});
