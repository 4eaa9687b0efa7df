import { httpCall } from "./http-call.ts";
import { readPeakRss, readRss, resetPeakRss } from "./proc-stats.ts";
import { backgroundPath, image } from "./scenarios.ts";
import { spawnServer } from "./spawn-server.ts";
import { median } from "./startup.ts";
import { apiKey, sandboxCommand } from "./targets.ts";

/** One of the two boundary images, sent to a fresh sandbox. */
export interface BigImageResult {
  name: string;
  status: number;
  /** The error code answered, or null on 200. */
  code: string | null;
  /** The first request, which also builds the padded PNG in the sandbox, in ms. */
  firstMs: number;
  /** The same request again (median of three), in ms. */
  againMs: number;
  /** RSS before the first request, in bytes. */
  rssBeforeBytes: number;
  /** The most RSS the sandbox had while it answered the first, in bytes. */
  firstPeakRssBytes: number;
  /** The most RSS it had while it answered the three others, in bytes. */
  againPeakRssBytes: number;
}

const samplingMs = 2;

/**
 * Sends `name` four times to a fresh sandbox (`exactly-10mib.png` is accepted and
 * `too-large.png` refused with 422 IMAGE_TOO_LARGE) and reports the time and peak memory of
 * the first (which also builds the padded PNG) and of the three after it. A peak is the
 * kernel's high-water mark, reset before each phase; where that reset is not allowed, the
 * highest RSS sampled every 2 ms.
 */
export async function measureBigImage(name: string): Promise<BigImageResult> {
  const server = await spawnServer(sandboxCommand());
  try {
    const send = async () => {
      const started = performance.now();
      const answer = await httpCall(`${server.url}${backgroundPath("conv_imessage")}`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}` },
        json: { image_url: image(name) },
      });
      return { ...answer, ms: performance.now() - started };
    };
    let sampledPeak = 0;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, readRss(server.pid));
    }, samplingMs);
    // Resets both peaks; the function returned reads the one since.
    const watchPeak = () => {
      sampledPeak = readRss(server.pid);
      const kernel = resetPeakRss(server.pid);
      return () => (kernel ? readPeakRss(server.pid) : sampledPeak);
    };
    try {
      const rssBeforeBytes = readRss(server.pid);
      const firstPeak = watchPeak();
      const first = await send();
      const firstPeakRssBytes = firstPeak();
      const againPeak = watchPeak();
      const again = [await send(), await send(), await send()];
      const againPeakRssBytes = againPeak();
      const body = JSON.parse(first.body) as { error?: { code?: string } };
      return {
        name,
        status: first.status,
        code: body.error?.code ?? null,
        firstMs: Math.round(first.ms),
        againMs: Math.round(median(again.map((a) => a.ms))),
        rssBeforeBytes,
        firstPeakRssBytes,
        againPeakRssBytes,
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await server.stop();
  }
}
