import { createHash } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { ProviderError, type ProviderUpload } from "../../../mock/core/provider/provider.ts";
import { createHttpProvider } from "../../../mock/provider/http-provider.ts";

// Every byte value, plus a line that looks like a multipart boundary, so a body that is
// re-encoded or split in the wrong place cannot pass for the original.
const bytes = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from("\r\n--boundary\r\nContent-Disposition: form-data\r\n\r\n"),
]);

function upload(conversationId = "conv_imessage"): ProviderUpload {
  return {
    conversationId,
    recipientIosVersion: 18,
    image: {
      bytes,
      contentType: "image/png",
      filename: "background.png",
      sha256: createHash("sha256").update(bytes).digest("hex"),
      size: bytes.length,
    },
  };
}

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

type Answer = (res: ServerResponse, req: IncomingMessage) => void;

/** Starts a loopback provider that records each request; the calling test closes it. */
async function startProvider(answer: Answer = (res) => res.writeHead(200).end()) {
  const received: Received[] = [];
  const sockets: Socket[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { method = "", url = "", headers } = req;
    received.push({ method, url, headers, body: Buffer.concat(chunks) });
    answer(res, req);
  });
  server.on("connection", (socket) => {
    sockets.push(socket);
    // A client that cancels a response body resets the connection; that is expected here.
    socket.on("error", () => {});
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  onTestFinished(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, "close");
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, sockets };
}

async function formData(request: Received): Promise<FormData> {
  const headers = { "content-type": String(request.headers["content-type"]) };
  return new Response(request.body, { headers }).formData();
}

beforeAll(() => {
  // Only loopback may be reached; anything else must be a nock interceptor.
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1:"));
});

afterEach(() => {
  nock.cleanAll();
  vi.useRealTimers();
});

afterAll(() => {
  nock.enableNetConnect();
});

describe("the HTTP provider against a loopback server", () => {
  it("posts an upload as multipart/form-data with the conversation id and the file", async () => {
    const provider = await startProvider();
    await createHttpProvider({ url: provider.url }).setBackground(upload());

    expect(provider.received).toHaveLength(1);
    const [request] = provider.received;
    if (!request) throw new Error("no request");
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/conversations/conv_imessage/background");
    expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);

    const form = await formData(request);
    expect([...form.keys()]).toEqual(["conversation_id", "file"]);
    expect(form.get("conversation_id")).toBe("conv_imessage");
    const file = form.get("file") as File;
    expect(file.type).toBe("image/png");
    expect(file.name).toBe("background.png");
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("sends a clear as DELETE without a body", async () => {
    const provider = await startProvider((res) => res.writeHead(204).end());
    await createHttpProvider({ url: provider.url }).clearBackground({
      conversationId: "conv_imessage",
      recipientIosVersion: null,
    });

    expect(provider.received.map(({ method, url }) => ({ method, url }))).toEqual([
      { method: "DELETE", url: "/conversations/conv_imessage/background" },
    ]);
    expect(provider.received[0]?.body.length).toBe(0);
  });

  it("URL-encodes the conversation id and keeps the base URL's own path", async () => {
    const provider = await startProvider();
    const http = createHttpProvider({ url: `${provider.url}/v1/` });
    await http.setBackground(upload("conv/a b?#"));

    expect(provider.received[0]?.url).toBe("/v1/conversations/conv%2Fa%20b%3F%23/background");
    expect((await formData(provider.received[0] as Received)).get("conversation_id")).toBe(
      "conv/a b?#",
    );
  });

  it("sends the configured headers but keeps its own multipart content type", async () => {
    const provider = await startProvider();
    const headers = { authorization: "Bearer provider-key", "content-type": "text/plain" };
    await createHttpProvider({ url: provider.url, headers }).setBackground(upload());

    expect(provider.received[0]?.headers.authorization).toBe("Bearer provider-key");
    expect(provider.received[0]?.headers["content-type"]).toMatch(/^multipart\/form-data;/);
  });

  for (const status of [200, 201, 202, 204]) {
    it(`accepts an answer of HTTP ${status}`, async () => {
      const provider = await startProvider((res) => res.writeHead(status).end());
      await expect(
        createHttpProvider({ url: provider.url }).setBackground(upload()),
      ).resolves.toBeUndefined();
    });
  }

  const refusals = [
    { given: 500, want: "provider answered HTTP 500" },
    { given: 503, want: "provider answered HTTP 503" },
    { given: 404, want: "provider answered HTTP 404" },
    { given: 400, want: "provider answered HTTP 400" },
  ];
  for (const { given, want } of refusals) {
    it(`turns HTTP ${given} into a ProviderError`, async () => {
      const provider = await startProvider((res) => res.writeHead(given).end("no"));
      const http = createHttpProvider({ url: provider.url });

      await expect(http.setBackground(upload())).rejects.toThrow(new ProviderError(want));
      await expect(
        http.clearBackground({ conversationId: "conv_imessage", recipientIosVersion: null }),
      ).rejects.toThrow(new ProviderError(want));
    });
  }

  it("does not follow a redirect, so the image is sent only where it was meant to go", async () => {
    const provider = await startProvider((res, req) => {
      res.writeHead(307, { location: `/elsewhere${req.url}` }).end();
    });
    const http = createHttpProvider({ url: provider.url });

    await expect(http.setBackground(upload())).rejects.toThrow("provider answered HTTP 307");
    expect(provider.received).toHaveLength(1);
  });

  // Without the cancel, fetch keeps the connection open; fail fast rather than at 30 s.
  it("cancels a large error body so the socket is released", { timeout: 5_000 }, async () => {
    const provider = await startProvider((res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(Buffer.alloc(8 * 1024 * 1024, "x"));
    });
    const http = createHttpProvider({ url: provider.url });

    await expect(http.setBackground(upload())).rejects.toThrow("provider answered HTTP 500");
    const [socket] = provider.sockets;
    if (!socket) throw new Error("no connection");
    if (!socket.destroyed) await new Promise((resolve) => socket.once("close", resolve));
    expect(socket.destroyed).toBe(true);
  });

  it("gives up on a provider that never answers within the timeout", async () => {
    const provider = await startProvider(() => {});
    const http = createHttpProvider({ url: provider.url, timeoutMs: 100 });
    const started = performance.now();

    const call = http.setBackground(upload());
    await expect(call).rejects.toThrow(new ProviderError("provider did not answer within 100 ms"));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(provider.received).toHaveLength(1);
  });

  it("reports a provider that refuses the connection", async () => {
    const provider = await startProvider();
    // A port that was just free and is now closed refuses the connection.
    const closed = createServer().listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, "close");

    const http = createHttpProvider({ url: `http://127.0.0.1:${port}` });
    const call = http.setBackground(upload());
    await expect(call).rejects.toBeInstanceOf(ProviderError);
    await expect(call).rejects.toThrow(/^provider could not be reached: .*ECONNREFUSED/);
    expect(provider.received).toHaveLength(0);
  });
});

