import { describe, expect, it } from "vitest";
import type { Cassette, Exchange } from "../../../contracts/cassette/cassette.ts";
import { diffCassettes } from "../../../contracts/cassette/diff-cassettes.ts";

const where =
  'test "request-body › body ({target}) > answers 422": POST /v1/conversations/{id}/background {}';

function exchange(response: Exchange["response"], conversation = "conv_000001"): Exchange {
  return {
    file: "request-body",
    test: "body ({target}) > answers 422",
    occurrence: 0,
    request: {
      method: "POST",
      path: `/v1/conversations/${conversation}/background`,
      headers: {},
      body: {},
    },
    response,
  };
}

const refusal = {
  status: 422,
  headers: { "content-type": "application/json", "x-request-id": "r1" },
  body: { error: { code: "VALIDATION_ERROR", message: "m", details: [{ field: "image_url" }] } },
};

function cassette(...exchanges: Exchange[]): Cassette {
  return { version: 1, kit: "0.1.0", recordedAt: "", target: null, exchanges };
}

describe("diffCassettes", () => {
  const table: Array<{ given: string; after: Exchange[]; want: string[] }> = [
    {
      given: "the same answers, other values and another conversation's placeholder",
      after: [
        exchange(
          { ...refusal, headers: { ...refusal.headers, "x-request-id": "r2" } },
          "conv_000007",
        ),
      ],
      want: [],
    },
    {
      given: "a status changed",
      after: [exchange({ ...refusal, status: 400 })],
      want: [`${where}: status 422 → 400`],
    },
    {
      given: "an error code changed",
      after: [
        exchange({
          ...refusal,
          body: { error: { ...refusal.body.error, code: "INVALID_IMAGE_URL" } },
        }),
      ],
      want: [`${where}: error code VALIDATION_ERROR → INVALID_IMAGE_URL`],
    },
    {
      given: "a header removed and one added",
      after: [
        exchange({
          ...refusal,
          headers: { "content-type": "application/json", "retry-after": "1" },
        }),
      ],
      want: [`${where}: header x-request-id removed`, `${where}: header retry-after added`],
    },
    {
      given: "a body of another shape",
      after: [exchange({ ...refusal, body: { detail: [{ loc: ["body", 1], msg: "m" }] } })],
      want: [
        `${where}: error code VALIDATION_ERROR → none`,
        `${where}: body detail: absent → array`,
        `${where}: body detail[]: absent → object`,
        `${where}: body detail[].loc: absent → array`,
        `${where}: body detail[].loc[]: absent → number | string`,
        `${where}: body detail[].msg: absent → string`,
        `${where}: body error: object → absent`,
        `${where}: body error.code: string → absent`,
        `${where}: body error.details: array → absent`,
        `${where}: body error.details[]: object → absent`,
        `${where}: body error.details[].field: string → absent`,
        `${where}: body error.message: string → absent`,
      ],
    },
    {
      given: "no answer at all",
      after: [exchange({ error: { name: "TypeError", message: "fetch failed" } })],
      want: [`${where}: status 422 → TypeError (fetch failed)`],
    },
    {
      given: "a body that ended in an error",
      after: [exchange({ ...refusal, bodyError: { name: "TypeError", message: "terminated" } })],
      want: [`${where}: body ended whole → TypeError (terminated)`],
    },
    {
      given: "the request no longer made, and another made instead",
      after: [{ ...exchange(refusal), test: "body ({target}) > answers 400" }],
      want: [
        `${where}: only in the first`,
        'test "request-body › body ({target}) > answers 400": POST /v1/conversations/{id}/background {}: only in the second',
      ],
    },
  ];
  for (const { given, after, want } of table) {
    it(`lists ${want.length === 0 ? "nothing" : "one line a change"} for ${given}`, () => {
      expect(diffCassettes(cassette(exchange(refusal)), cassette(...after))).toEqual(want);
    });
  }
});
