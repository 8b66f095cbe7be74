"""The `privacy` command says clearly what went wrong, without a traceback."""

import argparse
from datetime import UTC, date, datetime

from sqlalchemy import func, insert, select

from devtools.cli import cmd_demo_data
from shared.platform.schema import clients


def test_demo_data_on_a_database_that_is_not_empty_says_so_and_writes_nothing(deps, capsys):
    with deps.platform.begin() as conn:
        conn.execute(insert(clients).values(id=1, name="Bakkerij", status="active",
                                            relationship_started_on=date(2020, 1, 1),
                                            created_at=datetime(2020, 1, 1, tzinfo=UTC)))
    assert cmd_demo_data(argparse.Namespace(subjects=5, seed=1)) == 1
    err = capsys.readouterr().err
    assert "not empty" in err and "Nothing was written" in err and "make clean" in err
    with deps.platform.connect() as conn:
        assert conn.execute(select(func.count()).select_from(clients)).scalar() == 1
