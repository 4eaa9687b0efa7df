import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSeedFile } from "../../mock/read-seed-file.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "seed-file-"));
  await writeFile(
    join(dir, "ok.json"),
    JSON.stringify({ accounts: [{ id: "a", apiKey: "sk_test_12345678", conversations: [] }] }),
  );
  await writeFile(join(dir, "bad.json"), "{ nope");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readSeedFile", () => {
  it("reads and checks a seed file", () => {
    expect(readSeedFile(join(dir, "ok.json")).accounts[0]?.id).toBe("a");
  });

  const table = [
    {
      given: "a file that does not exist",
      file: "missing.json",
      want: /missing\.json: not found\.$/,
    },
    { given: "a folder", file: ".", want: /: is a folder, not a file\.$/ },
    {
      given: "a file that is not JSON",
      file: "bad.json",
      want: /^--seed .*bad\.json is not valid JSON/,
    },
  ];
  for (const { given, file, want } of table) {
    it(`says in words why it refuses ${given}`, () => {
      expect(() => readSeedFile(join(dir, file))).toThrow(want);
      expect(() => readSeedFile(join(dir, file))).not.toThrow(/ENOENT|EISDIR/);
    });
  }
});
