// What the people list is narrowed by, all applied by the API (`employees(filter:)`): a search in name or e-mail,
// a role, a status, and one manager's direct reports.
import type { EmployeeRole, EmployeeStatus, HrPeopleQuery, HrPeopleQueryVariables } from "../../graphql/types";

export type PeopleFilters = { search: string; role: EmployeeRole | ""; status: EmployeeStatus; managerId: string | null };
export type PersonRow = HrPeopleQuery["employees"]["items"][number];
export const PAGE_SIZE = 100;
export const ROLES = ["EMPLOYEE", "MANAGER", "HR", "ADMIN"] as const;
export const STATUSES: readonly EmployeeStatus[] = ["ACTIVE", "ARCHIVED", "ALL"];
/** The API's limit on the search text. */
export const MAX_SEARCH = 100;

export function serverVariables(filters: PeopleFilters, after: string | null): HrPeopleQueryVariables {
  const search = filters.search.trim().slice(0, MAX_SEARCH);
  return {
    first: PAGE_SIZE,
    after,
    filter: {
      search: search || null,
      role: filters.role || null,
      status: filters.status,
      managerId: filters.managerId,
    },
  };
}
