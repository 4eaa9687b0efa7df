import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");

/**
 * Lints `source` as if it were the file at `path` of this project, with the project's own
 * Biome configuration, in a scratch folder (the source tree is never written to).
 */
function lint(path: string, source: string): { status: number | null; output: string } {
  const folder = mkdtempSync(join(tmpdir(), "lint-probe-"));
  try {
    copyFileSync(`${root}biome.jsonc`, join(folder, "biome.jsonc"));
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), source);
    const result = spawnSync(process.execPath, [biome, "lint", "--vcs-enabled=false", path], {
      cwd: folder,
      encoding: "utf8",
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe("the core runs without Node", () => {
  it("bundles the MSW browser entry for the browser with no Node built-in and no polyfill", async () => {
    const result = await build({
      entryPoints: [`${root}mock/msw/index.ts`],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.startsWith("mock/core/"))).toBe(true);
    // Nothing of the Node host (its SSRF guard, Express, logs) and no Node module at all.
    expect(
      inputs.filter((input) => /^node:|^mock\/(images|provider|app|server|cli)/.test(input)),
    ).toEqual([]);
    expect(inputs.filter((input) => /node_modules\/(express|pino|undici)\//.test(input))).toEqual(
      [],
    );
  });

  it("fails the lint when a file of the core imports a Node module or uses Buffer or process", () => {
    const probe = lint(
      "mock/core/probe.ts",
      'import { readFileSync } from "node:fs";\nexport const a = Buffer.from(String(readFileSync));\nexport const b = process.env;\n',
    );
    expect(probe.status).not.toBe(0);
    expect(probe.output).toContain("noNodejsModules");
    expect(probe.output).toContain("noRestrictedGlobals");
  });

  it("lets the Node host use them", () => {
    const probe = lint(
      "mock/images/probe.ts",
      'import { readFileSync } from "node:fs";\nexport const a = Buffer.from(String(readFileSync));\n',
    );
    expect(probe.output).not.toContain("noNodejsModules");
    expect(probe.status).toBe(0);
  });
});
