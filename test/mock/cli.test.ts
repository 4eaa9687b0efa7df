import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, spawnSandbox } from "../../contracts/spawn-sandbox.ts";
import { catalogueFile, startServer } from "./images/support.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sandbox-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the sandbox's command line", () => {
  it("prints one ready line with the bound URL and serves the API", async () => {
    const sandbox = await spawnSandbox(["--port", "0", "--log-level", "silent"]);
    try {
      expect(sandbox.output().trim()).toMatch(
        /^AgentPhone sandbox ready at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\); \/__sandbox needs no token \(loopback only\)$/,
      );
      const response = await fetch(`${sandbox.url}/__sandbox/health`);
      expect(((await response.json()) as { status: string }).status).toBe("ok");
    } finally {
      expect(await sandbox.stop()).toBe(0);
    }
  });

  it("requires --admin-token on loopback too, and says so in the ready line", async () => {
    const sandbox = await spawnSandbox([
      "--port",
      "0",
      "--admin-token",
      "s3cret-token",
      "--log-level",
      "silent",
    ]);
    try {
      expect(sandbox.output()).toMatch(/needs the --admin-token in X-Sandbox-Token\n/);
      expect(sandbox.output()).not.toContain("s3cret-token");
      const without = await fetch(`${sandbox.url}/__sandbox/health`);
      expect(without.status).toBe(403);
      const withToken = await fetch(`${sandbox.url}/__sandbox/health`, {
        headers: { "x-sandbox-token": "s3cret-token" },
      });
      expect(withToken.status).toBe(200);
    } finally {
      await sandbox.stop();
    }
  });

  it("fetches images from a developer's own http://127.0.0.1 server with --allow-private-images", async () => {
    const images = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "image/png" }).end(catalogueFile("forest.png"));
    });
    const sandbox = await spawnSandbox([
      "--port",
      "0",
      "--allow-private-images",
      "--log-level",
      "silent",
    ]);
    try {
      expect(sandbox.output()).toContain(
        "; --allow-private-images: images may come from loopback and private addresses, over http: too\n",
      );
      const response = await fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, {
        method: "POST",
        headers: { authorization: "Bearer sk_sandbox_alice", "content-type": "application/json" },
        body: JSON.stringify({ image_url: `http://127.0.0.1:${images.port}/forest.png` }),
      });
      expect(response.status).toBe(200);
    } finally {
      await sandbox.stop();
      await images.close();
    }
  });

  it("prints the kit's version with --version, and exits 0", async () => {
    const manifest = JSON.parse(
      await readFile(new URL("../../package.json", import.meta.url), "utf8"),
    );
    const { code, stdout, stderr } = await runCli(["--version"]);
    expect({ code, stdout, stderr }).toEqual({
      code: 0,
      stdout: `${manifest.version}\n`,
      stderr: "",
    });
  });

  it("starts from its TypeScript sources when asked to, or when the build is stale", async () => {
    const sandbox = await spawnSandbox(["--port", "0", "--log-level", "silent"], 20_000, {
      AGENTPHONE_SANDBOX_FROM_SOURCE: "1",
    });
    try {
      const response = await fetch(`${sandbox.url}/__sandbox/health`);
      expect(response.status).toBe(200);
    } finally {
      expect(await sandbox.stop()).toBe(0);
    }
  });

  it("finishes an in-flight request on SIGTERM, then exits 0", async () => {
    const sandbox = await spawnSandbox([
      "--port",
      "0",
      "--latency",
      "400",
      "--log-level",
      "silent",
    ]);
    const inFlight = fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, {
      method: "DELETE",
      headers: { authorization: "Bearer sk_sandbox_alice" },
    });
    // Let the request reach the server before the signal.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const exit = sandbox.stop("SIGTERM");
    expect((await inFlight).status).toBe(204);
    expect(await exit).toBe(0);
  });

  it("writes structured JSON request logs", async () => {
    const sandbox = await spawnSandbox(["--port", "0"]);
    await fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, { method: "DELETE" });
    await sandbox.stop();
    const line = sandbox
      .output()
      .split("\n")
      .find((l) => l.includes('"msg":"request"'));
    expect(JSON.parse(line ?? "{}")).toMatchObject({
      method: "DELETE",
      status: 401,
      code: "UNAUTHORIZED",
    });
  });

  it("writes one line a person reads per request with --log-format pretty", async () => {
    const sandbox = await spawnSandbox(["--port", "0", "--log-format", "pretty"]);
    await fetch(`${sandbox.url}/v1/conversations/conv_imessage/background`, { method: "DELETE" });
    await sandbox.stop();
    expect(sandbox.output()).toMatch(
      /\n\d\d:\d\d:\d\d\.\d{3} INFO {2}DELETE \/v1\/conversations\/conv_imessage\/background 401 UNAUTHORIZED [\d.]+ ms\n/,
    );
    expect(sandbox.output()).not.toContain('"msg"');
  });

  it("logs control calls at debug with their /__sandbox prefix", async () => {
    const sandbox = await spawnSandbox([
      "--port",
      "0",
      "--log-level",
      "debug",
      "--log-format",
      "json",
    ]);
    await fetch(`${sandbox.url}/__sandbox/health`);
    await sandbox.stop();
    const lines = sandbox
      .output()
      .split("\n")
      .filter((l) => l.includes('"msg":"request"'))
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 20, method: "GET", path: "/__sandbox/health", status: 200 }),
    );
  });

  it("starts from a seed file", async () => {
    const seed = join(dir, "seed.json");
    await writeFile(
      seed,
      JSON.stringify({
        accounts: [
          {
            id: "acct_x",
            apiKey: "sk_test_xxxxxxxx",
            conversations: [{ id: "conv_x", channel: "imessage" }],
          },
        ],
      }),
    );
    const sandbox = await spawnSandbox(["--port", "0", "--seed", seed, "--log-level", "silent"]);
    try {
      const response = await fetch(`${sandbox.url}/v1/conversations/conv_x/background`, {
        method: "DELETE",
        headers: { authorization: "Bearer sk_test_xxxxxxxx" },
      });
      expect(response.status).toBe(204);
    } finally {
      await sandbox.stop();
    }
  });

  const refusals = [
    { given: "an unknown flag", args: ["--colour", "red"], says: /unknown option '--colour'/ },
    { given: "a port out of range", args: ["--port", "70000"], says: /--port.*from 0 to 65535/ },
    { given: "a seed that is not JSON", args: ["--seed", "BAD_SEED"], says: /is not valid JSON/ },
    { given: "a seed of the wrong shape", args: ["--seed", "WRONG_SEED"], says: /accounts/ },
    {
      given: "a seed with several mistakes, each of them",
      args: ["--seed", "SEVERAL_SEED"],
      says: /has 2 mistakes: (?=.*accounts\.0\.apiKey: )(?=.*accounts\.0: has an unknown field colour)/,
    },
    {
      given: "a seed file that does not exist",
      args: ["--seed", "/nonexistent/seed.json"],
      says: /\/nonexistent\/seed\.json: not found/,
    },
    {
      given: "a missing images folder",
      args: ["--images", "/nonexistent/folder"],
      says: /is not a folder/,
    },
    {
      given: "a provider URL that is not http",
      args: ["--provider-url", "ftp://x"],
      says: /http: or https:/,
    },
    { given: "an unknown log level", args: ["--log-level", "loud"], says: /loud/ },
    { given: "an unknown log format", args: ["--log-format", "xml"], says: /xml.*json, pretty/ },
    { given: "an empty admin token", args: ["--admin-token", ""], says: /--admin-token.*ASCII/ },
    {
      given: "an admin token no client can send",
      args: ["--admin-token", "clé secrète"],
      says: /--admin-token.*ASCII/,
    },
    { given: "an empty host", args: ["--host", ""], says: /host must not be empty/ },
    {
      given: "a store that is neither memory nor Redis",
      args: ["--store", "postgres://db/1"],
      says: /^agentphone-sandbox: option --store: postgres: is not a store: use memory, or redis:\/\//,
    },
    {
      given: "a store URL that does not parse, without its password",
      args: ["--store", "redis://:hunt/er2@127.0.0.1:6379/0"],
      says: /--store: "redis:\/\/\*\*\*@127\.0\.0\.1:6379\/0" is not a URL \(in a password, write \/ \? # @ and % as %2F/,
    },
    {
      given: "a store URL with a query, without the query's password",
      args: ["--store", "redis://127.0.0.1:6379/0?password=hunter2"],
      says: /--store: the store URL takes no query or fragment \(a password goes before the host: redis:\/\/:password@host\)/,
    },
    {
      given: "a store URL whose password's / makes the rest look like a path, without the password",
      env: { SANDBOX_STORE: "redis://app:6379/hunter2@127.0.0.1:6379/0" },
      says: /SANDBOX_STORE: "redis:\/\/\*\*\*@127\.0\.0\.1:6379\/0" has an @ after its host, so the URL was cut inside its password: in a password, write \//,
    },
    {
      given: "a store URL whose password has a #, without the part before it",
      args: ["--store", "redis://:hunt#er2@127.0.0.1:6379/0"],
      says: /--store: "redis:\/\/\*\*\*@127\.0\.0\.1:6379\/0" is not a URL \(in a password/,
    },
    {
      given: "a store URL whose password has a bare %",
      args: ["--store", "redis://:hunt%er2@127.0.0.1:6379/0"],
      says: /--store: redis:\/\/:\*\*\*@127\.0\.0\.1:6379\/0 has a % in its user or password that is not followed by two hex digits: write % as %25\./,
    },
    {
      given: "a store URL with a tab before it, which the connection would read otherwise",
      env: { SANDBOX_STORE: "\tredis://127.0.0.1:6379/0" },
      says: /SANDBOX_STORE: redis:\/\/127\.0\.0\.1:6379\/0 has a space, a control character or a character beyond ASCII/,
    },
    {
      given: "a store URL with a port that is no number, without a hint about passwords",
      args: ["--store", "redis://:hunter2@127.0.0.1:abc/0"],
      says: /is not a URL \(its host or port is not valid: a port is a number from 0 to 65535\)/,
    },
    {
      given: "a bare word for a store, not echoed since it may be a password",
      args: ["--store", "hunter2"],
      says: /--store: the store is neither memory nor a URL: use memory, or redis:\/\//,
    },
    {
      given: "a store URL from SANDBOX_STORE, naming the variable",
      env: { SANDBOX_STORE: "redis://:hunter2@127.0.0.1:6379/sessions" },
      says: /^agentphone-sandbox: environment variable SANDBOX_STORE: the store URL's path must be a database number from 0 to 16383, not "\/sessions"\.\n$/,
    },
    {
      given: "a Redis store URL with a path that is no database number",
      args: ["--store", "redis://127.0.0.1:6379/sessions"],
      says: /database number/,
    },
    {
      given: "a store prefix with a brace",
      args: ["--store", "redis://127.0.0.1:1/0", "--store-prefix", "{team}"],
      says: /--store-prefix must be 1 to 100 printable ASCII characters without spaces or braces, not "\{team\}"/,
    },
    {
      given: "a store prefix from SANDBOX_STORE_PREFIX with a control character, escaped",
      args: ["--store", "redis://127.0.0.1:1/0"],
      env: { SANDBOX_STORE_PREFIX: "team\u001b[2Jb" },
      says: /^agentphone-sandbox: environment variable SANDBOX_STORE_PREFIX must be .*, not "team\\u001b\[2Jb"\.\n$/,
    },
    {
      given: "a store prefix too long, saying how long",
      args: ["--store", "redis://127.0.0.1:1/0", "--store-prefix", "p".repeat(101)],
      says: /--store-prefix must be 1 to 100 .*\(101 characters\)\.\n$/,
    },
    {
      given: "a store prefix with the memory store",
      args: ["--store-prefix", "team-a"],
      says: /--store-prefix names the keys of a Redis store; add --store redis:\/\//,
    },
    {
      given: "SANDBOX_STORE_PREFIX with the memory store, naming the variable",
      env: { SANDBOX_STORE_PREFIX: "team-a" },
      says: /^agentphone-sandbox: SANDBOX_STORE_PREFIX names the keys of a Redis store; set SANDBOX_STORE/,
    },
    {
      given: "a Redis that cannot be reached, naming it without its password",
      args: ["--store", "redis://user:hunter2@127.0.0.1:1/0"],
      says: /cannot open its store: Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1\/0/,
    },
    {
      given: "a Redis that cannot be reached, naming it without a password written as its user",
      args: ["--store", "redis://hunter2@127.0.0.1:1/0"],
      says: /cannot open its store: Redis at redis:\/\/\*\*\*@127\.0\.0\.1:1\/0/,
    },
  ];
  for (const { given, args = [], env = {}, says } of refusals as Array<{
    given: string;
    args?: string[];
    env?: Record<string, string>;
    says: RegExp;
  }>) {
    it(`refuses ${given} with one clear line and a non-zero exit`, async () => {
      await writeFile(join(dir, "bad.json"), "{ not json");
      await writeFile(join(dir, "wrong.json"), JSON.stringify({ accounts: "none" }));
      await writeFile(
        join(dir, "several.json"),
        JSON.stringify({ accounts: [{ id: "a", apiKey: "k", colour: "red", conversations: [] }] }),
      );
      const resolved = args.map((a) =>
        a
          .replace("BAD_SEED", join(dir, "bad.json"))
          .replace("WRONG_SEED", join(dir, "wrong.json"))
          .replace("SEVERAL_SEED", join(dir, "several.json")),
      );
      const { code, stdout, stderr } = await runCli(resolved, 20_000, env);
      expect(code).not.toBe(0);
      expect(stdout).toBe("");
      expect(stderr).toMatch(says);
      // A password in a store URL, wherever it was written, is never printed.
      expect(stderr).not.toMatch(/hunt/);
      // Nor is a control character: the terminal shows the refusal as written.
      expect(stderr).not.toContain("\u001b");
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr).not.toMatch(/ENOENT|EISDIR/);
      expect(stderr.trim().split("\n")).toHaveLength(1);
    });
  }

  it("takes an empty SANDBOX_STORE and SANDBOX_STORE_PREFIX as unset: memory", async () => {
    const sandbox = await spawnSandbox(["--port", "0", "--log-level", "silent"], 20_000, {
      SANDBOX_STORE: "",
      SANDBOX_STORE_PREFIX: "",
    });
    try {
      const health = await (await fetch(`${sandbox.url}/__sandbox/health`)).json();
      expect(health).toMatchObject({ status: "ok", store: "memory" });
    } finally {
      await sandbox.stop();
    }
  });

  it("says the port is taken in one line instead of a stack trace", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = await runCli(["--port", String(port), "--log-level", "silent"]);
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `agentphone-sandbox: 127.0.0.1:${port} is in use; stop what runs there or pass --port 0 for any free port.`,
      );
    } finally {
      blocker.close();
    }
  });
});
