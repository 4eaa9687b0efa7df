import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createLogDestination, type LogFormat } from "../../../mock/log/log-destination.ts";

/** A stream that keeps what is written, a terminal or not. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  const writable = Object.assign(
    new Writable({
      decodeStrings: false,
      write(chunk: string, _encoding, callback) {
        written.push(chunk);
        callback();
      },
    }),
    { isTTY },
  );
  return { writable, written };
}

describe("createLogDestination", () => {
  const table: Array<{ given: string; isTTY: boolean; format?: LogFormat; want: LogFormat }> = [
    { given: "a terminal", isTTY: true, want: "pretty" },
    { given: "a pipe or a file", isTTY: false, want: "json" },
    { given: "a terminal, with json forced", isTTY: true, format: "json", want: "json" },
    { given: "a pipe, with pretty forced", isTTY: false, format: "pretty", want: "pretty" },
  ];
  for (const { given, isTTY, format, want } of table) {
    it(`writes ${want} lines to ${given}`, () => {
      const { writable, written } = stream(isTTY);
      const destination = createLogDestination(writable, { format });
      const logger = pino({ level: "info" }, destination);
      logger.info(
        { method: "GET", path: "/__sandbox/health", status: 200, durationMs: 1, code: null },
        "request",
      );
      expect(destination.format).toBe(want);
      expect(written).toHaveLength(1);
      if (want === "json") {
        expect(JSON.parse(written[0] ?? "")).toMatchObject({
          path: "/__sandbox/health",
          status: 200,
        });
      } else {
        expect(written[0]).toMatch(
          /^\d\d:\d\d:\d\d\.\d{3} INFO {2}GET \/__sandbox\/health 200 1 ms\n$/,
        );
      }
    });
  }
});
