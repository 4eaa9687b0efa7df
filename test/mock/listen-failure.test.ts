import { describe, expect, it } from "vitest";
import { listenFailure } from "../../mock/listen-failure.ts";

describe("listenFailure", () => {
  const table = [
    {
      given: "EADDRINUSE",
      want: "127.0.0.1:4010 is in use; stop what runs there or pass --port 0 for any free port.",
    },
    { given: "EACCES", want: "not allowed to listen on 127.0.0.1:4010; pick a port above 1023." },
    { given: "EADDRNOTAVAIL", want: "cannot bind 127.0.0.1: no such local address." },
    { given: "ECONNRESET", want: undefined },
    { given: undefined, want: undefined },
  ];
  for (const { given, want } of table) {
    it(`says what to do about ${given ?? "no code"} in one line, when there is a plain remedy`, () => {
      expect(listenFailure(given, "127.0.0.1", 4010)).toBe(want);
    });
  }
});
