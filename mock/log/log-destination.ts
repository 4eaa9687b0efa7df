import type { Writable } from "node:stream";
import {
  type BoundedDestination,
  type BoundedDestinationOptions,
  createBoundedDestination,
} from "./bounded-destination.ts";
import { prettyLine } from "./pretty-line.ts";

/** How log lines are written: pino's JSON, or one line a person reads per entry. */
export type LogFormat = "json" | "pretty";

/** What {@link createLogDestination} is given. */
export interface LogDestinationOptions extends BoundedDestinationOptions {
  /** Forces a format; by default `pretty` on a terminal and `json` anywhere else. */
  format?: LogFormat | undefined;
}

/** A bounded destination that knows the format it writes. */
export interface LogDestination extends BoundedDestination {
  readonly format: LogFormat;
}

/**
 * The command line's pino destination: readable lines when `stream` is a terminal (or
 * `format` says so), JSON lines when it is not, through the same bounded, non-blocking
 * writer either way.
 *
 * @example
 * const destination = createLogDestination(process.stdout, { format: "pretty" });
 * const logger = pino({ level: "info" }, destination);
 */
export function createLogDestination(
  stream: Writable & { isTTY?: boolean },
  options: LogDestinationOptions = {},
): LogDestination {
  const { format: forced, ...bounded } = options;
  const format = forced ?? (stream.isTTY === true ? "pretty" : "json");
  const destination = createBoundedDestination(stream, bounded);
  return {
    format,
    write:
      format === "pretty"
        ? (line) => destination.write(prettyLine(line))
        : (line) => destination.write(line),
    get droppedLines() {
      return destination.droppedLines;
    },
    flush: (deadlineMs) => destination.flush(deadlineMs),
  };
}
