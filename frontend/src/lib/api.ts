// The one GraphQL client: POSTs a persisted document's id (never GraphQL text) to the gateway on this origin, with the
// stored bearer token. Errors surface as ApiError with the server's stable `extensions.code`, or as NetworkError
// when the request never got an answer (offline, gateway down): the screens show both in the user's language.
import { session } from "./session";

/** A persisted document's id, typed with the operation's result and variables (src/graphql/documents.ts). */
export type Persisted<TResult, TVariables> = string & { readonly __result?: TResult; readonly __variables?: TVariables };

export class ApiError extends Error {
  readonly code: string;
  /** The error's other `extensions` (e.g. an import's per-line `errors`). */
  readonly extensions: Record<string, unknown>;
  constructor(message: string, code: string | undefined, extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code ?? "INTERNAL_SERVER_ERROR";
    this.extensions = extensions;
  }
}

export class NetworkError extends Error {
  readonly code = "NETWORK";
  constructor() {
    super("network");
    this.name = "NetworkError";
  }
}

export const GRAPHQL_ENDPOINT = "/graphql";

type Listener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called when the server no longer accepts the stored token (expired, revoked): the app asks to sign in again. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export async function request<TResult, TVariables>(
  document: Persisted<TResult, TVariables>,
  variables?: TVariables,
  options: { signal?: AbortSignal; fetch?: typeof fetch } = {},
): Promise<TResult> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(GRAPHQL_ENDPOINT, {
      method: "POST",
      headers,
      body: JSON.stringify({ documentId: document, variables: variables ?? {} }),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new NetworkError();
  }
  let body: { data?: TResult; errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[] };
  try {
    body = await response.json();
  } catch {
    // a proxy's HTML error page, a cut connection: nothing the user can act on but retrying
    throw new NetworkError();
  }
  const first = body.errors?.[0];
  if (first) {
    const error = new ApiError(first.message, first.extensions?.code, first.extensions ?? {});
    if (error.code === "UNAUTHENTICATED" || error.code === "TOKEN_REVOKED") {
      unauthenticatedListeners.forEach((listener) => listener(error));
    }
    throw error;
  }
  if (!body.data) throw new NetworkError();
  return body.data;
}

/** A fresh idempotency key: the same key on a retry makes the server answer the first result again. */
export const newClientMutationId = (): string => crypto.randomUUID();
