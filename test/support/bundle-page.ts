import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build } from "esbuild";

/** A page bundled into a temporary folder; `remove` deletes the folder. */
export type BundledPage = { folder: string; remove(): Promise<void> };

const indexHtml = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <link rel="icon" href="data:," />
    <script type="module" src="/page.js"></script>
  </head>
  <body></body>
</html>
`;

/**
 * Bundles a page's entry module for the browser into a new temporary folder, beside an
 * `index.html` that loads it and msw's `mockServiceWorker.js` at the root scope (the file
 * `npx msw init` writes, from the installed msw, so the two always match), and any `assets`
 * (file name → bytes) the page fetches from its own server.
 *
 * @example
 * const bundle = await bundlePage(fileURLToPath(new URL("./page/ping-page.ts", import.meta.url)));
 * const site = await serveFolder(bundle.folder);
 */
export async function bundlePage(
  entry: string,
  assets: Record<string, Uint8Array> = {},
): Promise<BundledPage> {
  const folder = await mkdtemp(join(tmpdir(), "agentphone-page-"));
  try {
    await build({
      entryPoints: [entry],
      outfile: join(folder, "page.js"),
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      sourcemap: "inline",
      logLevel: "silent",
    });
    const require = createRequire(import.meta.url);
    const msw = dirname(require.resolve("msw/package.json"));
    await copyFile(join(msw, "lib/mockServiceWorker.js"), join(folder, "mockServiceWorker.js"));
    await writeFile(join(folder, "index.html"), indexHtml);
    for (const [name, bytes] of Object.entries(assets)) await writeFile(join(folder, name), bytes);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}
