// Data for screens: useQuery runs a persisted query and re-runs it when its variables change; useMutation sends one.
// Both keep the last error (ApiError or NetworkError) for <ErrorMessage>, which offers a retry.
import { useCallback, useEffect, useRef, useState } from "react";
import { request, type Persisted } from "./api";

export type QueryState<T> = { data: T | undefined; error: Error | null; loading: boolean; refetch: () => Promise<void> };

export function useQuery<TResult, TVariables>(
  document: Persisted<TResult, TVariables>,
  variables?: TVariables,
  options: { skip?: boolean; pollMs?: number } = {},
): QueryState<TResult> {
  const [data, setData] = useState<TResult | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(!options.skip);
  const key = JSON.stringify(variables ?? {});
  const generation = useRef(0);

  const run = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const result = await request(document, JSON.parse(key) as TVariables);
      if (mine === generation.current) {
        setData(result);
        setError(null);
      }
    } catch (caught) {
      if (mine === generation.current) setError(caught as Error);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [document, key]);

  useEffect(() => {
    if (options.skip) return;
    void run();
    if (!options.pollMs) return;
    const timer = setInterval(() => void run(), options.pollMs);
    return () => clearInterval(timer);
  }, [run, options.skip, options.pollMs]);

  return { data, error, loading, refetch: run };
}

export type MutationState<TResult, TVariables> = {
  mutate: (variables: TVariables) => Promise<TResult>;
  data: TResult | undefined;
  error: Error | null;
  pending: boolean;
  reset: () => void;
};

export function useMutation<TResult, TVariables>(document: Persisted<TResult, TVariables>): MutationState<TResult, TVariables> {
  const [data, setData] = useState<TResult | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [pending, setPending] = useState(false);
  const mutate = useCallback(
    async (variables: TVariables) => {
      setPending(true);
      setError(null);
      try {
        const result = await request(document, variables);
        setData(result);
        return result;
      } catch (caught) {
        setError(caught as Error);
        throw caught;
      } finally {
        setPending(false);
      }
    },
    [document],
  );
  const reset = useCallback(() => {
    setData(undefined);
    setError(null);
  }, []);
  return { mutate, data, error, pending, reset };
}
