/** An image host on 127.0.0.1 for the image tests (HTTP and Chromium). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_IMAGE_BYTES } from "../../src/http/routes/agent/message-image.js";

// a 1×1 PNG
export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/**
 * An image host: /ok.png, /big.png (declared too large), /liar.png (no length, too many bytes),
 * /x.svg, /missing.png, /redirect?to=<url> (302), /stall.png (a few bytes, then nothing). `hits`: every path requested, in order (the
 * security tests prove a refused URL was never fetched).
 */
export async function startImageServer(): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url?.startsWith("/redirect?to=")) return res.writeHead(302, { location: decodeURIComponent(req.url.slice("/redirect?to=".length)) }).end();
    if (req.url === "/ok.png") return res.writeHead(200, { "content-type": "image/png", "content-length": PNG.length }).end(PNG);
    if (req.url === "/big.png") return res.writeHead(200, { "content-type": "image/png", "content-length": MAX_IMAGE_BYTES + 1 }).end(Buffer.alloc(MAX_IMAGE_BYTES + 1));
    if (req.url === "/liar.png") {
      res.writeHead(200, { "content-type": "image/png" }); // chunked, no length
      for (let i = 0; i < 3; i++) res.write(Buffer.alloc(1024 * 1024));
      return res.end();
    }
    if (req.url === "/stall.png") {
      res.writeHead(200, { "content-type": "image/png" });
      return void res.write(PNG.subarray(0, 8)); // and never ends: the proxy's timeout must
    }
    if (req.url === "/x.svg") return res.writeHead(200, { "content-type": "image/svg+xml" }).end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
