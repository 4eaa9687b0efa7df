#!/usr/bin/env node
// Compiles the kit to dist/ with the project's own tsc, copies the spec (the one file the
// sandbox reads, to serve /openapi.yaml) beside its modules, and bundles the sandbox's command
// line with its dependencies into one file, dist/bin/agentphone-sandbox.js: Node then parses
// one file instead of resolving and loading some 350 modules, which is most of its start-up.
// Run by `npm pack` (prepack) and `npm run build`; not by `npm ci` (a prepare script would
// be an install script of the published package, which npm asks every installer to approve).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist`;
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

rmSync(dist, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", `${root}tsconfig.build.json`], {
  stdio: "inherit",
});
if (result.status !== 0) {
  // A half-built dist/ must never be run: without one, the sandbox starts from its sources.
  rmSync(dist, { recursive: true, force: true });
  console.error("build-sandbox: tsc failed; npm start will run the sources through tsx instead.");
  process.exit(1);
}
cpSync(`${root}openapi/openapi.yaml`, `${dist}/openapi/openapi.yaml`);

try {
  await bundleDashboard();
  await bundleSandboxCommand();
} catch (error) {
  rmSync(dist, { recursive: true, force: true });
  console.error(
    `build-sandbox: bundling failed (${error.message}); npm start will run the sources through tsx instead.`,
  );
  process.exit(1);
}

// tsc rewrites the sources' `./x.ts` imports to `./x.js` in JavaScript but not in
// declarations, where a consumer's compiler would look for a `.ts` file that is not shipped.
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
  const path = `${entry.parentPath}/${entry.name}`;
  const text = readFileSync(path, "utf8");
  const fixed = text.replace(
    /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g,
    "$1$2.js$3",
  );
  if (fixed !== text) writeFileSync(path, fixed);
}

/**
 * Writes the dashboard page (its HTML, style and bundled script) to dist/dashboard/, where
 * the built sandbox serves it from, with the bundler tsc compiled from
 * mock/dashboard/bundle-dashboard.ts; that bundler (it loads esbuild, a development
 * dependency) is then removed, as the package never runs it.
 */
async function bundleDashboard() {
  const bundler = `${dist}/mock/dashboard/bundle-dashboard`;
  const { bundleDashboard: bundle } = await import(`${bundler}.js`);
  const files = await bundle(`${root}mock/dashboard/page`);
  mkdirSync(`${dist}/dashboard`, { recursive: true });
  for (const [name, text] of files) writeFileSync(`${dist}/dashboard/${name}`, text);
  for (const suffix of [".js", ".js.map", ".d.ts"]) rmSync(`${bundler}${suffix}`);
}

/**
 * Bundles dist/mock/cli.js and everything it imports into dist/bin/agentphone-sandbox.js,
 * then removes the unbundled command line, so the package holds one copy of it.
 */
async function bundleSandboxCommand() {
  const { build } = await import("esbuild");
  const specModule = /[\\/]dist[\\/]openapi[\\/]spec\.js$/;
  const specUrl = 'new URL("./openapi.yaml", import.meta.url)';
  const dashboardModule = /[\\/]dist[\\/]mock[\\/]dashboard[\\/]read-dashboard-file\.js$/;
  const dashboardUrl = '"../../dashboard/"';
  await build({
    entryPoints: [`${dist}/mock/cli.js`],
    outfile: `${dist}/bin/agentphone-sandbox.js`,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20.19",
    logLevel: "warning",
    legalComments: "eof",
    // The bundled CommonJS packages (Express, pino, Ajv) call require for Node's modules.
    banner: {
      js: 'import { createRequire as createRequireForBundle } from "node:module";\nconst require = createRequireForBundle(import.meta.url);',
    },
    plugins: [
      {
        // The sandbox bundles the page itself only when run from its TypeScript sources.
        name: "no-dashboard-bundler",
        setup(bundle) {
          bundle.onResolve({ filter: /bundle-dashboard\.js$/ }, ({ path }) => ({
            path,
            external: true,
          }));
          // The built page is found beside its module; in the bundle, that module is dist/bin/.
          bundle.onLoad({ filter: dashboardModule }, ({ path }) => {
            const text = readFileSync(path, "utf8");
            if (!text.includes(dashboardUrl)) {
              throw new Error(`${path} no longer finds the page with ${dashboardUrl}`);
            }
            return { contents: text.replace(dashboardUrl, '"../dashboard/"'), loader: "js" };
          });
        },
      },
      {
        // The spec is found beside its module; in the bundle, that module is dist/bin/.
        name: "spec-beside-bundle",
        setup(bundle) {
          bundle.onLoad({ filter: specModule }, ({ path }) => {
            const text = readFileSync(path, "utf8");
            if (!text.includes(specUrl)) {
              throw new Error(`${path} no longer finds the spec with ${specUrl}`);
            }
            const contents = text.replace(specUrl, specUrl.replace("./", "../openapi/"));
            return { contents, loader: "js" };
          });
        },
      },
    ],
  });
  for (const file of ["cli.js", "cli.js.map", "cli.d.ts"]) rmSync(`${dist}/mock/${file}`);
}
