"""Alembic environment shared by both databases; devtools/migrate.py picks which one."""

from alembic import context

from devtools.migrate import only_tables_of, target_metadata

config = context.config
target = config.attributes["target"]
metadata = target_metadata(target)
version_table = f"alembic_version_{target}"


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from shared.db.engines import build_engine

        engine = build_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _configure(conn)
        engine.dispose()
    else:
        _configure(connection)


def _configure(conn) -> None:
    context.configure(connection=conn, target_metadata=metadata, version_table=version_table,
                      render_as_batch=conn.dialect.name == "sqlite", compare_type=True,
                      include_name=only_tables_of(metadata))
    with context.begin_transaction():
        context.run_migrations()


run()
