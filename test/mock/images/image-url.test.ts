import { describe, expect, it } from "vitest";
import { parseImageUrl, redirectTarget } from "../../../mock/core/images/image-url.ts";
import { rejectionOf } from "./support.ts";

const thrown = (run: () => unknown) => rejectionOf(Promise.resolve().then(run));

describe("parseImageUrl", () => {
  const accepted = [
    {
      given: "https://images.sandbox.test/forest.png",
      want: "https://images.sandbox.test/forest.png",
    },
    { given: "HTTPS://Images.Example.COM:443/a.png", want: "https://images.example.com/a.png" },
    {
      given: "https://images.example.com:8443/a b.png",
      want: "https://images.example.com:8443/a%20b.png",
    },
  ];
  for (const { given, want } of accepted) {
    it(`accepts ${given} as ${want}`, () => {
      expect(parseImageUrl(given).href).toBe(want);
    });
  }

  const refused = [
    { given: "http://images.example.com/a.png", detailType: "url_scheme" },
    { given: "wss://images.example.com/a.png", detailType: "url_scheme" },
    { given: "javascript:alert(1)", detailType: "url_scheme" },
    { given: "https://:pw@images.example.com/a.png", detailType: "invalid_url" },
    { given: "https://me@images.example.com/a.png", detailType: "invalid_url" },
    { given: "/a.png", detailType: "invalid_url" },
    { given: "https://", detailType: "invalid_url" },
    { given: "https://exa mple.com/", detailType: "invalid_url" },
  ];
  for (const { given, detailType } of refused) {
    it(`refuses ${given} (${detailType})`, async () => {
      expect(await thrown(() => parseImageUrl(given))).toMatchObject({
        code: "INVALID_IMAGE_URL",
        detailType,
      });
    });
  }
});

describe("redirectTarget", () => {
  const from = new URL("https://images.example.com/dir/a.png?x=1");
  const followed = [
    { given: "b.png", want: "https://images.example.com/dir/b.png" },
    { given: "/b.png", want: "https://images.example.com/b.png" },
    { given: "../b.png", want: "https://images.example.com/b.png" },
    { given: "?y=2", want: "https://images.example.com/dir/a.png?y=2" },
    { given: "//cdn.example.com/c.png", want: "https://cdn.example.com/c.png" },
    { given: "https://10.0.0.5/x.png", want: "https://10.0.0.5/x.png" },
  ];
  for (const { given, want } of followed) {
    it(`reads Location ${given} as ${want}`, () => {
      expect(redirectTarget(given, from).href).toBe(want);
    });
  }

  const broken = [
    {
      given: "http://images.example.com/b.png",
      message: "the image host redirected to a non-https URL (http://images.example.com/b.png)",
    },
    {
      given: "file:///etc/passwd",
      message: "the image host redirected to a non-https URL (file:///etc/passwd)",
    },
    {
      given: "https://u:p@images.example.com/",
      message: "the image host redirected to a URL with credentials",
    },
    {
      given: "https://exa mple.com/",
      message: "the image host redirected to an invalid URL (https://exa mple.com/)",
    },
  ];
  for (const { given, message } of broken) {
    it(`blames the host for a redirect to ${given}`, async () => {
      expect(await thrown(() => redirectTarget(given, from))).toMatchObject({
        code: "IMAGE_FETCH_FAILED",
        message,
      });
    });
  }
});
