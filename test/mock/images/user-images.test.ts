import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userImages } from "../../../mock/images/user-images.ts";

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "user-images-test-"));
  await mkdir(join(root, "folder", "sub"), { recursive: true });
  await writeFile(join(root, "outside.png"), "outside");
  await writeFile(join(root, "folder", "b.png"), "bbb");
  await writeFile(join(root, "folder", "a.jpg"), "a");
  await symlink(join(root, "outside.png"), join(root, "folder", "link.png"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("userImages", () => {
  it("names only the regular files directly in the folder, sorted", async () => {
    expect(await userImages(join(root, "folder")).names()).toEqual(["a.jpg", "b.png"]);
  });

  it("answers a file with its bytes and size", async () => {
    const response = await userImages(join(root, "folder")).answer("b.png");
    const chunks: Uint8Array[] = [];
    for await (const chunk of response?.body ?? []) chunks.push(chunk);
    expect(response?.headers["content-length"]).toBe("3");
    expect(Buffer.concat(chunks).toString()).toBe("bbb");
  });

  for (const name of ["link.png", "sub", "../outside.png", "missing.png", ""]) {
    it(`has nothing called ${JSON.stringify(name)}`, async () => {
      expect(await userImages(join(root, "folder")).answer(name)).toBeNull();
    });
  }

  it("refuses a file in place of a folder, naming it", () => {
    expect(() => userImages(join(root, "outside.png"))).toThrow(/outside\.png: not a folder/);
  });
});
