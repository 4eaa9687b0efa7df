import { describe, expect, it } from "vitest";
import { type SeenResponse, specViolations } from "../../contracts/validate-response.ts";

function seen(status: number, body: unknown, headers: Record<string, string> = {}): SeenResponse {
  const text = body === undefined ? "" : JSON.stringify(body);
  return { status, headers: new Headers(headers), body, text };
}

const published = {
  conversationId: "conv_9f8b7c6d5e4a3b2c1d0e",
  channel: "iMessage",
  hasBackground: true,
  changed: true,
  backgroundId: "bg_123456789abcdef",
  backgroundVersion: 3,
};
const envelope = (code: string) => ({ error: { message: "m", code, type: "t", details: [] } });

describe("specViolations", () => {
  const table = [
    {
      given: "the published example",
      op: "setChatBackground",
      response: seen(200, published),
      want: [],
    },
    {
      given: "null id and version",
      op: "setChatBackground",
      response: seen(200, { ...published, backgroundId: null, backgroundVersion: null }),
      want: [],
    },
    {
      given: "a 200 without channel",
      op: "setChatBackground",
      response: seen(200, { ...published, channel: undefined }),
      want: ["body must have required property 'channel' (status 200)"],
    },
    {
      given: "a status the spec does not list",
      op: "setChatBackground",
      response: seen(418, envelope("TEAPOT")),
      want: [/status 418 is not listed/],
    },
    {
      given: "a 204 with a body",
      op: "removeChatBackground",
      response: seen(204, { ok: true }),
      want: [/status 204 has no body/],
    },
    {
      given: "a 429 without Retry-After",
      op: "removeChatBackground",
      response: seen(429, envelope("RATE_LIMIT_EXCEEDED")),
      want: ["header Retry-After is required on 429"],
    },
    {
      given: "a 429 with an HTTP-date Retry-After",
      op: "removeChatBackground",
      response: seen(429, envelope("RATE_LIMIT_EXCEEDED"), {
        "retry-after": "Wed, 21 Oct 2026 07:28:00 GMT",
      }),
      want: [],
    },
    {
      given: "a 429 whose Retry-After is neither seconds nor a date",
      op: "setChatBackground",
      response: seen(429, envelope("RATE_LIMIT_EXCEEDED"), { "retry-after": "soon" }),
      want: [/header Retry-After "soon" is not what the spec allows/],
    },
    {
      given: "FastAPI's 422",
      op: "setChatBackground",
      response: seen(422, {
        detail: [{ loc: ["body", "image_url"], msg: "Field required", type: "missing" }],
      }),
      want: [],
    },
    {
      given: "a code the guide names but the sandbox never sends (CARRIER_ERROR on 502)",
      op: "setChatBackground",
      response: seen(502, envelope("CARRIER_ERROR")),
      want: [],
    },
    {
      given: "FastAPI's 403 without a key",
      op: "removeChatBackground",
      response: seen(403, { detail: "Not authenticated" }),
      want: [],
    },
    {
      given: "FastAPI's string detail on a 422",
      op: "setChatBackground",
      response: seen(422, { detail: "image_url could not be fetched" }),
      want: [],
    },
    {
      given: "an error body in neither documented shape",
      op: "setChatBackground",
      response: seen(404, { error: "Not found" }),
      want: [/body\/error must be object/, /body must have required property 'detail'/, /anyOf/],
    },
    {
      given: "a 401 without WWW-Authenticate",
      op: "setChatBackground",
      response: seen(401, envelope("UNAUTHORIZED")),
      want: ["header WWW-Authenticate is required on 401"],
    },
    {
      given: "a 401 that is not JSON",
      op: "setChatBackground",
      response: {
        ...seen(401, undefined, { "www-authenticate": "Bearer" }),
        body: "Unauthorized",
        text: "Unauthorized",
      },
      want: [/needs a JSON body/],
    },
  ] as const;
  for (const { given, op, response, want } of table) {
    it(`reports ${want.length === 0 ? "nothing" : "the departure"} for ${given}`, () => {
      const violations = specViolations(op, response);
      expect(violations).toHaveLength(want.length);
      for (const [i, pattern] of want.entries()) expect(violations[i]).toMatch(pattern);
    });
  }
});
