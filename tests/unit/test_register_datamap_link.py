"""The schema, the data map and the register tell one story.

- Every platform column is described by the data map, and the map describes no column the schema lacks.
- Every activity the map names is in the register; every register activity uses mapped columns,
  unless it is one of the named exceptions (with a reason).
- Retention ids named by activities are the data map's.
"""

import pytest

import shared.tables  # noqa: F401 - registers every table
from shared.datamap import DATA_MAP, Col, DataCategory, DataMap, Erasure, SubjectCategory, TableMap
from shared.db.metadata import platform_metadata
from shared.register.models import ActivityIn
from shared.register.rules import link_problems
from shared.register.seed import ACTIVITIES, SCOPE_EXCEPTIONS


def schema_columns() -> set[tuple[str, str]]:
    return {(t.name, c.name) for t in platform_metadata.tables.values() for c in t.columns}


def map_columns(data_map: DataMap) -> set[tuple[str, str]]:
    return {(t.table, c) for t in data_map for c in t.columns}


def test_every_schema_column_is_described_by_the_data_map():
    unmapped = schema_columns() - map_columns(DATA_MAP)
    assert unmapped == set(), f"map these columns in shared/datamap/reference.yaml: {sorted(unmapped)}"


def test_the_data_map_describes_no_column_the_schema_lacks():
    stale = map_columns(DATA_MAP) - schema_columns()
    assert stale == set(), f"the data map describes columns the schema does not have: {sorted(stale)}"


def test_every_platform_table_is_in_the_data_map_and_back():
    assert set(platform_metadata.tables) == set(DATA_MAP.by_name)


def test_a_new_unmapped_column_is_caught():
    from sqlalchemy import Column, MetaData, String, Table

    md = MetaData()
    for t in platform_metadata.tables.values():
        t.to_metadata(md)
    Table("debtors", md, Column("nickname", String(50)), extend_existing=True)
    cols = {(t.name, c.name) for t in md.tables.values() for c in t.columns}
    assert cols - map_columns(DATA_MAP) == {("debtors", "nickname")}


def test_every_mapped_column_serves_a_known_activity():
    known = {a["id"] for a in ACTIVITIES}
    for table in DATA_MAP:
        assert table.activities, f"table {table.table} serves no activity"
        assert set(table.activities) <= known, f"{table.table}: {set(table.activities) - known}"
    assert all(DATA_MAP[t].activities for t, _ in map_columns(DATA_MAP))


def test_the_register_and_the_data_map_agree():
    assert link_problems(DATA_MAP, ACTIVITIES) == []


def test_the_data_map_activities_are_the_ones_the_brief_names():
    assert DATA_MAP.activities() == {"client_administration", "collection", "platform_accounts", "prospects",
                                     "support"}


def test_only_the_named_exceptions_use_no_mapped_columns():
    for a in ACTIVITIES:
        if a["id"] in SCOPE_EXCEPTIONS:
            assert a["data_map"]["scope"] in ("none", "all") and a["data_map"]["reason"], a["id"]
        else:
            assert a["data_map"]["scope"] == "tables", a["id"]
            assert DATA_MAP.columns_of(a["id"]), f"{a['id']} uses no mapped column"


def test_seed_retention_ids_are_data_map_retention_ids_or_the_suites_own():
    known = DATA_MAP.retention_policies()
    assert known == {"active_client", "ex_client_liability", "fiscal_7y", "account_logs", "debtor_without_files",
                     "collection_file_closed", "open_claim", "prospect_consent", "staff_records"}
    own = {"dsar_records", "letters_outbox", "access_packages"}
    for a in ACTIVITIES:
        assert set(a["retention"]["policy_ids"]) <= known | own, a["id"]
    handling = next(a for a in ACTIVITIES if a["id"] == "dsar_handling")
    assert set(handling["retention"]["policy_ids"]) == own


def test_seed_activities_are_valid_api_input():
    for a in ACTIVITIES:
        ActivityIn.model_validate({k: v for k, v in a.items() if k != "id"})


# The link check must fail when the two drift apart: each case breaks one thing.

def _with_table(extra: TableMap) -> DataMap:
    return DataMap((*DATA_MAP.tables, extra))


def _table(activities: tuple[str, ...]) -> TableMap:
    return TableMap("webinar_signups", SubjectCategory.PROSPECT, activities=activities,
                    retention=("prospect_consent",), erasure=Erasure.DELETE,
                    columns={"id": Col(DataCategory.KEY, Erasure.KEEP), "email": Col(DataCategory.CONTACT)})


def test_link_fails_on_an_activity_the_register_does_not_know():
    problems = link_problems(_with_table(_table(("webinars",))), ACTIVITIES)
    assert problems == ["the data map uses activity 'webinars', which the register does not know"]


def test_link_fails_on_a_table_without_activity():
    problems = link_problems(_with_table(_table(())), ACTIVITIES)
    assert problems == ["table 'webinar_signups' serves no activity"]


def test_link_fails_on_an_activity_without_mapped_columns():
    lonely = {**ACTIVITIES[2], "id": "newsletter", "data_map": {"scope": "tables", "reason": ""}}
    assert link_problems(DATA_MAP, [*ACTIVITIES, lonely]) == [
        "activity 'newsletter' uses no mapped column and declares no exception"]


def test_link_fails_on_an_exception_without_reason():
    acts = [dict(a) for a in ACTIVITIES]
    i = next(i for i, a in enumerate(acts) if a["id"] == "website_analytics")
    acts[i] = {**acts[i], "data_map": {"scope": "none", "reason": ""}}
    assert link_problems(DATA_MAP, acts) == ["activity 'website_analytics' declares scope 'none' without a reason"]


def test_link_fails_on_an_unknown_retention_id():
    acts = [dict(a) for a in ACTIVITIES]
    acts[0] = {**acts[0], "retention": {**acts[0]["retention"],
                                        "policy_ids": [*acts[0]["retention"]["policy_ids"], "forever"]}}
    assert link_problems(DATA_MAP, acts) == [
        "activity 'client_administration' names retention policy 'forever', unknown to the data map"]


def test_link_fails_when_an_activity_omits_a_category_its_tables_hold():
    acts = [dict(a) for a in ACTIVITIES]
    i = next(i for i, a in enumerate(acts) if a["id"] == "collection")
    acts[i] = {**acts[i], "subject_categories": ["client", "client_employee"]}
    assert link_problems(DATA_MAP, acts) == [
        "activity 'collection' omits subject_categories ['debtor'] that its mapped tables hold"]


def test_link_fails_when_an_activity_omits_a_retention_policy_of_its_tables():
    acts = [dict(a) for a in ACTIVITIES]
    i = next(i for i, a in enumerate(acts) if a["id"] == "prospects")
    acts[i] = {**acts[i], "retention": {**acts[i]["retention"], "policy_ids": []}}
    assert link_problems(DATA_MAP, acts) == [
        "activity 'prospects' omits retention policies ['prospect_consent'] of its tables"]


@pytest.mark.parametrize("table", [t.table for t in DATA_MAP])
def test_each_table_names_its_retention(table):
    t = DATA_MAP[table]
    assert t.retention, f"{table} has no retention policy"
