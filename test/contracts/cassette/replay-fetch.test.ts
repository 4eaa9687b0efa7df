import { afterEach, describe, expect, it } from "vitest";
import type { Cassette, Exchange } from "../../../contracts/cassette/cassette.ts";
import { currentPlace, setCurrentTest } from "../../../contracts/cassette/current-place.ts";
import { replayFetch, takeMisses } from "../../../contracts/cassette/replay-fetch.ts";

const test = "setting a background ({target}) > counts versions";

function cassette(exchanges: Array<Omit<Exchange, "file" | "test">>): Cassette {
  const { file } = currentPlace();
  return {
    version: 1,
    kit: "0.1.0",
    recordedAt: "2026-01-01T00:00:00.000Z",
    target: null,
    exchanges: exchanges.map((exchange) => ({ file, test, ...exchange })),
  };
}

const set = (occurrence: number, version: number): Omit<Exchange, "file" | "test"> => ({
  occurrence,
  request: {
    method: "POST",
    path: "/v1/conversations/conv_000001/background",
    headers: {},
    body: { image_url: "https://images.sandbox.test/forest.png" },
  },
  response: {
    status: 200,
    headers: { "content-type": "application/json" },
    body: { backgroundVersion: version },
  },
});

const send = (replay: typeof fetch) =>
  replay("http://127.0.0.1:1/v1/conversations/conv_000001/background", {
    method: "POST",
    body: JSON.stringify({ image_url: "https://images.sandbox.test/forest.png" }),
  });

afterEach(() => {
  setCurrentTest(null);
  takeMisses();
});

describe("replayFetch", () => {
  it("answers identical requests of a test in the order they were recorded, at any base URL", async () => {
    setCurrentTest(test);
    const replay = replayFetch(cassette([set(0, 1), set(1, 2)]));
    expect(await (await send(replay)).json()).toEqual({ backgroundVersion: 1 });
    expect(await (await send(replay)).json()).toEqual({ backgroundVersion: 2 });
  });

  it("answers a 204 with no body and no headers it did not have", async () => {
    setCurrentTest(test);
    const replay = replayFetch(
      cassette([
        {
          occurrence: 0,
          request: {
            method: "DELETE",
            path: "/v1/conversations/conv_000001/background",
            headers: {},
          },
          response: { status: 204, headers: {} },
        },
      ]),
    );
    const response = await replay(
      "https://api.agentphone.ai/v1/conversations/conv_000001/background",
      {
        method: "DELETE",
      },
    );
    expect([response.status, await response.text(), [...response.headers]]).toEqual([204, "", []]);
  });

  it("rejects at once a request the cassette does not have, naming it and its test", async () => {
    setCurrentTest(test);
    const replay = replayFetch(cassette([set(0, 1)]));
    await send(replay);
    const { file } = currentPlace();
    const message = `not in the cassette: POST /v1/conversations/conv_000001/background in test "${file} › ${test}" (call 2; the cassette has 1)`;
    await expect(send(replay)).rejects.toThrow(message);
    setCurrentTest("another test");
    await expect(replay("http://127.0.0.1:1/__sandbox/faults")).rejects.toThrow(
      `not in the cassette: GET /__sandbox/faults in test "${file} › another test"`,
    );
    // The setup file fails the test with these, should the caller have caught the rejection.
    expect(takeMisses()).toHaveLength(2);
  });

  it("replays a request that got no answer as the same network error", async () => {
    setCurrentTest(test);
    const replay = replayFetch(
      cassette([{ ...set(0, 1), response: { error: "fetch failed (connect ECONNREFUSED)" } }]),
    );
    await expect(send(replay)).rejects.toThrow(
      new TypeError("fetch failed (connect ECONNREFUSED)"),
    );
  });
});
