import type { Message, Params } from "../../lib/i18n";
import { messages } from "./messages";

type T = (message: Message, params?: Params) => string;
const LABELS: Record<string, Message> = {
  EMPLOYEE: messages.roleEMPLOYEE, MANAGER: messages.roleMANAGER, HR: messages.roleHR, ADMIN: messages.roleADMIN,
};

/** A role ("manager" from Employee.role or "MANAGER" from EmployeeRole) in words. */
export function roleLabel(t: T, role: string | null | undefined): string {
  if (!role) return "–";
  const message = LABELS[role.toUpperCase()];
  return message ? t(message) : role;
}
