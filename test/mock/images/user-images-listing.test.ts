import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listingMaxAgeMs, userImages } from "../../../mock/images/user-images.ts";

let folder: string;
let clock: number;
const now = () => clock;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "user-images-listing-test-"));
  await writeFile(join(folder, "a.png"), "a");
  clock = 1_000_000;
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("userImages' listing", () => {
  it("does not see a file added within the interval, and sees it after", async () => {
    const mine = userImages(folder, { now });
    expect(await mine.names()).toEqual(["a.png"]);
    await writeFile(join(folder, "b.png"), "b");
    clock += listingMaxAgeMs - 1;
    expect(await mine.names()).toEqual(["a.png"]);
    expect(await mine.answer("b.png")).toBeNull();
    clock += 1;
    expect(await mine.names()).toEqual(["a.png", "b.png"]);
    const response = await mine.answer("b.png");
    response?.close();
    expect(response?.status).toBe(200);
  });

  it("lists a removed file until the interval ends, but never serves it", async () => {
    const mine = userImages(folder, { now });
    expect(await mine.names()).toEqual(["a.png"]);
    await rm(join(folder, "a.png"));
    clock += listingMaxAgeMs - 1;
    expect(await mine.names()).toEqual(["a.png"]);
    expect(await mine.answer("a.png")).toBeNull();
    clock += 1;
    expect(await mine.names()).toEqual([]);
  });

  it("serves nothing once the folder itself is gone, and lists nothing after the interval", async () => {
    const mine = userImages(folder, { now });
    expect(await mine.names()).toEqual(["a.png"]);
    await rm(folder, { recursive: true });
    clock += listingMaxAgeMs - 1;
    expect(await mine.names()).toEqual(["a.png"]);
    expect(await mine.answer("a.png")).toBeNull();
    clock += 1;
    expect(await mine.names()).toEqual([]);
  });

  it("shares one read between concurrent lookups, and reuses it within the interval", async () => {
    const mine = userImages(folder, { now });
    const [first, second, served] = await Promise.all([
      mine.names(),
      mine.names(),
      mine.answer("a.png"),
    ]);
    served?.close();
    expect(served?.status).toBe(200);
    expect(second).toBe(first);
    clock += listingMaxAgeMs - 1;
    expect(await mine.names()).toBe(first);
    clock += 1;
    const [third, fourth] = await Promise.all([mine.names(), mine.names()]);
    expect(third).not.toBe(first);
    expect(fourth).toBe(third);
  });
});
