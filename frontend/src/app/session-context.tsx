// Who is signed in (the Me query), and whether their session just ended: then the app stays mounted under a sign-in
// dialog, so nothing typed or answered is lost, and carries on after signing in again.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { Me } from "../graphql/documents";
import type { MeQuery } from "../graphql/types";
import { NetworkError, onUnauthenticated, request } from "../lib/api";
import { session } from "../lib/session";

export type Person = MeQuery["me"];

type SessionState = {
  me: Person | null;
  loading: boolean;
  expired: boolean;
  error: unknown;
  signedIn: (token: string) => Promise<void>;
  signOut: () => void;
  reload: () => Promise<void>;
};

const ME_KEY = "serviceloop.me";

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Person | null>(null);
  const [loading, setLoading] = useState(Boolean(session.token()));
  const [expired, setExpired] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    if (!session.token()) {
      setMe(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    try {
      const data = await request(Me);
      setMe(data.me);
      localStorage.setItem(ME_KEY, JSON.stringify(data.me));
      setError(null);
    } catch (caught) {
      // offline: carry on as the person last seen with this token (Today works from its own copy)
      const known = caught instanceof NetworkError ? localStorage.getItem(ME_KEY) : null;
      if (known) setMe(JSON.parse(known) as Person);
      else setError(caught);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    return onUnauthenticated(() => {
      session.signOut();
      setExpired(true);
    });
  }, [reload]);

  const signedIn = useCallback(async (token: string) => {
    session.signIn(token);
    setExpired(false);
    await reload();
  }, [reload]);

  const signOut = useCallback(() => {
    session.signOut();
    localStorage.removeItem(ME_KEY);
    setMe(null);
    setExpired(false);
  }, []);

  return (
    <SessionContext.Provider value={{ me, loading, expired, error, signedIn, signOut, reload }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in person (only inside the signed-in part of the app). */
export function useMe(): Person {
  const { me } = useSession();
  if (!me) throw new Error("useMe before sign-in");
  return me;
}

export const isManager = (person: Person) => ["manager", "hr", "admin"].includes(person.role);
export const isHr = (person: Person) => ["hr", "admin"].includes(person.role);
