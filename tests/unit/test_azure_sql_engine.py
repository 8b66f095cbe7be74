"""Azure SQL: mssql+pyodbc with a fresh Entra token per connection, in the ODBC token struct
(attribute 1256), and no password. The seam is the credential; everything up to it runs here."""

import struct

import pytest

from shared.db.engines import AZURE_SQL_SCOPE, SQL_COPT_SS_ACCESS_TOKEN, build_engine, token_struct

try:
    import pyodbc  # noqa: F401 - the engine tests need the driver manager
    NO_ODBC = ""
except ImportError as exc:  # pytest 9's importorskip skips only ModuleNotFoundError; a missing libodbc is not one
    NO_ODBC = f"pyodbc cannot load unixODBC ({exc}); apt-get install unixodbc, as .ci/run does"
needs_odbc = pytest.mark.skipif(bool(NO_ODBC), reason=NO_ODBC)


class FakeCredential:
    def __init__(self):
        self.scopes = []

    def get_token(self, scope):
        self.scopes.append(scope)

        class Token:
            token = f"token-{len(self.scopes)}"

        return Token()


def test_token_struct_is_length_prefixed_utf16le():
    raw = token_struct("abc")
    (length,) = struct.unpack("<I", raw[:4])
    assert length == 6 and raw[4:] == "abc".encode("utf-16-le")


@needs_odbc
def test_each_connection_gets_a_fresh_token_and_no_password():
    credential = FakeCredential()
    engine = build_engine("mssql+pyodbc://@myserver.database.windows.net/privacy?driver=ODBC+Driver+18+for+SQL+Server",
                          credential_factory=lambda: credential)
    for expected in ("token-1", "token-2"):
        cparams = {"password": "x", "user": "y"}
        engine.dialect.dispatch.do_connect(engine.dialect, None, [], cparams)
        assert "password" not in cparams and "user" not in cparams
        assert cparams["attrs_before"][SQL_COPT_SS_ACCESS_TOKEN] == token_struct(expected)
    assert credential.scopes == [AZURE_SQL_SCOPE, AZURE_SQL_SCOPE]


@needs_odbc
def test_a_url_with_a_password_uses_no_token():
    credential = FakeCredential()
    engine = build_engine("mssql+pyodbc://sa:pw@localhost/db?driver=ODBC+Driver+18+for+SQL+Server",
                          credential_factory=lambda: credential)
    assert not engine.dialect.dispatch.do_connect
    assert credential.scopes == []
