// What the people list is narrowed by. The API filters only `includeInactive` today; search and role are applied to
// the loaded rows here. When `employees` gains search and role/manager filters, move them into serverVariables and
// drop them from matches.
import type { HrPeopleQuery, HrPeopleQueryVariables } from "../../graphql/types";

export type PeopleFilters = { search: string; role: string; includeInactive: boolean };
export type PersonRow = HrPeopleQuery["employees"]["items"][number];
export const PAGE_SIZE = 100;
export const ROLES = ["EMPLOYEE", "MANAGER", "HR", "ADMIN"] as const;

export function serverVariables(filters: PeopleFilters, after: string | null): HrPeopleQueryVariables {
  return { first: PAGE_SIZE, after, includeInactive: filters.includeInactive };
}

const fold = (text: string) => text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();

/** Whether a loaded row passes the filters the API does not apply yet (accent- and case-insensitive search). */
export function matches(person: PersonRow, filters: PeopleFilters): boolean {
  if (filters.role && person.role.toUpperCase() !== filters.role) return false;
  const words = fold(filters.search).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const haystack = fold([person.name, person.email, person.jobTitle, person.hrId, person.manager?.name ?? ""].join(" "));
  return words.every((word) => haystack.includes(word));
}
