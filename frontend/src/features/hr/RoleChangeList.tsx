import { Link } from "react-router";
import { useI18n } from "../../lib/i18n";
import { roleLabel } from "./roles";
import { messages } from "./messages";

type Change = {
  id: string; fromRole: string | null; toRole: string; via: string; changedAt: string;
  employee?: { id: string; name: string }; changedBy: { id: string; name: string } | null;
};

/** Role changes as sentences: when, from what to what, how and by whom (and whose, when the list mixes people). */
export function RoleChangeList({ changes }: { changes: readonly Change[] }) {
  const { t, dateTime } = useI18n();
  return (
    <ul className="hr-history">
      {changes.map((change) => (
        <li key={change.id}>
          {dateTime(change.changedAt)}:{" "}
          {change.employee && <><Link to={`/people/person/${change.employee.id}`}>{change.employee.name}</Link>{", "}</>}
          {change.fromRole
            ? t(messages.roleChange, { from: roleLabel(t, change.fromRole), to: roleLabel(t, change.toRole) })
            : t(messages.roleFirst, { to: roleLabel(t, change.toRole) })}
          {" "}({change.via === "IMPORT" ? t(messages.viaIMPORT) : t(messages.viaMUTATION)}
          {change.changedBy ? `, ${t(messages.changedBy, { name: change.changedBy.name })}` : ""})
        </li>
      ))}
    </ul>
  );
}
