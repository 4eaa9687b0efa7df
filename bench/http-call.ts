import { request } from "node:http";

/** What {@link httpCall} got back. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/** A request for {@link httpCall}; a `json` body is sent as `application/json`. */
export interface HttpCall {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
}

/**
 * One request on a fresh connection that is closed afterwards: no pooled socket stays
 * open in the server to skew a file-descriptor count, and no lazy client (as `fetch`
 * loads on first use) adds its start-up to a timing.
 *
 * @example
 * const { status } = await httpCall(`${url}/__sandbox/health`);
 */
export function httpCall(url: string, call: HttpCall = {}): Promise<HttpAnswer> {
  const body = call.json === undefined ? undefined : JSON.stringify(call.json);
  const headers: Record<string, string> = { connection: "close", ...call.headers };
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Promise((resolve, reject) => {
    const req = request(url, { method: call.method ?? "GET", headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} within 30 s`)));
    req.on("error", reject);
    req.end(body);
  });
}
