"""Starting the demo again from scratch: `thidua load-demo --reset` (`make demo-reset`).

The demo's database is the SQLite file in the data directory; resetting removes that file (with its
write-ahead log) and the audit chain's anchor file, migrates a new database and loads the demo
commune again. The virtual environment, the keys and the collected static files stay.

An installation in service is never reset by mistake: the reset refuses a database other than a
SQLite file, and a database holding an account that is not one of the demo's logins.
"""

from pathlib import Path

from django.core.management import call_command
from django.db import DatabaseError, connections

from thidua.audit.anchors import anchor_path

NOT_SQLITE = (
    "Chỉ đặt lại được cơ sở dữ liệu mẫu là một tệp SQLite; cơ sở dữ liệu đang dùng không phải vậy "
    "(DATABASE_URL?). Không xóa gì."
)
FOREIGN_ACCOUNTS = (
    "Cơ sở dữ liệu có tài khoản không phải tài khoản mẫu ({names}): có vẻ đây là hệ thống đang dùng "
    "thật, không phải bản chạy thử. Không xóa gì."
)


class ResetRefused(Exception):
    """The database is not the demo's own; the message (Vietnamese) says why nothing was removed."""


def sqlite_file() -> Path | None:
    """The default database's file when it is a SQLite file, else None."""
    db = connections["default"].settings_dict
    name = str(db.get("NAME") or "")
    if (
        db["ENGINE"] != "django.db.backends.sqlite3"
        or not name
        or name == ":memory:"
        or "mode=memory" in name
    ):
        return None
    return Path(name)


def foreign_accounts() -> list[str]:
    """Accounts other than the demo's logins (at most five names); none in a database not migrated."""
    from thidua.accounts.models import User
    from thidua.demo import LOGINS

    demo = [row[0] for row in LOGINS]
    try:
        return list(User.objects.exclude(username__in=demo).values_list("username", flat=True)[:5])
    except DatabaseError:  # no table yet: a database never migrated holds nothing to keep
        return []


def reset_database() -> Path:
    """Remove the demo's SQLite file and audit anchors, then migrate a new, empty database.

    Raises `ResetRefused` (nothing removed) when the database is not a SQLite file or holds an
    account that is not a demo login. Returns the database file's path."""
    path = sqlite_file()
    if path is None:
        raise ResetRefused(NOT_SQLITE)
    if path.exists():
        foreign = foreign_accounts()
        if foreign:
            raise ResetRefused(FOREIGN_ACCOUNTS.format(names=", ".join(foreign)))
    connections.close_all()
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    anchors = anchor_path()
    if anchors is not None:
        # The new chain starts again at entry 1: the old chain's anchors would read as tampering.
        anchors.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    return path
