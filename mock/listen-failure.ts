/**
 * Why a server could not listen on `host:port`, in one line a person can act on, for the
 * system's error codes that have a plain remedy; undefined for any other.
 *
 * @example
 * listenFailure("EADDRINUSE", "127.0.0.1", 4010);
 * // "127.0.0.1:4010 is in use; stop what runs there or pass --port 0 for any free port."
 */
export function listenFailure(
  code: string | undefined,
  host: string,
  port: number,
): string | undefined {
  const where = `${host}:${port}`;
  switch (code) {
    case "EADDRINUSE":
      return `${where} is in use; stop what runs there or pass --port 0 for any free port.`;
    case "EACCES":
      return `not allowed to listen on ${where}; pick a port above 1023.`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return `cannot bind ${host}: no such local address.`;
    default:
      return undefined;
  }
}
