import fc from "fast-check";
import {
  type Actor,
  type Answer,
  applyOp,
  cloneModel,
  describeOp,
  type ImageName,
  initialModel,
  type Model,
  modelImages,
  type Op,
  permutations,
} from "./background-model.ts";
import { differences, look, type Real, send } from "./model-client.ts";

type Command = fc.AsyncCommand<Model, Real>;

function fail(problems: string[]): void {
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

/** One set or remove, answered and compared with the model. */
class OpCommand implements Command {
  readonly op: Op;
  constructor(op: Op) {
    this.op = op;
  }
  check = () => true;
  async run(model: Model, real: Real) {
    const { answer, violations } = await send(real, this.op);
    const problems = [...violations, ...applyOp(model, this.op, answer)];
    fail([...problems, ...differences(model, await look(real))]);
  }
  toString = () => describeOp(this.op);
}

/**
 * Several calls on one conversation at once. They may commit in any order: the burst
 * passes when some order explains every answer, the provider log and the final state.
 */
class BurstCommand implements Command {
  readonly ops: Op[];
  constructor(ops: Op[]) {
    this.ops = ops;
  }
  check = () => true;
  async run(model: Model, real: Real) {
    const sent = await Promise.all(this.ops.map((op) => send(real, op)));
    fail(sent.flatMap(({ violations }) => violations));
    const answers = sent.map(({ answer }) => answer);
    const seen = await look(real);
    let closest: { order: number[]; problems: string[] } | undefined;
    for (const order of permutations(this.ops.length)) {
      const candidate = cloneModel(model);
      const problems = order.flatMap((i) =>
        applyOp(candidate, this.ops[i] as Op, answers[i] as Answer),
      );
      problems.push(...differences(candidate, seen));
      if (problems.length === 0) {
        Object.assign(model, candidate);
        return;
      }
      if (closest === undefined || problems.length < closest.problems.length) {
        closest = { order, problems };
      }
    }
    const seenAnswers = answers.map((answer) => JSON.stringify(answer)).join(", ");
    fail([
      `no order explains the answers ${seenAnswers}; the closest, ${closest?.order.join()}, gives:`,
      ...(closest?.problems ?? []),
    ]);
  }
  toString = () => `burst[${this.ops.map(describeOp).join("; ")}]`;
}

/** `POST /__sandbox/faults {providerFailNext: n}`: the next n provider calls fail. */
class FailProviderCommand implements Command {
  readonly n: number;
  constructor(n: number) {
    this.n = n;
  }
  check = () => true;
  async run(model: Model, real: Real) {
    const response = await fetch(`${real.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ providerFailNext: this.n }),
    });
    const faults = (await response.json()) as { providerFailNext: number };
    model.providerFailNext = this.n;
    fail(faults.providerFailNext === this.n ? [] : [`faults answered ${JSON.stringify(faults)}`]);
  }
  toString = () => `fail the next ${this.n} provider calls`;
}

/** `POST /__sandbox/reset`: back to the seed, with an empty provider log and no faults. */
class ResetCommand implements Command {
  check = () => true;
  async run(model: Model, real: Real) {
    const response = await fetch(`${real.url}/__sandbox/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    Object.assign(model, initialModel());
    fail(response.status === 204 ? [] : [`reset answered ${response.status}`]);
    fail(differences(model, await look(real)));
  }
  toString = () => "reset";
}

const actorArb = fc.constantFrom<Actor>("alice", "alice", "alice", "bob");
const conversationArb = fc.constantFrom(
  ...["conv_imessage", "conv_imessage", "conv_imessage_ios17", "conv_provider_down"],
  ...["conv_sms", "conv_bob"],
);
// The good images three times as often as the refused ones.
const imageArb = fc.constantFrom<ImageName>(
  ...(Object.keys(modelImages) as ImageName[]).flatMap((name) =>
    "bytes" in modelImages[name] ? [name, name, name] : [name],
  ),
);
const opArb = (actor: fc.Arbitrary<Actor>, conversation: fc.Arbitrary<string>): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant("set" as const),
        actor,
        conversation,
        image: imageArb,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("remove" as const), actor, conversation }),
    },
  );
// A burst is on one conversation, mostly by its owner, now and then by the other account.
const burstArb = fc
  .constantFrom<[string, Actor, Actor]>(
    ["conv_imessage", "alice", "bob"],
    ["conv_imessage_ios17", "alice", "bob"],
    ["conv_bob", "bob", "alice"],
  )
  .chain(([conversation, owner, other]) =>
    fc.array(opArb(fc.constantFrom(owner, owner, owner, other), fc.constant(conversation)), {
      minLength: 2,
      maxLength: 5,
    }),
  )
  .map((ops) => new BurstCommand(ops));

/** Random sequences of sets, removals, bursts, provider faults and resets. */
export const commandsArb = fc.commands(
  [
    opArb(actorArb, conversationArb).map((op) => new OpCommand(op)),
    opArb(actorArb, conversationArb).map((op) => new OpCommand(op)),
    opArb(actorArb, conversationArb).map((op) => new OpCommand(op)),
    burstArb,
    fc.integer({ min: 1, max: 3 }).map((n) => new FailProviderCommand(n)),
    fc.constant(new ResetCommand()),
  ],
  { maxCommands: 25, size: "max" },
);

/**
 * Runs every generated sequence against the sandbox at `real.url` and the model side by
 * side, from a reset.
 */
export function modelProperty(real: Real) {
  return fc.asyncProperty(commandsArb, (commands) =>
    fc.asyncModelRun(async () => {
      await fetch(`${real.url}/__sandbox/reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      });
      return { model: initialModel(), real };
    }, commands),
  );
}
