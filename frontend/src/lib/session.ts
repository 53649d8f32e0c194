// The signed-in person's access token, kept across reloads. Nothing else about them is stored here.
const TOKEN_KEY = "serviceloop.token";

type Listener = () => void;
const listeners = new Set<Listener>();

export const session = {
  token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  signIn(token: string): void {
    localStorage.setItem(TOKEN_KEY, token);
    listeners.forEach((listener) => listener());
  },
  signOut(): void {
    localStorage.removeItem(TOKEN_KEY);
    listeners.forEach((listener) => listener());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
