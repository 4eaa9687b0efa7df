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
      response: seen(403, envelope("UNAUTHORIZED")),
      want: [/status 403 is not listed/],
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
      want: [/whole number of seconds/],
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
      given: "an error code the spec does not know",
      op: "setChatBackground",
      response: seen(404, envelope("NOT_FOUND")),
      want: [/code must be equal to one of the allowed values/],
    },
    {
      given: "a 401 that is not JSON",
      op: "setChatBackground",
      response: { ...seen(401, undefined), body: "Unauthorized", text: "Unauthorized" },
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
