import { describe, expect, it } from "vitest";
import { prettyLine } from "../../../mock/log/pretty-line.ts";

// 14:04:43.123 on this machine's clock, whatever its time zone.
const time = new Date(2026, 10, 28, 14, 4, 43, 123).getTime();
const line = (fields: object) => `${JSON.stringify({ time, pid: 1, hostname: "vm", ...fields })}\n`;

describe("prettyLine", () => {
  const table = [
    {
      given: "a refused API call",
      fields: {
        level: 30,
        method: "DELETE",
        path: "/v1/conversations/conv_imessage/background",
        status: 401,
        durationMs: 1.1,
        code: "UNAUTHORIZED",
        msg: "request",
      },
      want: "14:04:43.123 INFO  DELETE /v1/conversations/conv_imessage/background 401 UNAUTHORIZED 1.1 ms\n",
    },
    {
      given: "a control call that succeeded, its prefix kept",
      fields: {
        level: 20,
        method: "GET",
        path: "/__sandbox/health",
        status: 200,
        durationMs: 0.4,
        code: null,
        msg: "request",
      },
      want: "14:04:43.123 DEBUG GET /__sandbox/health 200 0.4 ms\n",
    },
    {
      given: "a message with fields",
      fields: {
        level: 40,
        droppedLines: 12,
        msg: "log lines were dropped while stdout was not read",
      },
      want: "14:04:43.123 WARN  log lines were dropped while stdout was not read droppedLines=12\n",
    },
    {
      given: "an error, with its stack below",
      fields: {
        level: 50,
        err: { type: "Error", message: "boom", stack: "Error: boom\n    at here" },
        method: "GET",
        url: "/x",
        msg: "unhandled error",
      },
      want: "14:04:43.123 ERROR unhandled error method=GET url=/x\n  Error: boom\n      at here\n",
    },
  ];
  for (const { given, fields, want } of table) {
    it(`writes ${given} on one line a person can read`, () => {
      expect(prettyLine(line(fields))).toBe(want);
    });
  }

  it("passes on a line that is not JSON as it is", () => {
    expect(prettyLine("not json\n")).toBe("not json\n");
  });
});
