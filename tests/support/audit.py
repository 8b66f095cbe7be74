"""Counting the audit events of changes: reads and refused attempts are audited too (access.*),
and a refused request still changes nothing."""

from sqlalchemy import Connection, func, select

from shared.audit import audit_events


def change_events(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(audit_events)
                        .where(audit_events.c.action.not_like("access.%"))).scalar_one()
