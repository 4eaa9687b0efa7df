import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The browser entry, bundled one way. */
export interface BundleResult {
  name: "msw external" | "msw bundled";
  /** Minified, in bytes. */
  bytes: number;
  /** Minified, then gzipped at level 9, in bytes. */
  gzipBytes: number;
}

/** The size the browser entry must stay far below: a 10 MiB image in it would not. */
export const bundleLimitBytes = 1024 * 1024;

const entry = fileURLToPath(new URL("../mock/msw/index.ts", import.meta.url));

/**
 * Bundles `mock/msw/index.ts` for the browser as an app's bundler would (ESM, minified),
 * with `msw` left to the app that already has it or bundled in, and measures the output.
 *
 * @example
 * (await measureBundle("msw external")).gzipBytes; // e.g. 86794
 */
export async function measureBundle(name: BundleResult["name"]): Promise<BundleResult> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    logLevel: "silent",
    external: name === "msw external" ? ["msw"] : [],
  });
  const [output] = result.outputFiles;
  if (!output || result.outputFiles.length !== 1) throw new Error("esbuild wrote no single file");
  return {
    name,
    bytes: output.contents.byteLength,
    gzipBytes: gzipSync(output.contents, { level: 9 }).byteLength,
  };
}
