import { createHash } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type TestContext,
} from "vitest";
import { catalogueImageBytes } from "../../mock/core/http/control-images.ts";
import { createSandbox, type RunningSandbox } from "../../mock/server.ts";
import { useChromium } from "../support/chromium.ts";

// What the functions run in the page use of the DOM: the project's types are Node's, and
// these stay in this module.
type HTMLImageElement = {
  src: string;
  complete: boolean;
  naturalWidth: number;
  width: number;
  height: number;
  decode(): Promise<void>;
};
type Canvas = {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    drawImage(image: HTMLImageElement, x: number, y: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  } | null;
};
declare const document: {
  querySelector<T>(selector: string): T | null;
  querySelectorAll<T>(selector: string): Iterable<T>;
  createElement(tag: "canvas"): Canvas;
};
declare const Image: new () => HTMLImageElement;

const docs = fileURLToPath(new URL("../../docs/", import.meta.url));
const seedIds = [
  "conv_imessage",
  "conv_imessage_group",
  "conv_imessage_ios17",
  "conv_sms",
  "conv_provider_down",
  "conv_bob",
];

let sandbox: RunningSandbox | undefined;
let shots = "";
/** Closes what a test opened, even when it failed half-way. */
let opened: Array<() => Promise<void>> = [];

/** The sandbox started for this file. */
function running(): RunningSandbox {
  if (!sandbox) throw new Error("the sandbox starts in beforeAll");
  return sandbox;
}

