import { describe, expect, it } from "vitest";
import { ImageError } from "../../../mock/core/images/image.ts";
import { networkFailure } from "../../../mock/core/images/network-error.ts";

const nodeError = (code: string, message = `some ${code}`) =>
  Object.assign(new Error(message), { code });

describe("networkFailure", () => {
  const cases = [
    { given: nodeError("ECONNREFUSED"), want: "the image host refused the connection" },
    { given: nodeError("ENOTFOUND"), want: "the host name does not resolve" },
    { given: nodeError("EHOSTUNREACH"), want: "the image host is unreachable" },
    {
      given: nodeError("ECONNRESET", "aborted"),
      want: "the image host closed the connection before the image was complete",
    },
    {
      given: nodeError(
        "ECONNRESET",
        "Client network socket disconnected before secure TLS connection was established",
      ),
      want: "the TLS handshake with the image host failed (the host hung up)",
    },
    {
      given: nodeError("CERT_HAS_EXPIRED"),
      want: "the TLS handshake with the image host failed (CERT_HAS_EXPIRED)",
    },
    {
      given: nodeError("ERR_TLS_CERT_ALTNAME_INVALID"),
      want: "the TLS handshake with the image host failed (ERR_TLS_CERT_ALTNAME_INVALID)",
    },
    {
      given: nodeError("DEPTH_ZERO_SELF_SIGNED_CERT"),
      want: "the TLS handshake with the image host failed (DEPTH_ZERO_SELF_SIGNED_CERT)",
    },
    { given: nodeError("EWHATEVER"), want: "the image could not be downloaded (EWHATEVER)" },
    { given: new Error("boom"), want: "the image could not be downloaded (boom)" },
    { given: "a string", want: "the image could not be downloaded (a string)" },
  ];
  for (const { given, want } of cases) {
    it(`says "${want}"`, () => {
      expect(networkFailure(given)).toMatchObject({
        code: "IMAGE_FETCH_FAILED",
        detailType: "fetch_failed",
        message: want,
      });
    });
  }

  it("passes an ImageError through untouched", () => {
    const error = new ImageError("IMAGE_FETCH_TIMEOUT", "slow", "timeout");
    expect(networkFailure(error)).toBe(error);
  });
});
