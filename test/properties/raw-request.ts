import { request } from "node:http";
import type { SeenResponse } from "../../contracts/validate-response.ts";

/** A request as it goes on the wire: any method, any target, repeated headers allowed. */
export interface RawRequest {
  method: string;
  /** The request target exactly as sent: not normalised, not re-encoded. */
  target: string;
  /** Name and value pairs, in order; a name given twice is sent as two header lines. */
  headers: Array<[string, string]>;
  body?: Buffer | undefined;
}

/**
 * Sends one request with `node:http` rather than `fetch`, which would normalise the path,
 * merge repeated headers and refuse some methods. A new connection each time, so that one
 * odd request cannot leave a kept-alive connection in a state that fails the next.
 *
 * @example
 * await sendRaw(sandbox.port, { method: "HEAD", target: "/v1/conversations/%00/background", headers: [] });
 */
export function sendRaw(port: number, raw: RawRequest, timeoutMs = 10_000): Promise<SeenResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request({
      host: "127.0.0.1",
      port,
      method: raw.method,
      path: raw.target,
      agent: false,
    });
    const grouped = new Map<string, string[]>();
    for (const [name, value] of raw.headers) {
      grouped.set(name, [...(grouped.get(name) ?? []), value]);
    }
    for (const [name, values] of grouped) {
      outgoing.setHeader(name, values.length === 1 ? (values[0] as string) : values);
    }
    // Node frames a DELETE or GET body only when told its length; unframed, it would be
    // read as the next request.
    if (raw.body !== undefined) outgoing.setHeader("content-length", raw.body.length);
    outgoing.setTimeout(timeoutMs, () => {
      outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`));
    });
    outgoing.on("error", reject);
    outgoing.on("response", (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("error", reject);
      incoming.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const one of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, one);
        }
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: incoming.statusCode ?? 0, headers, text, body: parseBody(text) });
      });
    });
    outgoing.end(raw.body);
  });
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
