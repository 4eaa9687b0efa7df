import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { DashboardFileName } from "../core/http/dashboard-files.ts";

/** The page's sources: its HTML, its style and the TypeScript it runs. */
export const pageFolder = fileURLToPath(new URL("./page/", import.meta.url));

/**
 * Bundles the dashboard page from its sources with esbuild (a development dependency,
 * loaded only here): `main.ts` and what it imports into `dashboard.js`, `dashboard.css`
 * as it is, `index.html` as it is. `npm run build` writes the result to dist/dashboard/;
 * the sandbox run from its sources bundles it in memory.
 *
 * @example
 * const files = await bundleDashboard();
 * files.get("dashboard.js");
 */
export async function bundleDashboard(
  folder: string = pageFolder,
): Promise<Map<DashboardFileName, string>> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: { dashboard: `${folder}/main.ts` },
    bundle: true,
    write: false,
    outdir: "out",
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const script = result.outputFiles.find((file) => file.path.endsWith("dashboard.js"));
  if (!script) throw new Error("esbuild wrote no dashboard.js");
  return new Map<DashboardFileName, string>([
    ["index.html", await readFile(`${folder}/index.html`, "utf8")],
    ["dashboard.js", script.text],
    ["dashboard.css", await readFile(`${folder}/dashboard.css`, "utf8")],
  ]);
}
