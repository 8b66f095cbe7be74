"""The Alembic migrations build exactly the schema the code describes, on each database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from devtools.migrate import only_tables_of, target_metadata, upgrade_all
from shared.db.engines import build_engine


def test_migrations_match_the_models(db_url):
    engine = build_engine(db_url)
    upgrade_all(engine, engine)
    upgrade_all(engine, engine)  # a second run is a no-op
    with engine.connect() as conn:
        for target in ("store", "platform"):
            metadata = target_metadata(target)
            ctx = MigrationContext.configure(conn, opts={
                "compare_type": True, "version_table": f"alembic_version_{target}",
                "include_name": only_tables_of(metadata)})
            diff = compare_metadata(ctx, metadata)
            assert diff == [], f"{target}: models and migrations differ: {diff}"
    names = set(inspect(engine).get_table_names())
    assert {"audit_events", "erasure_ledger", "debtors", "dossiers"} <= names
    engine.dispose()
