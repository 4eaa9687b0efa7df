import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createBoundedDestination } from "../../../mock/log/bounded-destination.ts";

/** A stream whose reader takes nothing until `release()`, as a pipe nobody reads. */
function stalledStream() {
  const held: (() => void)[] = [];
  const written: string[] = [];
  let writeCalls = 0;
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      written.push(chunk);
      held.push(callback);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((...args: Parameters<typeof write>) => {
    writeCalls++;
    return write(...args);
  }) as typeof stream.write;
  return {
    stream,
    written,
    writeCalls: () => writeCalls,
    release() {
      while (held.length > 0) held.shift()?.();
    },
  };
}

const line = `${"x".repeat(29)}\n`;

describe("createBoundedDestination", () => {
  it("drops and counts lines past the cap, and never writes while over it", () => {
    const { stream, writeCalls } = stalledStream();
    const destination = createBoundedDestination(stream, { maxPending: 100 });
    for (let i = 0; i < 10; i++) {
      const over = stream.writableLength >= 100;
      const before = writeCalls();
      destination.write(line);
      if (over) expect(writeCalls()).toBe(before);
    }
    // 0, 30, 60 and 90 characters were pending before the first four: under the cap.
    expect(writeCalls()).toBe(4);
    expect(destination.droppedLines).toBe(6);
    expect(stream.writableLength).toBe(120);
  });

  it("reports how many lines it dropped before the next line, once output moves again", async () => {
    const { stream, written, release } = stalledStream();
    const reports: number[] = [];
    const destination = createBoundedDestination(stream, {
      maxPending: 100,
      onResume(dropped) {
        reports.push(dropped);
        destination.write(`dropped ${dropped}\n`);
      },
    });
    for (let i = 0; i < 10; i++) destination.write(line);
    release();
    destination.write("next\n");
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(reports).toEqual([6]);
    expect(written.slice(4)).toEqual(["dropped 6\n", "next\n"]);
    expect(destination.droppedLines).toBe(6);
  });

  it("stops writing, and never throws, once the reader has gone (EPIPE)", async () => {
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      },
    });
    const destination = createBoundedDestination(stream);
    destination.write(line);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
    expect(() => destination.write(line)).not.toThrow();
    expect(destination.droppedLines).toBe(1);
    await destination.flush(1_000);
  });

  it("gives up flushing at its deadline when nothing is read", async () => {
    const { stream } = stalledStream();
    const destination = createBoundedDestination(stream);
    destination.write(line);
    await destination.flush(50);
    expect(stream.writableLength).toBe(30);
  });

  it("flushes what is pending, then reports the lines it dropped", async () => {
    const { stream, written, release } = stalledStream();
    const reports: number[] = [];
    const destination = createBoundedDestination(stream, {
      maxPending: 30,
      onResume: (dropped) => reports.push(dropped),
    });
    destination.write(line);
    destination.write(line);
    const flushed = destination.flush(10_000);
    release();
    await flushed;
    expect(written).toEqual([line]);
    expect(reports).toEqual([1]);
  });
});
