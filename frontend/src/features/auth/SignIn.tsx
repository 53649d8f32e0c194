import { useState, type FormEvent } from "react";
import { Form, Input, Label, TextField } from "react-aria-components";
import { Login, RequestPasswordReset } from "../../graphql/documents";
import { request } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { Button } from "../../components/ui/Button";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { useSession } from "../../app/session-context";
import { messages } from "./messages";

/** Sign in; as a dialog over the app when a session expired (the app underneath keeps its state). */
export function SignIn({ asDialog = false }: { asDialog?: boolean }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [mode, setMode] = useState<"signIn" | "reset" | "resetSent">("signIn");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      if (mode === "signIn") {
        const data = await request(Login, { i: { email, password } });
        await signedIn(data.login.token);
      } else {
        await request(RequestPasswordReset, { i: { email } });
        setMode("resetSent");
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  const body = (
    <div className="auth-card">
      <h1 id="auth-title">{mode === "signIn" ? t(messages.title) : t(messages.resetTitle)}</h1>
      {asDialog ? <p role="status">{t(messages.expired)}</p> : <p>{mode === "signIn" ? t(messages.intro) : t(messages.resetIntro)}</p>}
      {mode === "resetSent" ? (
        <p role="status">{t(messages.resetSent)}</p>
      ) : (
        <Form onSubmit={submit} className="form">
          <TextField className="field" type="email" isRequired value={email} onChange={setEmail} autoComplete="username">
            <Label>{t(messages.email)}</Label>
            {/* over an expired session, focus moves into the dialog */}
            <Input autoFocus={asDialog} />
          </TextField>
          {mode === "signIn" && (
            <TextField className="field" type="password" isRequired value={password} onChange={setPassword} autoComplete="current-password">
              <Label>{t(messages.password)}</Label>
              <Input />
            </TextField>
          )}
          <ErrorMessage error={error} />
          <Button type="submit" isDisabled={pending}>{mode === "signIn" ? t(messages.submit) : t(messages.resetSubmit)}</Button>
        </Form>
      )}
      {mode === "signIn" ? (
        <Button variant="quiet" onPress={() => { setMode("reset"); setError(null); }}>{t(messages.forgot)}</Button>
      ) : (
        <Button variant="quiet" onPress={() => { setMode("signIn"); setError(null); }}>{t(messages.back)}</Button>
      )}
    </div>
  );
  if (asDialog) {
    return <div className="dialog-backdrop"><div role="dialog" aria-modal="true" aria-labelledby="auth-title" className="dialog">{body}</div></div>;
  }
  return <main id="main" className="auth">{body}</main>;
}
