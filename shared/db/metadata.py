"""The two schemas: the suite's own store, and the platform database the data map describes."""

from sqlalchemy import MetaData

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

store_metadata = MetaData(naming_convention=NAMING)
platform_metadata = MetaData(naming_convention=NAMING)
