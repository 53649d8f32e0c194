// Assign one lesson to the selected people, with a due date, after a confirmation that says exactly what will happen.
// The clientMutationId is made when the confirmation opens and kept for retries of that same assignment.
import { useEffect, useState } from "react";
import { Dialog, Heading, Modal, ModalOverlay } from "react-aria-components";
import { AssignLesson as AssignLessonDocument, TeamLessonChoices } from "../../graphql/documents";
import { newClientMutationId } from "../../lib/api";
import { useMutation, useQuery } from "../../lib/hooks";
import { apiLocale, useI18n } from "../../lib/i18n";
import { Button } from "../../components/ui/Button";
import { ErrorMessage } from "../../components/ui/ErrorMessage";
import { messages } from "./messages";
import { localDay } from "./shared";
import type { Selection } from "./Members";

type Pending = { lessonId: string; title: string; due: string | null; ids: string[]; names: string[]; key: string };

export function AssignLesson({ selection, onClear, onAssigned, hint }: {
  selection: Selection; onClear: () => void; onAssigned: () => void; hint: { lessonId: string; key: number } | null;
}) {
  const { t, locale, date } = useI18n();
  const lessons = useQuery(TeamLessonChoices, { l: apiLocale(locale) });
  const assign = useMutation(AssignLessonDocument);
  const [lessonId, setLessonId] = useState("");
  const [due, setDue] = useState(localDay(7));
  const [pending, setPending] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (hint) setLessonId(hint.lessonId);
  }, [hint]);

  const count = selection.size;
  const lesson = lessons.data?.lessons.items.find((item) => item.id === lessonId);
  const dueText = (value: string) => date(value, { day: "numeric", month: "long" });

  const ask = () => {
    if (!lesson) return;
    setDone(null);
    assign.reset();
    setPending({
      lessonId: lesson.id, title: lesson.title, due: due || null,
      ids: [...selection.keys()], names: [...selection.values()], key: newClientMutationId(),
    });
  };
  const confirm = async () => {
    if (!pending) return;
    try {
      await assign.mutate({ i: { employeeIds: pending.ids, lessonId: pending.lessonId, dueDate: pending.due, clientMutationId: pending.key } });
      setDone(t(messages.assigned, { title: pending.title, count: pending.ids.length }));
      setPending(null);
      onAssigned();
    } catch {
      // shown in the dialog; "Yes, assign" again retries with the same clientMutationId
    }
  };

  return (
    <section aria-labelledby="assign-lesson" className="card">
      <h2 id="assign-lesson" tabIndex={-1}>{t(messages.assign)}</h2>
      <p>{t(messages.assignHelp)}</p>
      <p role="status" className="team-selected">
        {t(messages.selected, { count })}
        {count > 0 && <> <Button variant="quiet" onPress={onClear}>{t(messages.clearSelection)}</Button></>}
      </p>
      <ErrorMessage error={lessons.error} onRetry={() => void lessons.refetch()} />
      <div className="team-controls">
        <div className="field">
          <label htmlFor="assign-lesson-choice">{t(messages.lesson)}</label>
          <select id="assign-lesson-choice" value={lessonId} onChange={(event) => setLessonId(event.target.value)}>
            <option value="">{t(messages.chooseLesson)}</option>
            {lessons.data?.lessons.items.map((item) => (
              <option key={item.id} value={item.id}>{item.title}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="assign-due">{t(messages.dueDate)}</label>
          <input id="assign-due" type="date" value={due} min={localDay()} aria-describedby="assign-due-help"
            onChange={(event) => setDue(event.target.value)} />
          <span id="assign-due-help" className="team-help">
            {due ? t(messages.dueIs, { due: dueText(due) }) : t(messages.dueHelp)}
          </span>
        </div>
      </div>
      <Button isDisabled={count === 0 || !lesson} onPress={ask}>
        {count === 0 ? t(messages.assignNobody) : t(messages.assignButton, { count })}
      </Button>
      {done && <p className="team-success" role="status">{done}</p>}

      <ModalOverlay className="dialog-backdrop" isOpen={pending !== null} isDismissable={!assign.pending}
        onOpenChange={(open) => { if (!open) setPending(null); }}>
        <Modal className="team-dialog">
          <Dialog role="alertdialog" aria-labelledby="assign-confirm-title">
            {pending && (
              <>
                <Heading slot="title" id="assign-confirm-title">{t(messages.confirmTitle)}</Heading>
                <p className="team-confirm-text">
                  {pending.due
                    ? t(messages.confirmText, { title: pending.title, count: pending.ids.length, due: dueText(pending.due) })
                    : t(messages.confirmTextNoDue, { title: pending.title, count: pending.ids.length })}
                </p>
                <p className="team-help">{t(messages.confirmPeople, { names: pending.names.join(", ") })}</p>
                <ErrorMessage error={assign.error} />
                <div className="team-actions">
                  <Button onPress={() => void confirm()} isDisabled={assign.pending}>{t(messages.confirmYes)}</Button>
                  <Button variant="secondary" onPress={() => setPending(null)} isDisabled={assign.pending}>{t(messages.cancel)}</Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </section>
  );
}
