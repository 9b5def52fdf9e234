"""The one place that opens SQLCipher: key, PRAGMAs, schema version, migrations."""

from __future__ import annotations

import contextlib
import json
import re
from importlib import resources
from pathlib import Path

import sqlcipher3
from sqlcipher3 import dbapi2

from app import faults
from app.errors import DamagedVaultError, NewerVaultError
from app.i18n import _, ngettext

DatabaseError = dbapi2.DatabaseError
PAGE_SIZE = 4096  # SQLCipher 4 default; the truncation check below relies on it


def _migration_steps() -> list[tuple[int, str, str]]:
    """(number, name, sql) for every ``NNNN_name.sql`` shipped in the migrations package."""
    steps = []
    for entry in resources.files("app.vault.migrations").iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if match:
            steps.append((int(match[1]), match[2], entry.read_text("utf-8")))
    steps.sort()
    numbers = [n for n, _, _ in steps]
    if numbers != list(range(1, len(steps) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {numbers}")
    return steps


MIGRATIONS = _migration_steps()
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path, data_key: bytes) -> sqlcipher3.Connection:
    """Open ``vault.db`` with the raw data key and the vault's PRAGMAs.

    Does not migrate; see ``migrate``. Raises DamagedVaultError when the file does not
    decrypt or is truncated.
    """
    # isolation_level=None: transactions are explicit (``with transaction(conn)``), so a
    # migration or a multi-row change is one BEGIN … COMMIT and nothing commits implicitly.
    # check_same_thread=False only so that lock() may close every thread's connection; each
    # thread still uses its own (see Vault.connection).
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # SQLCipher logs its own failures ("ERROR CORE … hmac check failed") to stderr from C,
        # ahead of the one-line message Custos gives; the errors still reach us as exceptions.
        # The level is process-wide, so it is set before the key, on every connection.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # A raw 256-bit key: SQLCipher skips its own PBKDF2, so opening costs nothing extra.
        # The password-based cost is paid once, by Argon2id, when a key slot is unwrapped.
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        # Temporary tables and sort spills stay in memory: SQLCipher would encrypt temp
        # files too, but keeping them off disk removes the question entirely.
        conn.execute("PRAGMA temp_store = MEMORY")
        # Reading sqlite_master is the first real read: a wrong key or a damaged header fails here.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        _check_not_truncated(conn, path)
    except DatabaseError as exc:
        conn.close()
        raise DamagedVaultError(
            _("vault.db cannot be decrypted or is damaged ({problem}). Restore it from a backup.").format(
                problem=exc
            )
        ) from None
    return conn


def _check_not_truncated(conn: sqlcipher3.Connection, path: Path) -> None:
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return  # pages may legitimately live only in the WAL until the next checkpoint
    size = path.stat().st_size
    expected = conn.execute("PRAGMA page_count").fetchone()[0] * PAGE_SIZE
    if size % PAGE_SIZE or size < expected:
        raise DatabaseError(f"file is {size} bytes, expected {expected}")


def check_integrity(conn: sqlcipher3.Connection) -> None:
    """Check every page's HMAC (reads the whole file, about 3 ms per MB); DamagedVaultError if any fails."""
    problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
    if problems:
        raise DamagedVaultError(
            ngettext(
                "vault.db is damaged ({problem}; {count} problem found). Restore it from a backup.",
                "vault.db is damaged ({problem}; {count} problems found). Restore it from a backup.",
                len(problems),
            ).format(problem=problems[0], count=len(problems))
        )


def configure(conn: sqlcipher3.Connection) -> None:
    """PRAGMAs that may write; applied only after the schema version was accepted."""
    # WAL: readers (the table view) do not block the writer (an import) and vice versa.
    # The WAL file is encrypted page by page exactly like the database.
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a saved customer survives a power cut, not just an application crash. Edits are
    # one at a time, so the fsync per commit is not noticed; bulk jobs commit in batches.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Deleted rows are overwritten, so an erased customer does not linger in free pages of
    # the (decrypted) database image.
    conn.execute("PRAGMA secure_delete = ON")
    # 32 MiB page cache per connection: the hot index pages of a million customers fit.
    conn.execute("PRAGMA cache_size = -32768")
    conn.execute("PRAGMA busy_timeout = 5000")


def schema_version(conn: sqlcipher3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_version(conn: sqlcipher3.Connection) -> int:
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise NewerVaultError(
            _(
                "This vault was written by a newer version of Custos (schema {version}; this version"
                " knows up to {known}). Update Custos to open it. The vault was not changed."
            ).format(version=version, known=SCHEMA_VERSION)
        )
    return version


def migrate(conn: sqlcipher3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply every pending step in one transaction; returns the version reached."""
    current = check_version(conn)
    pending = [step for step in MIGRATIONS if current < step[0] <= target]
    if not pending:
        return current
    conn.execute("BEGIN IMMEDIATE")
    try:
        for number, _name, sql in pending:
            for statement in _split_sql(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return pending[-1][0]


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements (executescript would COMMIT on its own)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise RuntimeError(f"incomplete SQL statement in migration: {buffer[:80]!r}")
    return statements


_AFTER_COMMIT: dict[int, list] = {}
_BEFORE_COMMIT: dict[int, list] = {}
_AFTER_ROLLBACK: dict[int, list] = {}


def after_commit(conn: sqlcipher3.Connection, callback, *, first: bool = False) -> None:
    """Run ``callback`` once the current outermost transaction commits (dropped on rollback).

    Used for work outside the database that must describe only committed state, such as
    signing an audit checkpoint or writing vault.keys. ``first`` puts it before the
    callbacks already registered (vault.keys must be current before a checkpoint is signed).
    """
    if conn.in_transaction:
        callbacks = _AFTER_COMMIT.setdefault(id(conn), [])
        callbacks.insert(0, callback) if first else callbacks.append(callback)
    else:
        callback()


def before_commit(conn: sqlcipher3.Connection, callback) -> None:
    """Run ``callback`` just before the current outermost transaction commits, inside it."""
    if not conn.in_transaction:
        raise RuntimeError("before_commit needs an open transaction")
    _BEFORE_COMMIT.setdefault(id(conn), []).append(callback)


def after_rollback(conn: sqlcipher3.Connection, callback) -> None:
    """Run ``callback`` if the current outermost transaction rolls back instead."""
    if not conn.in_transaction:
        raise RuntimeError("after_rollback needs an open transaction")
    _AFTER_ROLLBACK.setdefault(id(conn), []).append(callback)


class transaction:
    """``with transaction(conn):`` — BEGIN IMMEDIATE … COMMIT, or ROLLBACK on error.

    Nested use joins the outer transaction, so a service can call another service and the
    audit entry commits (or not) together with the change it records. The COMMIT is the
    point of no return of every change that also writes a file (see after_commit).
    """

    def __init__(self, conn: sqlcipher3.Connection) -> None:
        self.conn = conn
        self.outer = False

    def __enter__(self) -> sqlcipher3.Connection:
        self.outer = not self.conn.in_transaction
        if self.outer:
            for registry in (_AFTER_COMMIT, _BEFORE_COMMIT, _AFTER_ROLLBACK):
                registry.pop(id(self.conn), None)  # left by a connection closed mid-transaction
            self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.outer:
            return
        key = id(self.conn)
        if exc_type is None:
            try:
                for callback in _BEFORE_COMMIT.pop(key, []):
                    callback()
                faults.step("db.commit")
                self.conn.execute("COMMIT")
            except BaseException:
                _AFTER_COMMIT.pop(key, None)
                self._rolled_back()
                raise
            _AFTER_ROLLBACK.pop(key, None)
            faults.step("db.committed")
            failure = None
            for callback in _AFTER_COMMIT.pop(key, []):
                try:
                    callback()
                except Exception as error:  # every callback runs; the first failure is reported
                    failure = failure or error
            if failure is not None:
                raise failure
        else:
            _BEFORE_COMMIT.pop(key, None)
            _AFTER_COMMIT.pop(key, None)
            self._rolled_back()

    def _rolled_back(self) -> None:
        with contextlib.suppress(DatabaseError):
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        for callback in _AFTER_ROLLBACK.pop(id(self.conn), []):
            callback()


DEFERRED_INDEXES = "deferred_indexes"  # meta key: the indexes a bulk load dropped, to rebuild


class bulk_load:
    """Settings for loading many rows at once; restored afterwards.

    * A larger page cache: with the normal 32 MiB every insert reads and decrypts index
      pages again once the indexes outgrow it.
    * ``synchronous = NORMAL``: in WAL mode a crash or power cut still leaves the database
      whole (the last few batches may be lost; the caller's batches are each complete).
    * Each FTS5 index in ``fts_tables`` buffers up to 64 MiB of new terms before writing a
      segment (``hashsize``; default 1 MiB): fewer, larger segments mean far less merging.
      Measured at 300,000 customers: the three search indexes' inserts 9.2 s → 3.7 s; at a
      million, 16 MiB cost a third more CPU time than 64 MiB. FTS5 writes its buffer at
      every commit anyway, so the setting only matters inside one transaction (a process
      killed before resetting it leaves nothing to repair).
    * With ``defer_indexes``, the secondary indexes of those tables are dropped first and
      built once at the end: a million random B-tree inserts per index cost several times
      what one sorted build does (measured at 1,000,000 customers: 80 s → 39 s for the
      table and search-index inserts). The dropped indexes' SQL is recorded in ``meta`` in
      the same transaction as the drop, so if the process dies half-way, the next sign-in
      rebuilds them (``restore_deferred_indexes``).
    """

    FTS_HASHSIZE = 64 * 1024 * 1024
    FTS_DEFAULT_HASHSIZE = 1024 * 1024

    def __init__(
        self,
        conn: sqlcipher3.Connection,
        *,
        mib: int = 256,
        defer_indexes: tuple[str, ...] = (),
        fts_tables: tuple[str, ...] = (),
    ):
        self.conn = conn
        self.mib = mib
        self.defer_indexes = defer_indexes
        self.fts_tables = fts_tables
        self.previous: tuple[int, int] = (0, 0)

    def __enter__(self) -> sqlcipher3.Connection:
        conn = self.conn
        self.previous = (
            conn.execute("PRAGMA cache_size").fetchone()[0],
            conn.execute("PRAGMA synchronous").fetchone()[0],
        )
        conn.execute(f"PRAGMA cache_size = -{self.mib * 1024}")
        conn.execute("PRAGMA synchronous = NORMAL")
        self._set_hashsize(self.FTS_HASHSIZE)
        if self.defer_indexes:
            marks = ", ".join("?" * len(self.defer_indexes))
            with transaction(conn):
                dropped = conn.execute(
                    f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                    f" AND tbl_name IN ({marks}) ORDER BY name",
                    self.defer_indexes,
                ).fetchall()
                pending = _deferred(conn) + [sql for _name, sql in dropped]
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    (DEFERRED_INDEXES, json.dumps(pending)),
                )
                for name, _sql in dropped:
                    conn.execute(f'DROP INDEX "{name}"')
        return conn

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.defer_indexes:
                restore_deferred_indexes(self.conn)
        finally:
            self._set_hashsize(self.FTS_DEFAULT_HASHSIZE)
            cache_size, synchronous = self.previous
            self.conn.execute(f"PRAGMA cache_size = {int(cache_size)}")
            self.conn.execute(f"PRAGMA synchronous = {int(synchronous)}")

    def _set_hashsize(self, size: int) -> None:
        for table in self.fts_tables:
            self.conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('hashsize', ?)", (size,))


def _deferred(conn: sqlcipher3.Connection) -> list[str]:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (DEFERRED_INDEXES,)).fetchone()
    return json.loads(row[0]) if row else []


def restore_deferred_indexes(conn: sqlcipher3.Connection) -> int:
    """Build the indexes a bulk load dropped (if any are still missing) in one transaction;
    returns how many statements ran. Called when the load ends and at every sign-in."""
    if not _deferred(conn):
        return 0  # the usual case: no write transaction at sign-in
    with transaction(conn):
        pending = _deferred(conn)
        for sql in pending:
            conn.execute(re.sub(r"^CREATE\s+(UNIQUE\s+)?INDEX\s+", r"CREATE \1INDEX IF NOT EXISTS ", sql))
        if pending:
            conn.execute("DELETE FROM meta WHERE key = ?", (DEFERRED_INDEXES,))
    return len(pending)
