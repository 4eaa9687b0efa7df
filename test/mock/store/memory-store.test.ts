import { createMemoryStore } from "../../../mock/core/store/memory-store.ts";
import { describeStoreBehaviour } from "../../support/store-behaviour.ts";

describeStoreBehaviour("memory", async (maxKeptImageBytes) =>
  createMemoryStore(maxKeptImageBytes === undefined ? {} : { maxKeptImageBytes }),
);
