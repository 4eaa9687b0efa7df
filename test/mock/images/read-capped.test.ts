import { describe, expect, it } from "vitest";
import { readCapped } from "../../../mock/core/images/read-capped.ts";
import { rejectionOf } from "./support.ts";

async function* pieces(sizes: number[], finished = () => {}) {
  try {
    for (const size of sizes) yield Buffer.alloc(size, 1);
  } finally {
    finished();
  }
}

const open = () => new AbortController().signal;

describe("readCapped", () => {
  const fits = [
    { given: [], want: 0 },
    { given: [10], want: 10 },
    { given: [40, 40, 20], want: 100 },
  ];
  for (const { given, want } of fits) {
    it(`reads pieces of ${JSON.stringify(given)} whole, up to a cap of 100`, async () => {
      expect((await readCapped(pieces(given), 100, open())).length).toBe(want);
    });
  }

  it("refuses the piece that takes the total past the cap, and stops the body", async () => {
    let stopped = false;
    let pulled = 0;
    async function* body() {
      try {
        for (;;) {
          pulled += 1;
          yield Buffer.alloc(40);
        }
      } finally {
        stopped = true;
      }
    }
    const error = await rejectionOf(readCapped(body(), 100, open()));
    expect(error).toMatchObject({
      code: "IMAGE_TOO_LARGE",
      message: "the image is larger than 100 bytes",
    });
    expect(pulled).toBe(3);
    expect(stopped).toBe(true);
  });

  it("throws the signal's reason when it aborts while a read is pending", async () => {
    const controller = new AbortController();
    const body = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Uint8Array>>(() => {}),
      }),
    };
    const reading = readCapped(body, 100, controller.signal);
    const reason = new Error("deadline");
    controller.abort(reason);
    expect(await rejectionOf(reading)).toBe(reason);
  });

  it("turns a broken connection into IMAGE_FETCH_FAILED", async () => {
    async function* body() {
      yield Buffer.alloc(1);
      throw Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    }
    expect(await rejectionOf(readCapped(body(), 100, open()))).toMatchObject({
      code: "IMAGE_FETCH_FAILED",
      message: "the image host closed the connection before the image was complete",
    });
  });
});
