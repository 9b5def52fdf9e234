"""Schema migrations: an old vault upgrades at unlock, a newer one is refused untouched,
and a failing migration leaves nothing half-done.

tests/fixtures/vault_v1/ is a real vault written at schema 1 by
tools/make_old_vault_fixture.py (owner "owner", password "fixture-pass-1").
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from app import customers
from app.anchor import ANCHOR_FILE
from app.errors import DamagedVaultError, NewerVaultError
from app.vault import VAULT_DB, VAULT_KEYS, Vault, database
from tests.keyfiles import data_key

FIXTURE = Path(__file__).parent / "fixtures" / "vault_v1"
FIXTURE_OWNER, FIXTURE_PASSWORD = "owner", "fixture-pass-1"
FIXTURE_NAMES = {"王芳", "欧阳娜娜", "李王", "John Smith", "Émile Zola"}
# Indexes that migrations after schema 1 create (read from the migration files themselves).
NEW_INDEXES = {
    match
    for number, _name, sql in database.MIGRATIONS
    if number > 1
    for match in re.findall(r"CREATE\s+INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", sql, re.IGNORECASE)
}


def raw_connect(folder: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(folder / VAULT_DB), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


def index_names(conn: sqlcipher3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


@pytest.fixture
def old_vault(tmp_path: Path) -> Path:
    assert (FIXTURE / VAULT_DB).is_file(), "run tools/make_old_vault_fixture.py"
    folder = tmp_path / "old"
    folder.mkdir()
    for name in (VAULT_DB, VAULT_KEYS):
        shutil.copyfile(FIXTURE / name, folder / name)
    return folder


def test_the_fixture_really_is_at_schema_1(old_vault: Path) -> None:
    assert NEW_INDEXES, "migration 2 adds indexes"
    assert not (FIXTURE / (VAULT_DB + "-wal")).exists()
    conn = raw_connect(old_vault, data_key(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert not NEW_INDEXES & index_names(conn)
        assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == len(FIXTURE_NAMES)
    finally:
        conn.close()


def test_an_old_vault_is_upgraded_at_unlock_with_its_data_intact(old_vault: Path) -> None:
    assert database.SCHEMA_VERSION >= 2
    vault = Vault.unlock(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD)
    try:
        conn = vault.connection()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION
        assert index_names(conn) >= NEW_INDEXES
        actor = vault.actor
        everyone = list(customers.CustomerView(vault, actor))
        assert {c.name for c in everyone} == FIXTURE_NAMES
        by_name = {c.name: c for c in everyone}
        assert by_name["王芳"].values["phone"] == "13812345678"
        assert by_name["John Smith"].values["email"] == "john.smith@example.com"
        for query, name in [
            ("王芳", "王芳"),
            ("王", "李王"),
            ("华信科技", "欧阳娜娜"),
            ("smith", "John Smith"),
            ("5881", "欧阳娜娜"),
            ("emile", "Émile Zola"),
            ("老客户", "王芳"),
        ]:
            assert by_name[name].id in customers.search(vault, actor, query).ids, query
        by_phone = customers.CustomerView(vault, actor, sort="phone")
        assert len(by_phone.ids(0, 10)) == len(FIXTURE_NAMES)
        result = vault.audit().verify()
        assert result.ok, result.message()
        assert vault.business_name == "老版本商店"
        # and it keeps working: new customers, sign-in again
        customers.create(vault, actor, {"name": "新客户"})
    finally:
        vault.lock()
    again = Vault.unlock(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD)
    try:
        assert customers.count(again, again.actor) == len(FIXTURE_NAMES) + 1
        assert again.audit().verify().ok
        # Checkpoints begin at the first sign-in after the upgrade, and the log verifies with them.
        assert again.verify_audit(again.actor).ok
        assert (old_vault / ANCHOR_FILE).is_file()
    finally:
        again.lock()


def test_a_vault_from_a_newer_custos_is_refused_and_left_untouched(vault: Vault, vault_dir: Path) -> None:
    key = data_key(vault_dir, "Owner", "owner-pass-1")
    vault.lock()
    conn = raw_connect(vault_dir, key)
    conn.execute(f"PRAGMA user_version = {database.SCHEMA_VERSION + 1}")
    conn.close()
    before = hashes(vault_dir)
    assert set(before) == {VAULT_DB, VAULT_KEYS, ANCHOR_FILE}
    with pytest.raises(NewerVaultError, match="newer version of Custos") as caught:
        Vault.unlock(vault_dir, "Owner", "owner-pass-1")
    assert "not changed" in caught.value.message
    assert hashes(vault_dir) == before
    conn = raw_connect(vault_dir, key)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION + 1
    finally:
        conn.close()


BROKEN_STEP = (
    "CREATE TABLE half_done (x INTEGER);\n"
    "INSERT INTO half_done VALUES (1);\n"
    "ALTER TABLE customers ADD COLUMN half_column TEXT;\n"
    "SELECT no_such_function(1);\n"
)


def _fresh_db(tmp_path: Path) -> tuple[sqlcipher3.Connection, Path]:
    path = tmp_path / "raw" / VAULT_DB
    path.parent.mkdir()
    return database.connect(path, b"\x01" * 32), path


def test_a_failing_migration_rolls_back_completely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conn, _ = _fresh_db(tmp_path)
    try:
        assert database.migrate(conn, 1) == 1
        tables_before = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        steps = [*database.MIGRATIONS[:1], (2, "broken", BROKEN_STEP)]
        monkeypatch.setattr(database, "MIGRATIONS", steps)
        with pytest.raises(sqlcipher3.DatabaseError):
            database.migrate(conn, 2)
        assert database.schema_version(conn) == 1
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master")} == tables_before
        columns = {r[1] for r in conn.execute("PRAGMA table_info(customers)")}
        assert "half_column" not in columns
        assert not conn.in_transaction
    finally:
        conn.close()


def test_several_pending_steps_are_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Steps 1 and 2 succeed, 3 fails: the vault stays at 0, not at 2."""
    conn, _ = _fresh_db(tmp_path)
    try:
        steps = [*database.MIGRATIONS[:2], (3, "broken", BROKEN_STEP)]
        monkeypatch.setattr(database, "MIGRATIONS", steps)
        with pytest.raises(sqlcipher3.DatabaseError):
            database.migrate(conn, 3)
        assert database.schema_version(conn) == 0
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    finally:
        conn.close()


