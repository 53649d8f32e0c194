// Mutations made while offline wait here (in localStorage, so a reload keeps them) with the clientMutationId they
// were made with, and are sent in order once the network is back. The server answers a repeated clientMutationId
// with the first result, so a send that reached it but whose answer was lost is safe to repeat: nothing counts
// twice. A send the server refuses (a rule said no) is dropped and reported; a network failure keeps it queued.
import { ApiError, NetworkError, request, type Persisted } from "./api";

export type QueuedMutation = {
  clientMutationId: string;
  document: string;
  variables: Record<string, unknown>;
  queuedAt: string;
};

export type Store = Pick<Storage, "getItem" | "setItem">;
type Send = (document: string, variables: Record<string, unknown>) => Promise<unknown>;

const KEY = "serviceloop.outbox";

export class OfflineQueue {
  private flushing: Promise<FlushResult> | null = null;
  private listeners = new Set<() => void>();

  constructor(
    private readonly store: Store = localStorage,
    private readonly send: Send = (document, variables) => request(document as Persisted<unknown, unknown>, variables),
    private readonly now: () => Date = () => new Date(),
  ) {}

  pending(): QueuedMutation[] {
    try {
      return JSON.parse(this.store.getItem(KEY) ?? "[]") as QueuedMutation[];
    } catch {
      return [];
    }
  }

  /** Queue a mutation; queuing the same clientMutationId twice keeps one. */
  enqueue(document: string, variables: Record<string, unknown>, clientMutationId: string): void {
    const queue = this.pending();
    if (!queue.some((entry) => entry.clientMutationId === clientMutationId)) {
      queue.push({ clientMutationId, document, variables, queuedAt: this.now().toISOString() });
      this.save(queue);
    }
  }

  /** Send what is queued, oldest first; stops at the first network failure (the rest keep their order). */
  flush(): Promise<FlushResult> {
    if (!this.flushing) {
      this.flushing = this.flushOnce().finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async flushOnce(): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, refused: [], offline: false };
    for (;;) {
      const [next] = this.pending();
      if (!next) break;
      try {
        await this.send(next.document, next.variables);
        result.sent += 1;
      } catch (error) {
        if (error instanceof NetworkError || !(error instanceof ApiError)) {
          result.offline = true;
          break;
        }
        result.refused.push({ mutation: next, code: error.code });
      }
      this.save(this.pending().filter((entry) => entry.clientMutationId !== next.clientMutationId));
    }
    return result;
  }

  private save(queue: QueuedMutation[]): void {
    this.store.setItem(KEY, JSON.stringify(queue));
    this.listeners.forEach((listener) => listener());
  }
}

export type FlushResult = { sent: number; refused: { mutation: QueuedMutation; code: string }[]; offline: boolean };

let shared: OfflineQueue | null = null;
/** The app's queue, flushed whenever the browser says it is back online. */
export function offlineQueue(): OfflineQueue {
  if (!shared) {
    const queue = new OfflineQueue();
    shared = queue;
    window.addEventListener("online", () => void queue.flush());
  }
  return shared;
}
