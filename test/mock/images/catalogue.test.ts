import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInImages } from "../../../mock/core/images/built-in-images.ts";
import {
  type Catalogue,
  catalogueHost,
  createCatalogue,
} from "../../../mock/core/images/catalogue.ts";
import type { HostResponse } from "../../../mock/core/images/host-response.ts";
import { createImageLoader } from "../../../mock/core/images/image-loader.ts";
import { guardedHop } from "../../../mock/images/guarded-hop.ts";
import { folderImages } from "../../../mock/images/user-images.ts";
import { catalogueFile, recordingTransport, rejectionOf } from "./support.ts";

let root: string;
let catalogue: Catalogue;
const signal = new AbortController().signal;

beforeAll(async () => {
  // root/secret.png sits beside the user's folder: nothing may reach it.
  root = await mkdtemp(join(tmpdir(), "catalogue-test-"));
  const folder = join(root, "wallpapers");
  await mkdir(join(folder, "sub"), { recursive: true });
  await writeFile(join(root, "secret.png"), catalogueFile("forest.png"));
  await writeFile(join(folder, "mine.png"), catalogueFile("ocean.png"));
  await writeFile(join(folder, "my photo.jpg"), catalogueFile("photo.jpg"));
  await writeFile(join(folder, "forest.png"), "the user's own forest.png");
  await writeFile(join(folder, "sub", "inner.png"), catalogueFile("ocean.png"));
  await symlink(join(root, "secret.png"), join(folder, "link.png"));
  catalogue = createCatalogue({ extra: folderImages(folder) });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; body: Buffer }> {
  const response: HostResponse = await catalogue.answer(
    new URL(`https://${catalogueHost}${path}`),
    signal,
  );
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.body) chunks.push(chunk);
  response.close();
  return { status: response.status, body: Buffer.concat(chunks) };
}

describe("createCatalogue with a user's folder", () => {
  const served = [
    { given: "/mine.png", want: "ocean.png" },
    { given: "/my%20photo.jpg", want: "photo.jpg" },
    { given: "/mine.png?cache=busted", want: "ocean.png" },
    { given: "/forest.png", want: "forest.png" },
  ];
  for (const { given, want } of served) {
    it(`serves ${given} with the bytes of ${want}`, async () => {
      const { status, body } = await get(given);
      expect(status).toBe(200);
      expect(body.equals(catalogueFile(want))).toBe(true);
    });
  }

  const refused = [
    "/..%2Fsecret.png",
    "/..%2fsecret.png",
    "/%2e%2e/secret.png",
    "/%2e%2e%2fsecret.png",
    "/../secret.png",
    "/..\\secret.png",
    "/..%5Csecret.png",
    "/sub/inner.png",
    "/sub%2Finner.png",
    "/sub",
    "/link.png",
    "/secret.png",
    "/mine.png%00",
    "/Mine.png",
    "/%E0%A4%A",
    "/",
    "/..",
    "/.",
  ];
  for (const path of refused) {
    it(`answers 404 to ${path}`, async () => {
      const { status, body } = await get(path);
      expect(status).toBe(404);
      expect(body.toString()).toBe("not found\n");
    });
  }

  it("serves a user's file through the loader, with no dial", async () => {
    const transport = recordingTransport();
    const load = createImageLoader({ fetchHop: guardedHop({ transport }), catalogue });
    const image = await load(`https://${catalogueHost}/mine.png`);
    expect(image.contentType).toBe("image/png");
    expect(transport.dials).toEqual([]);
    expect(await rejectionOf(load(`https://${catalogueHost}/sub%2Finner.png`))).toMatchObject({
      code: "IMAGE_FETCH_FAILED",
      message: "the image host answered HTTP 404",
    });
  });

  it("lists the built-in names, then the user's regular files that do not clash", async () => {
    const listed = await catalogue.list();
    expect(listed.slice(0, builtInImages.length).map((entry) => entry.name)).toEqual(
      builtInImages.map((image) => image.name),
    );
    expect(listed.slice(builtInImages.length)).toEqual([
      {
        name: "mine.png",
        url: "https://images.sandbox.test/mine.png",
        description: `From your folder ${join(root, "wallpapers")}.`,
        outcome: "depends on the file",
      },
      {
        name: "my photo.jpg",
        url: "https://images.sandbox.test/my%20photo.jpg",
        description: `From your folder ${join(root, "wallpapers")}.`,
        outcome: "depends on the file",
      },
    ]);
  });

  it("refuses a folder that does not exist", () => {
    expect(() => createCatalogue({ extra: folderImages(join(root, "nope")) })).toThrow(
      /not a folder/,
    );
  });
});

describe("createCatalogue without a folder", () => {
  it("answers 404 to a name it does not know", async () => {
    const response = await createCatalogue().answer(
      new URL(`https://${catalogueHost}/nope.png`),
      signal,
    );
    expect(response.status).toBe(404);
  });

  it("lists each built-in name with its URL, description and outcome", async () => {
    const listed = await createCatalogue().list();
    expect(listed).toHaveLength(builtInImages.length);
    expect(listed[0]).toEqual({
      name: "forest.png",
      url: "https://images.sandbox.test/forest.png",
      description: "A green PNG.",
      outcome: "accepted (image/png)",
    });
  });
});