/** Sets a catalogue image as a conversation's background from outside the page, as curl would. */
async function setFromOutside(conversationId: string, image: string) {
  const response = await fetch(`${running().url}/v1/conversations/${conversationId}/background`, {
    method: "POST",
    headers: { authorization: "Bearer sk_sandbox_alice", "content-type": "application/json" },
    body: JSON.stringify({ image_url: `https://images.sandbox.test/${image}` }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { backgroundId: string; backgroundVersion: number };
}

/**
 * Opens the dashboard in a fresh context and waits until it is live; every console error,
 * uncaught error, failed request and error answer on the way is a problem.
 */
async function openDashboard(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  let closing = false;
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) => {
    // Closing the context cuts the event stream, which is no failure of the page.
    if (!closing) problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  await page.goto(`${running().url}/__sandbox/`);
  await page.waitForSelector('#status[data-kind="live"]', { timeout: 5000 });
  await page.waitForSelector("article[data-conversation]");
  const close = async () => {
    closing = true;
    await context.close();
  };
  opened.push(close);
  return { page, problems, close };
}

/** The mean colour of a region of what the page shows, read back from a screenshot. */
async function meanColour(page: Page, selector: string, height = 24) {
  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  const clip = { x: box.x + 4, y: box.y + 4, width: box.width - 8, height };
  const shot = await page.screenshot({ clip });
  const reader = await page.context().newPage();
  try {
    return await reader.evaluate(async (png) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.width;
      canvas.height = image.height;
      const drawing = canvas.getContext("2d");
      if (!drawing) throw new Error("no 2d context");
      drawing.drawImage(image, 0, 0);
      const { data } = drawing.getImageData(0, 0, image.width, image.height);
      const sum = [0, 0, 0];
      for (let i = 0; i < data.length; i += 4) {
        for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + (data[i + c] ?? 0);
      }
      const n = data.length / 4;
      return { r: (sum[0] ?? 0) / n, g: (sum[1] ?? 0) / n, b: (sum[2] ?? 0) / n };
    }, shot.toString("base64"));
  } finally {
    await reader.close();
  }
}

const card = (id: string) => `article[data-conversation="${id}"]`;

describe("the dashboard at /__sandbox/ in Chromium", () => {
  const browser = useChromium();
  const open = (ctx: TestContext) => openDashboard(browser(ctx));

  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, logLevel: "silent" });
    shots = await mkdtemp(join(tmpdir(), "dashboard-shots-"));
  });
  afterAll(async () => {
    await sandbox?.close(0);
  });
  beforeEach(async () => {
    await sandbox?.control.reset();
  });
  afterEach(async () => {
    await Promise.all(opened.map((close) => close()));
    opened = [];
  });

  it("loads with no console error and no failed request, showing the seed conversations", async (ctx) => {
    const { page, problems, close } = await open(ctx);
    const ids = await page
      .locator("article[data-conversation]")
      .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-conversation")));
    expect(ids).toEqual(seedIds);
    await page.screenshot({ path: join(shots, "seed.png"), fullPage: true });
    expect(problems).toEqual([]);
    await close();
  });

  it("shows forest.png in the chat's preview within a second of a set made outside the page", async (ctx) => {
    const { page, problems, close } = await open(ctx);
    const { backgroundId } = await setFromOutside("conv_imessage", "forest.png");
    // From the moment the change is made, as the set's answer says it is.
    const started = Date.now();
    const wallpaper = `${card("conv_imessage")} img.wallpaper[data-background-id="${backgroundId}"]`;
    await page.waitForFunction(
      (selector) => {
        const img = document.querySelector<HTMLImageElement>(selector);
        return img?.complete === true && img.naturalWidth > 0;
      },
      wallpaper,
      { timeout: 1000, polling: 20 },
    );
    expect(Date.now() - started).toBeLessThan(1000);

    // The element's source holds forest.png's very bytes…
    const shown = await page.locator(wallpaper).evaluate(async (img: HTMLImageElement) => {
      const bytes = await (await fetch(img.src)).arrayBuffer();
      const digest = await crypto.subtle.digest("SHA-256", bytes);
      return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    });
    const forest = createHash("sha256")
      .update(catalogueImageBytes("forest.png").bytes)
      .digest("hex");
    expect(shown).toBe(forest);
    // …and the screen shows green there, above the sample bubbles.
    const colour = await meanColour(page, `${card("conv_imessage")} .screen`);
    expect(colour.g).toBeGreaterThan(colour.r + 20);
    expect(colour.g).toBeGreaterThan(colour.b + 20);

    await setFromOutside("conv_imessage_group", "ocean.png");
    await setFromOutside("conv_imessage_ios17", "forest.png");
    await page.waitForSelector(`${card("conv_imessage_group")} img.wallpaper`);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>("img.wallpaper")].every(
        (img) => img.complete && img.naturalWidth > 0,
      ),
    );
    const shot = await page.screenshot({ fullPage: true });
    await writeFile(join(shots, "dashboard.png"), shot);
    // The README's picture, refreshed on demand rather than by every run.
    if (process.env.UPDATE_DASHBOARD_SCREENSHOT === "1") {
      await mkdir(docs, { recursive: true });
      await writeFile(join(docs, "dashboard.png"), await page.screenshot());
    }
    expect(problems).toEqual([]);
    await close();
  });

  it("arms a 429 from the page, and the next API call answers 429", async (ctx) => {
    const { page, problems, close } = await open(ctx);
    await page.click('tr[data-fault="rateLimitNext"] button[data-arm]');
    await page.waitForSelector('tr[data-fault="rateLimitNext"] td[data-armed="1"]');
    const answer = await fetch(`${running().url}/v1/conversations/conv_imessage/background`, {
      method: "DELETE",
      headers: { authorization: "Bearer sk_sandbox_alice" },
    });
    expect(answer.status).toBe(429);
    // Used up: the page says so, and the journal shows the 429.
    await page.waitForSelector('tr[data-fault="rateLimitNext"] td[data-armed="0"]');
    await page.waitForSelector('#journal tr.status-4xx td:has-text("RATE_LIMIT_EXCEEDED")');
    expect(problems).toEqual([]);
    await close();
  });

  it("resets from the page: the history and the journal are empty again", async (ctx) => {
    const { page, problems, close } = await open(ctx);
    await setFromOutside("conv_imessage", "forest.png");
    await page.waitForSelector(`${card("conv_imessage")} summary:has-text("History (1)")`);
    await page.click("#reset");
    await page.waitForSelector(`${card("conv_imessage")} summary:has-text("History (0)")`);
    await page.waitForSelector('#journal caption:has-text("(0)")');
    const state = await running().control.state();
    const conversation = state.accounts[0]?.conversations.find((c) => c.id === "conv_imessage");
    expect(conversation).toMatchObject({ version: 0, history: [], background: null });
    expect((await running().control.journal()).entries).toEqual([]);
    expect(problems).toEqual([]);
    await close();
  });

  it("draws the iOS 17 chat with the default background and says why; marks SMS and the provider-down chat", async (ctx) => {
    const { page, problems, close } = await open(ctx);
    await setFromOutside("conv_imessage_ios17", "forest.png");
    const ios17 = card("conv_imessage_ios17");
    await page.waitForSelector(`${ios17} summary:has-text("History (1)")`);
    expect(await page.locator(`${ios17} img.wallpaper`).count()).toBe(0);
    expect(await page.locator(`${ios17} .screen`).getAttribute("data-wallpaper")).toBe("default");
    const note = await page.locator(`${ios17} [data-note="ios"]`).textContent();
    expect(note).toMatch(/iOS 17.*iOS 18.*default/);
    const colour = await meanColour(page, `${ios17} .screen`);
    expect(Math.min(colour.r, colour.g, colour.b)).toBeGreaterThan(240);
    expect(await page.locator(`${card("conv_sms")} [data-note="sms"]`).textContent()).toContain(
      "no backgrounds",
    );
    expect(
      await page.locator(`${card("conv_provider_down")} [data-note="provider"]`).textContent(),
    ).toContain("502");
    expect(problems).toEqual([]);
    await close();
  });

  it("passes an automated accessibility check (axe-core) with no serious or critical violation", async (ctx) => {
    const { page, close } = await open(ctx);
    await setFromOutside("conv_imessage", "forest.png");
    await page.waitForSelector(`${card("conv_imessage")} img.wallpaper`);
    // Evaluated through the debugging protocol, which the page's CSP does not govern.
    await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const run = await (globalThis as unknown as { axe: typeof axe }).axe.run(document);
      return run.violations.map(({ id, impact, nodes }) => ({
        id,
        impact,
        nodes: nodes.slice(0, 3).map((node) => node.target.join(" ")),
      }));
    });
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
    await close();
  });

  it("lets a page of another origin neither read the event stream nor arm a fault", async (ctx) => {
    const other: Server = createServer((_req, res) => {
      res
        .writeHead(200, { "content-type": "text/html" })
        .end("<!doctype html><title>other</title>");
    });
    await new Promise<void>((done) => other.listen(0, "127.0.0.1", done));
    const context = await browser(ctx).newContext();
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      const outcome = await page.evaluate(async (target) => {
        const tried = async (work: () => Promise<Response>) => {
          try {
            const response = await work();
            return response.type === "opaque" ? "opaque" : `read ${response.status}`;
          } catch {
            return "refused";
          }
        };
        return {
          events: await tried(() => fetch(`${target}/__sandbox/events`)),
          json: await tried(() =>
            fetch(`${target}/__sandbox/faults`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ rateLimitNext: 1 }),
            }),
          ),
          simple: await tried(() =>
            fetch(`${target}/__sandbox/faults`, {
              method: "POST",
              mode: "no-cors",
              headers: { "content-type": "text/plain" },
              body: JSON.stringify({ rateLimitNext: 1 }),
            }),
          ),
        };
      }, running().url);
      expect(outcome).toEqual({ events: "refused", json: "refused", simple: "opaque" });
      expect((await running().control.faults()).rateLimitNext).toBe(0);
      // The dashboards of the tests before have let go of their streams; this page holds none.
      await expect.poll(() => running().core.events.size, { timeout: 2000 }).toBe(0);
    } finally {
      await context.close();
      await new Promise((done) => other.close(done));
    }
  });
});
