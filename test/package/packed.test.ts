import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerLockfile } from "../support/consumer-lockfile.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const kitPackage = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
const kitLock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8"));
const versions = kitPackage as { name: string };

/**
 * What the tarball may hold, and nothing else: what runs (compiled JavaScript and its
 * declarations, the two commands, the spec) and the documents npm always adds.
 */
const allowed = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^bin\/(agentphone-sandbox|agentphone-contracts|run-kit-command)\.js$/,
  /^openapi\/openapi\.yaml$/,
  /^dist\/openapi\/openapi\.yaml$/,
  /^dist\/(mock|contracts|openapi)\/.+\.(js|d\.ts)$/,
  /^dist\/bin\/agentphone-sandbox\.js$/,
  /^dist\/dashboard\/(index\.html|dashboard\.js|dashboard\.css)$/,
];

/** What the package is built from. */
const packedSources = [
  "bin",
  "mock",
  "contracts",
  "openapi",
  "tsconfig.json",
  "tsconfig.build.json",
  "README.md",
  "CHANGELOG.md",
];

let project = "";
let tarball = "";
let sandbox: ChildProcess | undefined;
let sandboxUrl = "";
let installOutput = "";

/** Runs a command in the temporary project, with the Node running this test first on PATH. */
function inProject(command: string, args: string[], timeout = 120_000) {
  return run(command, args, {
    cwd: project,
    timeout,
    env: { ...process.env, PATH: `${join(process.execPath, "..")}:${process.env.PATH}`, CI: "" },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Starts the installed package's `agentphone-sandbox` on a free port; resolves with its URL. */
function startInstalledSandbox(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(project, "node_modules/.bin/agentphone-sandbox"),
        "--port",
        "0",
        "--log-level",
        "silent",
      ],
      { cwd: project, stdio: ["ignore", "pipe", "pipe"] },
    );
    sandbox = child;
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no ready line:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = /ready at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`exited ${code}:\n${output}`)));
  });
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "kit-consumer-"));
  // `npm pack` runs the prepack build, as publishing would: in a copy of the sources, so
  // that rebuilding never pulls dist/ from under another test running this checkout.
  const source = join(project, "kit");
  await mkdir(source);
  for (const entry of [...packedSources, "package.json", "package-lock.json"]) {
    await cp(join(root, entry), join(source, entry), { recursive: true });
  }
  await symlink(join(root, "node_modules"), join(source, "node_modules"), "dir");
  const { stdout } = await run(npm, ["pack", "--json", "--pack-destination", project], {
    cwd: source,
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  tarball = join(project, packed?.filename ?? "");
  // A project that adds the kit, TypeScript and msw (the optional peer of ./msw), pinned to the versions the kit was tested
  // with. No network: \`npm ci --offline\` installs from npm's cache, which \`npm ci\` of
  // this repository filled (see test/support/consumer-lockfile.ts).
  const { manifest, lock } = consumerLockfile({
    kitLock,
    kitPackage,
    tarball: { name: packed?.filename ?? "", bytes: await readFile(tarball) },
    also: ["typescript", "@types/node", "msw"],
  });
  await writeFile(join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(project, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
  const installed = await inProject(npm, ["ci", "--offline", "--no-audit", "--no-fund"]);
  installOutput = installed.stdout + installed.stderr;
  sandboxUrl = await startInstalledSandbox();
}, 300_000);

afterAll(async () => {
  sandbox?.kill("SIGTERM");
  if (project) await rm(project, { recursive: true, force: true });
});

const setAndRemove = (load: string) => `
const { createSandbox } = ${load};
const sandbox = await createSandbox({ port: 0, logLevel: "silent" });
const url = sandbox.url + "/v1/conversations/conv_imessage/background";
const auth = { authorization: "Bearer sk_sandbox_alice" };
const set = await fetch(url, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ image_url: "https://images.sandbox.test/forest.png" }) });
const removed = await fetch(url, { method: "DELETE", headers: auth });
console.log(JSON.stringify({ set: set.status, body: await set.json(), removed: removed.status }));
await sandbox.close();
`;

describe("the packed package, installed into an empty project", () => {
  it("holds what runs and nothing else", async () => {
    const list = await run("tar", ["tzf", tarball]);
    const files = list.stdout
      .trim()
      .split("\n")
      .map((f) => f.replace(/^package\//, ""));
    expect(files.filter((file) => !allowed.some((pattern) => pattern.test(file)))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/mock/index.js",
        "dist/bin/agentphone-sandbox.js",
        "dist/dashboard/index.html",
        "dist/dashboard/dashboard.js",
        "dist/dashboard/dashboard.css",
      ]),
    );
    // The page's bundler runs only at build time (it needs esbuild, a development dependency).
    expect(files.filter((file) => file.includes("bundle-dashboard"))).toEqual([]);
    // The command line ships once, bundled: its unbundled modules would be dead weight.
    expect(files).not.toContain("dist/mock/cli.js");
    expect(files.some((file) => /\.ts$/.test(file) && !file.endsWith(".d.ts"))).toBe(false);
  });

  it("installs without a script of its own to run or approve", async () => {
    const manifest = JSON.parse(
      await readFile(join(project, "node_modules", versions.name, "package.json"), "utf8"),
    ) as { scripts?: Record<string, string> };
    const atInstall = ["preinstall", "install", "postinstall", "prepare"];
    expect(Object.keys(manifest.scripts ?? {}).filter((name) => atInstall.includes(name))).toEqual(
      [],
    );
    // npm 11 lists each package with install scripts for the installer to approve.
    expect(installOutput).not.toContain(`${versions.name}@`);
  });

  it("(a) runs agentphone-sandbox under plain node, answering a set", async () => {
    const response = await fetch(`${sandboxUrl}/v1/conversations/conv_imessage/background`, {
      method: "POST",
      headers: { authorization: "Bearer sk_sandbox_alice", "content-type": "application/json" },
      body: JSON.stringify({ image_url: "https://images.sandbox.test/forest.png" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ changed: true, backgroundVersion: 1 });
  });

  it("(a) serves the dashboard's page, script and style from the package", async () => {
    for (const file of ["", "dashboard.js", "dashboard.css"]) {
      const response = await fetch(`${sandboxUrl}/__sandbox/${file}`);
      expect(response.status, file).toBe(200);
      expect((await response.text()).length, file).toBeGreaterThan(100);
    }
  });

  it("(b) imports createSandbox from the package name in an ESM file", async () => {
    await writeFile(join(project, "esm.mjs"), setAndRemove(`await import("${versions.name}")`));
    const { stdout } = await inProject(process.execPath, ["esm.mjs"]);
    expect(JSON.parse(stdout)).toMatchObject({ set: 200, body: { changed: true }, removed: 204 });
  });

  it("(c) requires it from a CommonJS file", async () => {
    const body = setAndRemove(`require("${versions.name}")`);
    await writeFile(join(project, "cjs.cjs"), `(async () => {${body}})();`);
    const { stdout } = await inProject(process.execPath, ["cjs.cjs"]);
    expect(JSON.parse(stdout)).toMatchObject({ set: 200, body: { changed: true }, removed: 204 });
  });

  for (const resolution of ["bundler", "node16"] as const) {
    it(`(d) type-checks a TypeScript file using its types, moduleResolution ${resolution}`, async () => {
      const module = resolution === "bundler" ? "esnext" : "node16";
      await writeFile(
        join(project, `tsconfig.${resolution}.json`),
        JSON.stringify({
          compilerOptions: {
            module,
            moduleResolution: resolution,
            target: "es2022",
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ["node"],
          },
          files: ["typed.mts"],
        }),
      );
      await writeFile(
        join(project, "typed.mts"),
        `import { createSandbox, errorCodes, type Conversation, type SandboxOptions } from "${versions.name}";
import type { SandboxHandlers } from "${versions.name}/msw";
import type { ContractRunOptions } from "${versions.name}/contracts";
import type { SetChatBackgroundResponse } from "${versions.name}/schema";
const options: SandboxOptions = { port: 0, logLevel: "silent" };
const sandbox = await createSandbox(options);
const state = await sandbox.control.state();
const first: Conversation | undefined = state.accounts[0]?.conversations[0];
const status: number = errorCodes.CONVERSATION_NOT_FOUND.status;
const answer: SetChatBackgroundResponse | undefined = undefined;
const run: ContractRunOptions = { targets: ["http"], junit: "contracts.xml" };
export type Handlers = SandboxHandlers;
export { first, status, answer, run };
await sandbox.close();
`,
      );
      const tsc = join(project, "node_modules/typescript/bin/tsc");
      const result = await inProject(process.execPath, [
        tsc,
        "-p",
        `tsconfig.${resolution}.json`,
      ]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
      expect(result.stdout).toBe("");
    });
  }

  it("(e) runs agentphone-contracts --target http against (a), and passes", async () => {
    const junit = join(project, "contracts.xml");
    const { stdout } = await inProject(
      process.execPath,
      [
        join(project, "node_modules/.bin/agentphone-contracts"),
        "--target",
        "http",
        "--base-url",
        sandboxUrl,
        "--junit",
        junit,
      ],
      240_000,
    );
    expect(stdout).toMatch(/Tests: \d+ passed, 0 failed/);
    expect(await readFile(junit, "utf8")).toMatch(/<testsuites [^>]*failures="0"/);
  }, 300_000);
});
