import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kitVersion } from "../../mock/kit-version.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kit-version-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("kitVersion", () => {
  it("reads the version of the kit's package.json from the sources", async () => {
    const manifest = JSON.parse(
      await readFile(new URL("../../package.json", import.meta.url), "utf8"),
    );
    expect(kitVersion()).toBe(manifest.version);
  });

  it("finds package.json two levels up from the bundled command, past one without a version", async () => {
    await mkdir(join(dir, "dist", "bin"), { recursive: true });
    await writeFile(join(dir, "package.json"), JSON.stringify({ name: "kit", version: "9.8.7" }));
    await writeFile(join(dir, "dist", "package.json"), JSON.stringify({ type: "module" }));
    expect(kitVersion(pathToFileURL(join(dir, "dist", "bin", "agentphone-sandbox.js")))).toBe(
      "9.8.7",
    );
  });

  it("says where it looked when no package.json has a version", () => {
    expect(() => kitVersion(pathToFileURL("/no-such-folder/mock/cli.js"))).toThrow(
      /no package\.json with a version above \/no-such-folder\/mock/,
    );
  });
});
