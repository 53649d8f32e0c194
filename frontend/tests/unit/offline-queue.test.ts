import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../../src/lib/api";
import { OfflineQueue, type Store } from "../../src/lib/offline-queue";

function memory(): Store {
  const data = new Map<string, string>();
  return { getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

describe("the offline queue", () => {
  it("keeps one entry per clientMutationId and sends them in order once", async () => {
    const sent: string[] = [];
    const queue = new OfflineQueue(memory(), async (_document, variables) => void sent.push(String(variables.n)));
    queue.enqueue("sha256:a", { n: 1 }, "m1");
    queue.enqueue("sha256:a", { n: 1 }, "m1");
    queue.enqueue("sha256:b", { n: 2 }, "m2");
    expect(queue.pending()).toHaveLength(2);
    const result = await queue.flush();
    expect(result).toEqual({ sent: 2, refused: [], offline: false });
    expect(sent).toEqual(["1", "2"]);
    expect((await queue.flush()).sent).toBe(0);
  });

  it("stops at a network failure and keeps the rest in order; a refusal is dropped and reported", async () => {
    let online = false;
    const queue = new OfflineQueue(memory(), async (_document, variables) => {
      if (!online) throw new NetworkError();
      if (variables.n === 1) throw new ApiError("no", "SESSION_COMPLETED");
    });
    queue.enqueue("d", { n: 1 }, "m1");
    queue.enqueue("d", { n: 2 }, "m2");
    expect(await queue.flush()).toEqual({ sent: 0, refused: [], offline: true });
    expect(queue.pending().map((entry) => entry.clientMutationId)).toEqual(["m1", "m2"]);
    online = true;
    const result = await queue.flush();
    expect(result.sent).toBe(1);
    expect(result.refused.map((entry) => entry.code)).toEqual(["SESSION_COMPLETED"]);
    expect(queue.pending()).toEqual([]);
  });

  it("survives a reload: what is queued is read back from storage", async () => {
    const store = memory();
    new OfflineQueue(store, async () => undefined).enqueue("d", { n: 1 }, "m1");
    expect(new OfflineQueue(store, async () => undefined).pending()).toHaveLength(1);
  });
});
