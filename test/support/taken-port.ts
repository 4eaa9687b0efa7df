import { createServer, type Server } from "node:net";

/**
 * Holds a free loopback port, as another program would, until `server` is closed.
 *
 * @example
 * const { port, server } = await takenPort();
 * server.close();
 */
export async function takenPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, server };
}
