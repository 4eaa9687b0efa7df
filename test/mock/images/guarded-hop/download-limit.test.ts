import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../../mock/core/errors/api-error.ts";
import { catalogueHost, createCatalogue } from "../../../../mock/core/images/catalogue.ts";
import { bytesResponse } from "../../../../mock/core/images/host-response.ts";
import type { ImageLoader } from "../../../../mock/core/images/image.ts";
import {
  createImageLoader,
  type ImageLoaderOptions,
} from "../../../../mock/core/images/image-loader.ts";
import { guardedHop } from "../../../../mock/images/guarded-hop.ts";
import { folderImages } from "../../../../mock/images/user-images.ts";
import { countingResolver, type HeldTransport, heldTransport, settle } from "../held-transport.ts";
import { catalogueFile, rejectionOf } from "../support.ts";

const url = (name: string) => `https://images.example.com/${name}`;

function limited(maxImageDownloads: number, options: Partial<ImageLoaderOptions> = {}) {
  const held = heldTransport();
  const load = createImageLoader({
    fetchHop: guardedHop({ resolve: countingResolver(), transport: held.transport }),
    deadlineMs: 60_000,
    maxImageDownloads,
    ...options,
  });
  return { held, load };
}

/** Whether `promise` has settled yet, once every pending callback has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await settle();
  return done;
}

async function expectBusy(promise: Promise<unknown>) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ApiError);
  expect(error).toMatchObject({
    code: "SERVICE_UNAVAILABLE",
    status: 503,
    headers: { "Retry-After": "1" },
  });
}

/**
 * With a limit of 1 and nothing else running: one download takes the slot at once, one
 * waits, and the next is refused. Shows the slot was free and the queue empty.
 */
async function expectOneSlotFree(load: ImageLoader, held: HeldTransport) {
  const before = held.dials.length;
  const holding = load(url("holding.png"));
  await settle();
  expect(held.dials).toHaveLength(before + 1);
  const waiting = load(url("waiting.png"));
  await settle();
  expect(held.dials).toHaveLength(before + 1);
  await expectBusy(load(url("refused.png")));
  held.answer(before);
  await holding;
  await held.dialled(before + 2);
  held.answer(before + 1);
  await waiting;
}

