import { readFile } from "node:fs/promises";
import type { DashboardFileName } from "../core/http/dashboard-files.ts";

/**
 * Where `npm run build` writes the page (dist/dashboard/): from dist/mock/dashboard/, where
 * this module is compiled to. The command's bundle, in dist/bin/, finds it through the same
 * URL rewritten by bin/build-sandbox.js.
 */
const builtFolder = new URL("../../dashboard/", import.meta.url);

// Run from its TypeScript sources (tests, tsx), the sandbox bundles the page from its
// sources on first use, so an edit is never hidden by a stale build.
const fromSources = import.meta.url.endsWith(".ts");

let files: Promise<Map<DashboardFileName, string>> | undefined;

async function readBuilt(): Promise<Map<DashboardFileName, string>> {
  const names: DashboardFileName[] = ["index.html", "dashboard.js", "dashboard.css"];
  const texts = await Promise.all(
    names.map((name) => readFile(new URL(name, builtFolder), "utf8")),
  );
  return new Map(names.map((name, i) => [name, texts[i] ?? ""]));
}

/**
 * The text of one of the dashboard's files: the built page, or, run from the sources, the
 * page bundled from them once per process.
 *
 * @example
 * const html = await readDashboardFile("index.html");
 */
export async function readDashboardFile(name: DashboardFileName): Promise<string> {
  files ??= fromSources
    ? import("./bundle-dashboard.ts").then(({ bundleDashboard }) => bundleDashboard())
    : readBuilt();
  const text = (await files).get(name);
  if (text === undefined) throw new Error(`the dashboard has no file ${name}`);
  return text;
}
