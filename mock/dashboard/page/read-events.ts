/**
 * Reads a text/event-stream body as it arrives and calls `onEvent` with each event's
 * `data`, parsed as JSON; resolves when the stream ends. EventSource cannot send the admin
 * token in a header, so the page reads the stream through `fetch` instead.
 *
 * @example
 * await readEvents(response.body, (event) => console.log(event));
 */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (data: unknown) => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    pending += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let end = pending.indexOf("\n\n");
    while (end !== -1) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n");
      if (data !== "") onEvent(JSON.parse(data));
      end = pending.indexOf("\n\n");
    }
  }
}
