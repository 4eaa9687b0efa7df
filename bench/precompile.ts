import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { trackFolder } from "./child-registry.ts";
import { runTracked } from "./run-tracked.ts";

/** Entry points of the kit compiled to plain JavaScript, to start without tsx. */
export interface Precompiled {
  /** The sandbox's CLI (`mock/cli.ts`) as JavaScript. */
  sandboxEntry: string;
  /** The bare node:http baseline as JavaScript. */
  bareHttpEntry: string;
  /** How long tsc took, in ms. */
  ms: number;
  /** Deletes the compiled tree. */
  remove(): void;
}

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Compiles the sandbox's CLI and the bare node:http server with the project's own tsc
 * and tsconfig into `dir` (inside the project, so `node_modules` resolves), copying the
 * spec, the one file the sandbox reads, beside its modules (as bin/build-sandbox.js does).
 * Only the start-up measurement uses it: the same code without tsx shows what tsx costs.
 */
export async function precompile(dir: string): Promise<Precompiled> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const remove = trackFolder(dir);
  const out = join(dir, "out");
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: {
        noEmit: false,
        outDir: out,
        rootDir: root,
        rewriteRelativeImportExtensions: true,
        typeRoots: [join(root, "node_modules", "@types")],
      },
      files: [join(root, "mock", "cli.ts"), join(root, "bench", "servers", "bare-http.ts")],
      include: [],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const { output, ms } = await runTracked(process.execPath, [
    tsc,
    "-p",
    join(dir, "tsconfig.json"),
  ]);
  const sandboxEntry = join(out, "mock", "cli.js");
  const bareHttpEntry = join(out, "bench", "servers", "bare-http.js");
  if (!existsSync(sandboxEntry) || !existsSync(bareHttpEntry)) {
    throw new Error(`tsc did not compile the sandbox:\n${output}`);
  }
  cpSync(join(root, "openapi", "openapi.yaml"), join(out, "openapi", "openapi.yaml"));
  return { sandboxEntry, bareHttpEntry, ms, remove };
}
