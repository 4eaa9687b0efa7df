import type { Cassette } from "../cassette/cassette.ts";
import { type Target, TargetConfigError } from "../target.ts";
import { prismTarget } from "./prism-target.ts";
import { remoteTarget } from "./remote-target.ts";
import { sandboxTarget } from "./sandbox-target.ts";

/**
 * A recorded run, offline: the target the cassette was recorded from, rebuilt from its
 * header (name, label, capabilities, ids, images) so that it sends exactly the requests it
 * sent then, control calls included, while the setup file's `fetch` answers them from the
 * cassette. Its verdicts are the recorded run's.
 *
 * @example
 * const target = replayTarget(readCassette("live.cassette.json"), "live.cassette.json");
 */
export function replayTarget(cassette: Cassette, file: string): Target {
  const recorded = cassette.target;
  if (!recorded) {
    throw new TargetConfigError(`cassette ${file}: no contract file opened its target`);
  }
  const close = async () => {};
  let base: Target;
  if (recorded.name === "prism") base = prismTarget(recorded.baseUrl, close);
  else if (recorded.capabilities.controlSurface) {
    base = sandboxTarget({ ...recorded, close });
  } else {
    base = remoteTarget({
      name: recorded.name === "live" ? "live" : "http",
      baseUrl: recorded.baseUrl,
      apiKey: recorded.apiKey,
      conversationId: recorded.conversation,
      imageA: recorded.images.a,
      imageB: recorded.images.b,
      imageACopy: recorded.images.sameAsA,
      smsConversationId: recorded.ids.sms,
      otherConversationId: recorded.ids.otherAccount,
      allowWrites: recorded.capabilities.writes,
    });
  }
  const { entry: _, conversation, ...settings } = recorded;
  return {
    ...base,
    ...settings,
    // A configured conversation's id is in the cassette only as its placeholder.
    ...(conversation === undefined ? {} : { conversation: async () => conversation }),
  };
}
