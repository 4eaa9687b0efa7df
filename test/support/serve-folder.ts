import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, relative, resolve } from "node:path";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".map": "application/json",
};

/** A running static server; `close` stops it and every connection it holds. */
export type ServedFolder = { url: string; close(): Promise<void> };

/**
 * Serves a folder's files over HTTP on 127.0.0.1 at a free port, `/` being `index.html`.
 * Loopback HTTP is a secure context, so a page served here may register a service worker.
 *
 * @example
 * const site = await serveFolder(dir);
 * await page.goto(site.url);
 * await site.close();
 */
export async function serveFolder(folder: string): Promise<ServedFolder> {
  const root = resolve(folder);
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const file = resolve(join(root, pathname === "/" ? "index.html" : pathname));
    const inside = !relative(root, file).startsWith("..");
    const body = inside && req.method === "GET" ? await readFile(file).catch(() => null) : null;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const type = types[extname(file)] ?? "application/octet-stream";
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}