describe("the image loader's limit on downloads in flight", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs two, queues two, refuses the fifth with 503, and lets the queued go as slots free", async () => {
    const { held, load } = limited(2);
    const running = [load(url("1.png")), load(url("2.png"))];
    await settle();
    expect(held.dials).toHaveLength(2);
    const queued = [load(url("3.png")), load(url("4.png"))];
    await settle();
    expect(held.dials).toHaveLength(2);

    await expectBusy(load(url("5.png")));
    expect(held.dials.map((dial) => dial.path)).toEqual(["/1.png", "/2.png"]);

    held.answer(0);
    expect((await running[0])?.contentType).toBe("image/png");
    await held.dialled(3);
    expect(held.dials[2]?.path).toBe("/3.png");
    held.answer(1);
    await held.dialled(4);
    held.answer(2);
    held.answer(3);
    const images = await Promise.all([...running, ...queued]);
    expect(images.map((image) => image.finalUrl)).toEqual(
      ["1.png", "2.png", "3.png", "4.png"].map(url),
    );
  });

  it("frees the place of a queued caller that aborts, and never dials for it", async () => {
    const { held, load } = limited(1);
    const holding = load(url("holding.png"));
    await settle();
    const caller = new AbortController();
    const leaving = load(url("leaving.png"), caller.signal);
    await settle();
    caller.abort(new Error("the client hung up"));
    expect(await rejectionOf(leaving)).toMatchObject({ message: "the client hung up" });

    const waiting = load(url("waiting.png"));
    await settle();
    expect(await settled(waiting)).toBe(false);
    await expectBusy(load(url("refused.png")));
    held.answer(0);
    await holding;
    await held.dialled(2);
    held.answer(1);
    await waiting;
    expect(held.dials.map((dial) => dial.path)).toEqual(["/holding.png", "/waiting.png"]);
  });

  const endings = [
    {
      given: "succeeds",
      end: (held: HeldTransport) => held.answer(0),
      want: { contentType: "image/png" },
    },
    {
      given: "answers HTTP 404",
      end: (held: HeldTransport) =>
        held.answer(0, bytesResponse(404, "text/plain", Buffer.from("no"))),
      want: { code: "IMAGE_FETCH_FAILED" },
    },
    {
      given: "is not an image",
      end: (held: HeldTransport) =>
        held.answer(0, bytesResponse(200, "image/png", Buffer.from("no"))),
      want: { code: "UNSUPPORTED_IMAGE_TYPE" },
    },
  ];
  for (const { given, end, want } of endings) {
    it(`frees the slot of a download that ${given}`, async () => {
      const { held, load } = limited(1);
      const first = load(url("first.png")).catch((error: unknown) => error);
      await held.dialled(1);
      end(held);
      expect(await first).toMatchObject(want);
      await expectOneSlotFree(load, held);
    });
  }

  it("frees the slot of a download whose caller aborts", async () => {
    const { held, load } = limited(1);
    const caller = new AbortController();
    const first = load(url("first.png"), caller.signal);
    await held.dialled(1);
    caller.abort(new Error("the client hung up"));
    expect(await rejectionOf(first)).toMatchObject({ message: "the client hung up" });
    await expectOneSlotFree(load, held);
  });

  it("frees the slot of a download that passes its deadline", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const { held, load } = limited(1, { deadlineMs: 1_000 });
    const first = load(url("first.png")).catch((error: unknown) => error);
    await held.dialled(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await first).toMatchObject({ code: "IMAGE_FETCH_TIMEOUT" });
    await expectOneSlotFree(load, held);
  });

  it("never holds up a built-in image, even with every slot and place taken", async () => {
    const { held, load } = limited(1);
    const holding = load(url("holding.png"));
    const waiting = load(url("waiting.png"));
    await settle();
    const builtIn = (name: string) => load(`https://${catalogueHost}/${name}`);
    expect((await builtIn("forest.png")).contentType).toBe("image/png");
    expect((await builtIn("redirect-forest.png")).contentType).toBe("image/png");
    expect(await rejectionOf(builtIn("missing.png"))).toMatchObject({
      code: "IMAGE_FETCH_FAILED",
    });
    expect(await rejectionOf(builtIn("redirect-private.png"))).toMatchObject({
      code: "IMAGE_ADDRESS_BLOCKED",
    });
    await expectBusy(load(url("refused.png")));
    held.answer(0);
    await held.dialled(2);
    held.answer(1);
    await Promise.all([holding, waiting]);
  });

  it("does not count time spent queued against the deadline", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const { held, load } = limited(1, { deadlineMs: 1_000 });
    const holding = load(url("holding.png"));
    const queued = load(url("queued.png")).catch((error: unknown) => error);
    await settle();
    await vi.advanceTimersByTimeAsync(900);
    held.answer(0);
    await holding;
    await held.dialled(2);
    // Queued for 900 ms, then 999 ms running: still within its 1 s.
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(queued)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await queued).toMatchObject({ code: "IMAGE_FETCH_TIMEOUT" });
  });

  it("refuses a limit that is not a whole number of at least 1", () => {
    for (const maxImageDownloads of [0, -1, 1.5, Number.NaN]) {
      expect(() => createImageLoader({ fetchHop: guardedHop(), maxImageDownloads })).toThrow(
        /maxImageDownloads must be a whole number of at least 1/,
      );
    }
  });
});

describe("the limit with a user's folder", () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "download-limit-test-"));
    await writeFile(join(folder, "mine.png"), catalogueFile("ocean.png"));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("counts a file from the folder like a download, and still serves built-in names", async () => {
    const { held, load } = limited(1, {
      catalogue: createCatalogue({ extra: folderImages(folder) }),
    });
    const mine = `https://${catalogueHost}/mine.png`;
    expect((await load(mine)).contentType).toBe("image/png");
    const holding = load(url("holding.png"));
    const waiting = load(url("waiting.png"));
    await settle();
    await expectBusy(load(mine));
    expect((await load(`https://${catalogueHost}/ocean.png`)).contentType).toBe("image/png");
    held.answer(0);
    await held.dialled(2);
    held.answer(1);
    await Promise.all([holding, waiting]);
    expect((await load(mine)).contentType).toBe("image/png");
  });
});
