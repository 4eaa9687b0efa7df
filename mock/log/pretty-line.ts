/** pino's numeric levels, by the name a person reads. */
const levelNames: Readonly<Record<number, string>> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};

// Said by the line's own layout, or the same on every line.
const shown = new Set(["level", "time", "pid", "hostname", "msg", "err"]);
const requestFields = new Set(["method", "path", "status", "code", "durationMs"]);

function clock(epochMs: unknown): string {
  const at = new Date(typeof epochMs === "number" ? epochMs : Date.now());
  const two = (n: number) => String(n).padStart(2, "0");
  const millis = String(at.getMilliseconds()).padStart(3, "0");
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${millis}`;
}

function fieldText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * One pino JSON line as a person reads it: local time, level, then for a request its method,
 * path, status, error code (when there is one) and milliseconds; for anything else the
 * message and its fields as `name=value`, and an error's stack on the lines below. A line
 * that is not pino's JSON is passed on as it is.
 *
 * @example
 * prettyLine('{"level":30,"time":1795874696667,"method":"DELETE","path":"/v1/conversations/conv_imessage/background","status":401,"durationMs":1.1,"code":"UNAUTHORIZED","msg":"request"}\n');
 * // "14:04:56.667 INFO  DELETE /v1/conversations/conv_imessage/background 401 UNAUTHORIZED 1.1 ms\n"
 */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (entry === null || typeof entry !== "object") return line;
  const level = (levelNames[entry.level as number] ?? String(entry.level)).padEnd(5);
  const head = `${clock(entry.time)} ${level}`;
  const isRequest = entry.msg === "request" && typeof entry.status === "number";
  const skipped = isRequest ? new Set([...shown, ...requestFields]) : shown;
  const rest = Object.entries(entry)
    .filter(([name]) => !skipped.has(name))
    .map(([name, value]) => `${name}=${fieldText(value)}`);
  const words = isRequest
    ? [
        entry.method,
        entry.path,
        entry.status,
        ...(entry.code ? [entry.code] : []),
        `${entry.durationMs} ms`,
        ...rest,
      ]
    : [entry.msg ?? "", ...rest];
  const err = entry.err as { stack?: unknown; message?: unknown } | undefined;
  const stack = err ? `\n  ${String(err.stack ?? err.message).replaceAll("\n", "\n  ")}` : "";
  return `${head} ${words.map(String).join(" ")}${stack}\n`;
}
