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

  it("replays a request that got no answer as the same network error, with its cause", async () => {
    setCurrentTest(test);
    const cause = { name: "Error", message: "other side closed", code: "UND_ERR_SOCKET" };
    const replay = replayFetch(
      cassette([
        {
          ...set(0, 1),
          response: { error: { name: "TypeError", message: "fetch failed", cause } },
        },
      ]),
    );
    const error = await send(replay).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "fetch failed", cause });
  });

  it("cuts a body short where the recorded one was, with the same error", async () => {
    setCurrentTest(test);
    const replay = replayFetch(
      cassette([
        {
          ...set(0, 1),
          response: {
            status: 200,
            headers: {},
            bodyText: '{"backgroundVer',
            bodyError: { name: "TypeError", message: "terminated" },
          },
        },
      ]),
    );
    const response = await send(replay);
    const reader = response.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('{"backgroundVer');
    await expect(reader?.read()).rejects.toThrow(new TypeError("terminated"));
  });

  it("holds a stalled body, and an aborted request, until the client aborts, as fetch does", async () => {
    setCurrentTest(test);
    const stalled = { ...set(0, 1).response, bodyStalled: true as const };
    const aborted = {
      error: { name: "AbortError", message: "This operation was aborted", aborted: true as const },
    };
    const replay = replayFetch(
      cassette([
        { ...set(0, 1), response: stalled },
        { ...set(1, 1), response: aborted },
      ]),
    );
    const request = (signal: AbortSignal) =>
      replay("http://127.0.0.1:1/v1/conversations/conv_000001/background", {
        method: "POST",
        body: JSON.stringify({ image_url: "https://images.sandbox.test/forest.png" }),
        signal,
      });
    const first = new AbortController();
    const text = (await request(first.signal)).text();
    const second = new AbortController();
    const answer = request(second.signal);
    let settled = false;
    void Promise.allSettled([text, answer]).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    first.abort();
    second.abort();
    await expect(text).rejects.toMatchObject({ name: "AbortError" });
    await expect(answer).rejects.toMatchObject({ name: "AbortError" });
  });
});