describe("the HTTP provider with an injected fetch", () => {
  it("aborts the request after the default 5000 ms", async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const fetch: typeof globalThis.fetch = (_url, init) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>((_resolve, reject) => {
        signal?.addEventListener("abort", () => reject(signal?.reason));
      });
    };
    const call = createHttpProvider({ url: "https://provider.example", fetch }).clearBackground({
      conversationId: "conv_imessage",
      recipientIosVersion: 17,
    });
    const outcome = expect(call).rejects.toThrow("provider did not answer within 5000 ms");

    await vi.advanceTimersByTimeAsync(4_999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signal?.aborted).toBe(true);
    await outcome;
  });

  const outcomes = [
    { given: "an accepted call", fetch: async () => new Response(null, { status: 204 }) },
    { given: "a refused call", fetch: async () => new Response("no", { status: 500 }) },
    { given: "a network error", fetch: async () => Promise.reject(new TypeError("fetch failed")) },
  ];
  for (const { given, fetch } of outcomes) {
    it(`leaves no timer behind after ${given}`, async () => {
      vi.useFakeTimers();
      const http = createHttpProvider({ url: "https://provider.example", fetch });
      await http.setBackground(upload()).catch(() => undefined);
      expect(vi.getTimerCount()).toBe(0);
    });
  }
});

describe("the HTTP provider's options", () => {
  const invalid = [
    { given: "a URL that does not parse", options: { url: "provider.example" } },
    { given: "an ftp: URL", options: { url: "ftp://provider.example" } },
    { given: "a timeout of 0 ms", options: { url: "https://provider.example", timeoutMs: 0 } },
    { given: "a timeout of NaN", options: { url: "https://p.example", timeoutMs: Number.NaN } },
  ];
  for (const { given, options } of invalid) {
    it(`refuses ${given} when created`, () => {
      expect(() => createHttpProvider(options)).toThrow();
    });
  }
});

describe("the HTTP provider against nock", () => {
  it("posts the multipart upload to a provider on the internet", async () => {
    let contentType = "";
    let body = "";
    const scope = nock("https://provider.example")
      .matchHeader("content-type", (value: string) => {
        contentType = value;
        return value.startsWith("multipart/form-data; boundary=");
      })
      .post("/v1/conversations/conv_imessage/background", (sent: string) => {
        body = sent;
        return true;
      })
      .reply(200);

    await createHttpProvider({ url: "https://provider.example/v1" }).setBackground(upload());

    scope.done();
    // nock hands over a body that is not valid UTF-8, as this one is, in hex.
    const sent = new Response(Buffer.from(body, "hex"), {
      headers: { "content-type": contentType },
    });
    const form = await sent.formData();
    expect(form.get("conversation_id")).toBe("conv_imessage");
    const file = form.get("file") as File;
    expect([file.type, file.name]).toEqual(["image/png", "background.png"]);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("turns the provider's HTTP 502 into a ProviderError", async () => {
    const scope = nock("https://provider.example")
      .delete("/conversations/conv_imessage/background")
      .reply(502);
    const http = createHttpProvider({ url: "https://provider.example" });

    await expect(
      http.clearBackground({ conversationId: "conv_imessage", recipientIosVersion: null }),
    ).rejects.toThrow(new ProviderError("provider answered HTTP 502"));
    scope.done();
  });
});