def test_a_failing_migration_at_unlock_is_reported_and_changes_nothing(
    old_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "MIGRATIONS", [*database.MIGRATIONS[:1], (2, "broken", BROKEN_STEP)])
    with pytest.raises(DamagedVaultError):
        Vault.unlock(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD)
    conn = raw_connect(old_vault, data_key(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "half_done" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()


def test_migration_files_are_numbered_without_gaps() -> None:
    numbers = [number for number, _name, _sql in database.MIGRATIONS]
    assert numbers == list(range(1, database.SCHEMA_VERSION + 1))


def test_a_new_vault_is_at_the_current_schema(vault: Vault) -> None:
    assert database.schema_version(vault.connection()) == database.SCHEMA_VERSION
    assert index_names(vault.connection()) >= NEW_INDEXES


# ------------------------------------------------------------------------------ schema 8: pinyin


def test_an_old_vault_gets_pinyin_keys_at_its_first_sign_in(old_vault: Path) -> None:
    vault = Vault.unlock(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD)
    try:
        actor = vault.actor
        view = customers.CustomerView(vault, actor)
        # emilezola, johnsmith, liwang, ouyangnana, wangfang
        assert [c.name for c in view.rows(0, 10)] == ["Émile Zola", "John Smith", "李王", "欧阳娜娜", "王芳"]
        by_name = {c.name: c.id for c in view.rows(0, 10)}
        for query, name in [
            ("wangfang", "王芳"),
            ("wang fang", "王芳"),
            ("wf", "王芳"),
            ("oynn", "欧阳娜娜"),
            ("huaxin", "欧阳娜娜"),  # her company 北京华信科技, by its pinyin
            ("liwang", "李王"),
        ]:
            assert by_name[name] in customers.search(vault, actor, query).ids, query
        assert vault.meta("pinyin_state") == "ready"
        entry = [e for e in vault.audit().entries(limit=50) if e.action == "vault.pinyin_upgrade"]
        assert len(entry) == 1 and entry[0].details == {"customers": len(FIXTURE_NAMES)}
        assert vault.audit().verify().ok
    finally:
        vault.lock()
    again = Vault.unlock(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD)
    try:  # done once: the second sign-in does not redo it
        assert [e.action for e in again.audit().entries(limit=50)].count("vault.pinyin_upgrade") == 1
    finally:
        again.lock()


def test_a_pinyin_upgrade_cut_off_after_the_migration_is_done_at_the_next_sign_in(old_vault: Path) -> None:
    # The schema migration commits on its own; the process dies before the sign-in's backfill.
    conn = raw_connect(old_vault, data_key(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD))
    database.migrate(conn)
    assert conn.execute("SELECT value FROM meta WHERE key = 'pinyin_state'").fetchone() == ("pending",)
    assert conn.execute("SELECT count(*) FROM customers WHERE name_pinyin = ''").fetchone()[0] == len(
        FIXTURE_NAMES
    )
    conn.close()
    vault = Vault.unlock(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD)
    try:
        assert vault.meta("pinyin_state") == "ready"
        stored = vault.connection().execute("SELECT name, name_pinyin, name_initials FROM customers")
        assert {name: (key.split("\x01")[0], initials) for name, key, initials in stored} == {
            "王芳": ("wangfang", "wf"),
            "欧阳娜娜": ("ouyangnana", "oynn"),
            "李王": ("liwang", "lw"),
            "John Smith": ("johnsmith", "js"),
            "Émile Zola": ("emilezola", "ez"),
        }
    finally:
        vault.lock()


def test_a_new_vault_needs_no_pinyin_upgrade(vault: Vault) -> None:
    assert vault.meta("pinyin_state") == "ready"


def test_an_old_vault_gives_owners_and_managers_the_import_permission_and_imports(
    old_vault: Path, tmp_path
) -> None:
    """Schema 13 seeds 'import customers' for the built-in owner and manager roles of a vault
    made before it, and its customers can then be imported into and the import undone."""
    from app import access, importing
    from tests.import_files import write_csv

    vault = Vault.unlock(old_vault, FIXTURE_OWNER, FIXTURE_PASSWORD)
    try:
        policy = access.access_for(vault, vault.actor).policy
        assert policy.allows("manager", "import_customers") and not policy.allows("sales", "import_customers")
        source = importing.open_source(
            write_csv(tmp_path / "c.csv", ["姓名", "手机"], [["新导入", "13700001234"]])
        )
        mapping = importing.auto_mapping(access.access_for(vault, vault.actor), source.headers)
        result = importing.run(vault, vault.actor, source, mapping, source_text="旧系统")
        assert result.counts.created == 1
        assert importing.undo(vault, vault.actor, result.import_id).removed == 1
        assert customers.count(vault, vault.actor) == len(FIXTURE_NAMES)
    finally:
        vault.lock()
