import { useState, type FormEvent } from "react";
import { Form, Input, Label, Text, TextField } from "react-aria-components";
import { AcceptInvitation, ResetPassword } from "../../graphql/documents";
import { request } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { Button } from "../../components/ui/Button";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { useSession } from "../../app/session-context";
import { messages } from "./messages";

export type PasswordLink = { purpose: "invitation" | "reset"; token: string };

/** A mailed link opens the app at `/app/#invitation=<token>` or `/app/#reset=<token>`
 * (services/learning/directory/password_links.py writes them). */
export function passwordLinkInHash(hash: string = window.location.hash): PasswordLink | null {
  const match = /^#(invitation|reset)=(.+)$/.exec(hash);
  return match ? { purpose: match[1] as PasswordLink["purpose"], token: decodeURIComponent(match[2]) } : null;
}

export function SetPassword({ link, onDone }: { link: PasswordLink; onDone: () => void }) {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const input = { i: { token: link.token, password } };
      const token = link.purpose === "invitation"
        ? (await request(AcceptInvitation, input)).acceptInvitation.token
        : (await request(ResetPassword, input)).resetPassword.token;
      history.replaceState(null, "", window.location.pathname);
      await signedIn(token);
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  return (
    <main id="main" className="auth">
      <div className="auth-card">
        <h1>{link.purpose === "invitation" ? t(messages.inviteTitle) : t(messages.newPasswordTitle)}</h1>
        <Form onSubmit={submit} className="form">
          <TextField className="field" type="password" isRequired minLength={12} value={password} onChange={setPassword} autoComplete="new-password">
            <Label>{t(messages.newPassword)}</Label>
            <Input />
            <Text slot="description">{t(messages.passwordHint)}</Text>
          </TextField>
          <ErrorMessage error={error} />
          <Button type="submit" isDisabled={pending}>{t(messages.save)}</Button>
        </Form>
      </div>
    </main>
  );
}
