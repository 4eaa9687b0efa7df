import { afterAll, beforeAll } from "vitest";
import { type BundledPage, bundlePage } from "./bundle-page.ts";
import { type ServedFolder, serveFolder } from "./serve-folder.ts";

/**
 * Bundles a page's entry module and serves it on loopback for the calling test file, then
 * stops the server and deletes the bundle after the file, with any `assets` (file name →
 * bytes) served beside it. Returns the page's URL.
 *
 * @example
 * const pageUrl = useServedPage(fileURLToPath(new URL("./page/ping-page.ts", import.meta.url)));
 * it("…", async () => { await page.goto(pageUrl()); });
 */
export function useServedPage(
  entry: string,
  assets: Record<string, Uint8Array> = {},
): () => string {
  let bundle: BundledPage | undefined;
  let site: ServedFolder | undefined;
  beforeAll(async () => {
    bundle = await bundlePage(entry, assets);
    site = await serveFolder(bundle.folder);
  });
  afterAll(async () => {
    await site?.close();
    await bundle?.remove();
  });
  return () => {
    if (!site) throw new Error("the page is served only once the file's beforeAll has run");
    return site.url;
  };
}
