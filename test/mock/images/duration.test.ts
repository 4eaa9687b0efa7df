import { describe, expect, it } from "vitest";
import { duration } from "../../../mock/core/images/duration.ts";

describe("duration", () => {
  const cases = [
    { given: 5_000, want: "5 s" },
    { given: 10_000, want: "10 s" },
    { given: 150, want: "150 ms" },
    { given: 1_500, want: "1500 ms" },
  ];
  for (const { given, want } of cases) {
    it(`writes ${given} ms as "${want}"`, () => {
      expect(duration(given)).toBe(want);
    });
  }
});
