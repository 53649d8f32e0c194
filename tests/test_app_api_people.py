"""The HR people screen: search by name or e-mail, filters by role, manager and status, pages of at most 100."""

from services.learning.directory import importer
from services.platform.clock import SystemClock

from .support import STANDARD_ORG, count_statements, given_org, org_csv, token_for
from .test_statement_counts import many_people

PEOPLE = """query($f: EmployeeFilter, $first: Int, $after: String, $all: Boolean! = false) {
  employees(filter: $f, first: $first, after: $after, includeInactive: $all) {
    items { name email role active manager { name } progress { doneToday } }
    pageInfo { endCursor hasNextPage } } }"""


def names(data: dict) -> list[str]:
    return [p["name"] for p in data["employees"]["items"]]


async def given_org_where_someone_left() -> dict[str, dict]:
    """The standard org, then a re-import without the cleaner: Andres Allik is archived."""
    await given_org()
    rows = [r for r in STANDARD_ORG if r[0] != "A2"]
    await importer.run_import(org_csv(rows), dry_run=False, deactivate_missing=True, now=SystemClock().now())
    from services.learning.directory.tables import Employee

    return {p["hr_id"]: p for p in await Employee.select()}


async def test_hr_searches_people_by_part_of_the_name_or_email_in_any_case(api):
    # given the standard org
    people = await given_org()
    hr = token_for(people["HR1"])
    # when HR searches for "LEPP" and for part of an e-mail address
    by_name = await api.ok(PEOPLE, {"f": {"search": "  LEPP "}}, token=hr)
    by_email = await api.ok(PEOPLE, {"f": {"search": "b1@TEST"}}, token=hr)
    # then the search ignores case and surrounding spaces and matches names and e-mails
    assert names(by_name) == ["Liis Lepp"]
    assert names(by_email) == ["Birgit Berg"]
    # and wildcard characters are taken literally, not as patterns
    assert names(await api.ok(PEOPLE, {"f": {"search": "%"}}, token=hr)) == []
    assert names(await api.ok(PEOPLE, {"f": {"search": "_"}}, token=hr)) == []


async def test_hr_filters_by_role_manager_and_status(api):
    # given an org where the cleaner has left
    people = await given_org_where_someone_left()
    hr = token_for(people["HR1"])
    # when HR filters managers, the shift lead's direct reports, the archived and everyone
    managers = await api.ok(PEOPLE, {"f": {"role": "MANAGER"}}, token=hr)
    reports = await api.ok(PEOPLE, {"f": {"managerId": str(people["LA"]["id"])}}, token=hr)
    archived = await api.ok(PEOPLE, {"f": {"status": "ARCHIVED"}}, token=hr)
    everyone = await api.ok(PEOPLE, {"f": {"status": "ALL", "managerId": str(people["LA"]["id"])}}, token=hr)
    # then each answer holds only the matching people, in name order
    assert names(managers) == ["Liis Lepp", "Marko Mänd", "Mart Mets"]
    assert names(reports) == ["Anu Aas"]
    assert names(archived) == ["Andres Allik"] and archived["employees"]["items"][0]["active"] is False
    assert names(everyone) == ["Andres Allik", "Anu Aas"]
    # and the older includeInactive switch still means ALL when no status is given
    assert names(await api.ok(PEOPLE, {"f": {"managerId": str(people["LA"]["id"])}, "all": True}, token=hr)) == [
        "Andres Allik", "Anu Aas"]


async def test_filters_combine_and_page_through_the_matches(api):
    people = await given_org()
    hr = token_for(people["HR1"])
    first = await api.ok(PEOPLE, {"f": {"search": "test.ee", "role": "EMPLOYEE"}, "first": 2}, token=hr)
    assert names(first) == ["Andres Allik", "Anu Aas"] and first["employees"]["pageInfo"]["hasNextPage"] is True
    rest = await api.ok(PEOPLE, {"f": {"search": "test.ee", "role": "EMPLOYEE"}, "first": 2,
                                 "after": first["employees"]["pageInfo"]["endCursor"]}, token=hr)
    assert names(rest) == ["Birgit Berg"] and rest["employees"]["pageInfo"]["hasNextPage"] is False


async def test_a_manager_searches_only_their_subtree_and_an_employee_not_at_all(api):
    # given the standard org
    people = await given_org()
    # when the shift lead searches everyone with "test.ee" in the e-mail
    found = await api.ok(PEOPLE, {"f": {"search": "test.ee"}}, token=token_for(people["LA"]))
    # then only their own people come back, nobody from logistics
    assert names(found) == ["Andres Allik", "Anu Aas"]
    # and a manager filter naming someone outside their subtree finds nobody
    other = await api.ok(PEOPLE, {"f": {"managerId": str(people["MB"]["id"])}}, token=token_for(people["LA"]))
    assert names(other) == []
    # and an employee may not list people
    assert await api.code(PEOPLE, {"f": {"search": "a"}}, token=token_for(people["A1"])) == "FORBIDDEN"


async def test_search_and_page_sizes_are_limited(api):
    people = await given_org()
    hr = token_for(people["HR1"])
    error = await api.error(PEOPLE, {"f": {"search": "x" * 101}}, token=hr)
    assert error["extensions"] == {"code": "FIELD_TOO_LONG", "field": "search", "maximum": 100}
    assert await api.code(PEOPLE, {"first": 101}, token=hr) == "PAGE_SIZE_OUT_OF_RANGE"
    await api.ok(PEOPLE, {"first": 100}, token=hr)


async def test_a_filtered_list_costs_the_same_for_3_or_40_rows(api):
    # given an org with 40 more cashiers under the shift lead
    people = await given_org(many_people(40))
    hr = token_for(people["HR1"])
    variables = {"f": {"search": "staff", "role": "EMPLOYEE", "status": "ALL"}}
    await api.ok(PEOPLE, {**variables, "first": 3}, token=hr)  # warm the pool's type codecs
    # when HR asks for 3 and then 40 of the matches with manager and progress
    async with count_statements() as small:
        data = await api.ok(PEOPLE, {**variables, "first": 3}, token=hr)
    assert len(data["employees"]["items"]) == 3
    async with count_statements() as large:
        data = await api.ok(PEOPLE, {**variables, "first": 40}, token=hr)
    assert len(data["employees"]["items"]) == 40
    # then both cost viewer, page, the manager (not on the page) and progress
    assert len(small) == len(large) == 4, "\n".join(large)
