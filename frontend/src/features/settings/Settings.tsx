// The employee's own settings: the daily reminder (time in their zone; Web Push on this device, else e-mail).
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Checkbox, Form, Input, Label, TextField } from "react-aria-components";
import { RegisterPushSubscription, ReminderSettings, RemovePushSubscription, SetDailyReminder } from "../../graphql/documents";
import type { ReminderSettingsQuery } from "../../graphql/types";
import { newClientMutationId, request } from "../../lib/api";
import { useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n";
import { currentEndpoint, pushSupported, subscribe, unsubscribe } from "../../lib/push";
import { Button } from "../../components/ui/Button";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { Loading } from "../../components/ui/Loading";
import { Page } from "../../components/ui/Page";
import { messages } from "./messages";

type Reminder = NonNullable<ReminderSettingsQuery["me"]["reminder"]>;

export default function Settings() {
  const { t } = useI18n();
  const { data, error, loading, refetch } = useQuery(ReminderSettings);
  return (
    <Page title={t(messages.title)}>
      {loading && !data && <Loading />}
      <ErrorMessage error={error} onRetry={() => void refetch()} />
      {data && <ReminderForm data={data} />}
    </Page>
  );
}

function ReminderForm({ data }: { data: ReminderSettingsQuery }) {
  const { t, date } = useI18n();
  const [reminder, setReminder] = useState<Reminder | null>(data.me.reminder);
  const [enabled, setEnabled] = useState(data.me.reminder?.enabled ?? false);
  const [localTime, setLocalTime] = useState(data.me.reminder?.localTime ?? "08:30");
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const [pushNote, setPushNote] = useState<string | null>(null);
  const [thisDevice, setThisDevice] = useState<string | null>(null);
  // one key per intended change: a retry of the same save sends the same key
  const saveKey = useRef<{ value: string; id: string } | null>(null);

  useEffect(() => {
    void currentEndpoint().then(setThisDevice);
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    const value = JSON.stringify({ enabled, localTime });
    if (saveKey.current?.value !== value) saveKey.current = { value, id: newClientMutationId() };
    setPending(true);
    setError(null);
    setSaved(false);
    try {
      const result = await request(SetDailyReminder, { i: { enabled, localTime, clientMutationId: saveKey.current.id } });
      setReminder(result.setDailyReminder.reminder);
      setSaved(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  async function enablePush() {
    setError(null);
    setPushNote(null);
    try {
      const keys = await subscribe(data.vapidPublicKey);
      if (!keys) {
        setPushNote(t(messages.pushRefused));
        return;
      }
      const result = await request(RegisterPushSubscription, { i: { ...keys, clientMutationId: newClientMutationId() } });
      setReminder(result.registerPushSubscription.reminder);
      setThisDevice(keys.endpoint);
    } catch (caught) {
      setError(caught);
    }
  }

  async function disablePush() {
    setError(null);
    try {
      const endpoint = await unsubscribe();
      if (endpoint) {
        const result = await request(RemovePushSubscription, { i: { endpoint, clientMutationId: newClientMutationId() } });
        setReminder(result.removePushSubscription.reminder);
      }
      setThisDevice(null);
    } catch (caught) {
      setError(caught);
    }
  }

  const devices = reminder?.pushDevices ?? 0;
  return (
    <section className="card" aria-labelledby="reminder-heading">
      <h2 id="reminder-heading">{t(messages.reminderHeading)}</h2>
      <p>{t(messages.reminderIntro)}</p>
      <Form className="form" onSubmit={save}>
        <Checkbox isSelected={enabled} onChange={setEnabled} className="checkbox">
          <span className="checkbox-box" aria-hidden="true" />
          {t(messages.enabled)}
        </Checkbox>
        <TextField className="field" type="time" value={localTime} onChange={setLocalTime} isDisabled={!enabled} isRequired={enabled}>
          <Label>{t(messages.time)}</Label>
          <Input />
          <span slot="description">{t(messages.timeZone, { zone: data.me.timeZone })}</span>
        </TextField>
        <ErrorMessage error={error} onRetry={() => void save(new Event("submit") as unknown as FormEvent)} />
        {saved && <p role="status">{t(messages.saved)}</p>}
        <Button type="submit" isDisabled={pending}>{t(messages.save)}</Button>
      </Form>
      <p>{devices > 0 ? t(messages.devices, { count: devices }) : t(messages.viaEmail)}</p>
      {reminder?.lastSentOn && <p>{t(messages.lastSent, { date: date(reminder.lastSentOn) })}</p>}
      {!pushSupported() ? (
        <p>{t(messages.pushUnsupported)}</p>
      ) : thisDevice ? (
        <Button variant="secondary" onPress={() => void disablePush()}>{t(messages.disablePush)}</Button>
      ) : (
        <Button variant="secondary" onPress={() => void enablePush()}>{t(messages.enablePush)}</Button>
      )}
      {pushNote && <p role="status">{pushNote}</p>}
    </section>
  );
}
