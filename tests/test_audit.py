"""The hash-chained audit log: what is recorded, what is not, and that tampering is named.

Tampering is done the way someone with the data key and a generic SQLite tool would do it:
raw SQL on the vault's own connection.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from app import customers, field_admin, users
from app.access import Actor
from app.audit import AuditLog, VerifyResult
from app.vault import Vault

OWNER, OWNER_PASSWORD = "Owner", "owner-pass-1"  # as made by conftest


def actions(vault: Vault) -> list[str]:
    return [e.action for e in reversed(vault.audit().entries(limit=10_000))]


def last_seq(vault: Vault) -> int:
    head = vault.audit().head()
    assert head is not None
    return head[0]


@pytest.fixture
def busy_vault(vault: Vault, owner: Actor) -> Vault:
    """A vault with a dozen audit entries."""
    for i in range(5):
        customer = customers.create(vault, owner, {"name": f"客户{i}", "phone": f"1391234000{i}"})
        customers.update(vault, owner, customer.id, {"company": f"公司{i}"})
    assert last_seq(vault) >= 11
    return vault


def test_a_new_vault_starts_with_a_verified_creation_entry(vault: Vault) -> None:
    assert actions(vault) == ["vault.create"]
    assert vault.audit().entries()[0].details == {"business": "测试商店"}
    result = vault.audit().verify()
    assert result == VerifyResult(True, last_seq(vault))
    assert "intact" in result.message()


def test_every_change_appends_an_entry(vault: Vault, owner: Actor, vault_dir: Path) -> None:
    expected = []

    def did(action: str) -> None:
        expected.append(action)
        assert actions(vault)[-len(expected) :] == expected

    customer = customers.create(vault, owner, {"name": "王小明", "phone": "13912345678"})
    did("customer.create")
    customers.update(vault, owner, customer.id, {"email": "xm@example.com"})
    did("customer.update")
    customers.delete(vault, owner, customer.id)
    did("customer.delete")
    customers.create_many(
        vault, owner, [{"name": "A"}, {"name": "B"}], audit_each=False, source_note="import"
    )
    did("customer.create_many")
    field_admin.add_custom_field(vault, owner, key="level", label_zh="等级", label_en="Level", type="text")
    did("field.add")
    field_admin.update_field(vault, owner, "level", label_en="Tier")
    did("field.update")
    field_admin.retire_field(vault, owner, "level")
    did("field.retire")
    users.add(vault, owner, "Alice", "alice-pass-1", "sales")
    did("user.add")
    users.reset_password(vault, owner, "Alice", "alice-pass-2")
    did("user.password_reset")
    users.remove(vault, owner, "Alice")
    did("user.remove")
    vault.change_password(OWNER_PASSWORD, "owner-pass-2")
    did("user.password_changed")
    vault.start_recovery_code_replacement(owner)
    did("recovery.replace_started")
    vault.finish_recovery_code_replacement(owner)
    did("recovery.replaced")
    vault.enable_automatic_signin("owner-pass-2")
    did("signin.automatic_enabled")
    vault.disable_automatic_signin()
    did("signin.automatic_disabled")
    vault.rotate_data_key(owner)
    did("vault.key_rotated")
    vault.lock(audit=True)

    again = Vault.unlock(vault_dir, OWNER, "owner-pass-2")
    try:
        log = actions(again)
        assert log[-2:] == ["lock", "signin"]
        assert log[: len(log) - 2][-len(expected) :] == expected
        entries = again.audit().entries(limit=1)
        assert entries[0].actor == OWNER and entries[0].object == OWNER
        assert again.audit().verify().ok
    finally:
        again.lock()


def test_audit_details_name_fields_but_never_hold_their_values(vault: Vault, owner: Actor) -> None:
    values = {
        "name": "欧阳娜娜",
        "phone": "139 8765 4321",
        "email": "Nana.OuYang@Example.com",
        "company": "北京华信科技有限公司",
        "address": "朝阳区建国路88号",
        "notes": "喜欢绿茶",
        "id_number": "11010519491231002X",
        "tags": "VIP，回头客",
    }
    customer = customers.create(vault, owner, values)
    customers.update(vault, owner, customer.id, {"phone": "13800001111", "notes": "改为红茶"})
    customers.delete(vault, owner, customer.id)
    rows = vault.connection().execute("SELECT actor, action, object, details FROM audit").fetchall()
    text = "\n".join(" ".join(map(str, row)) for row in rows)
    for secret in [
        *values.values(),
        customer.values["phone"],
        customer.values["email"],
        "13800001111",
        "改为红茶",
        "欧阳",
        "8765",
        "nana",
    ]:
        assert secret.casefold() not in text.casefold(), secret
    create_entry = next(e for e in vault.audit().entries(limit=10) if e.action == "customer.create")
    assert create_entry.details == {"fields": sorted(values)}
    update_entry = next(e for e in vault.audit().entries(limit=10) if e.action == "customer.update")
    assert update_entry.details == {"fields": ["notes", "phone"]}
    assert update_entry.object == f"customer:{customer.id}"


# ------------------------------------------------------------------------------ tampering


def test_editing_a_rows_details_is_named(busy_vault: Vault) -> None:
    conn = busy_vault.connection()
    conn.execute("UPDATE audit SET details = '{\"fields\": []}' WHERE seq = 5")
    result = busy_vault.audit().verify()
    assert not result.ok
    assert result.first_broken_seq == 5
    assert result.rows_checked == 4
    assert "changed" in result.reason
    assert "entry 5" in result.message()


@pytest.mark.parametrize("column", ["at", "actor", "action", "object"])
def test_editing_any_column_is_named(busy_vault: Vault, column: str) -> None:
    busy_vault.connection().execute(f"UPDATE audit SET {column} = {column} || 'x' WHERE seq = 7")
    assert busy_vault.audit().verify().first_broken_seq == 7


def test_deleting_a_middle_row_is_named(busy_vault: Vault) -> None:
    busy_vault.connection().execute("DELETE FROM audit WHERE seq = 6")
    result = busy_vault.audit().verify()
    assert not result.ok
    assert result.first_broken_seq == 7  # the first entry that no longer follows on
    assert "missing" in result.reason


def test_deleting_the_last_row_is_caught_by_the_head(busy_vault: Vault) -> None:
    last = last_seq(busy_vault)
    busy_vault.connection().execute("DELETE FROM audit WHERE seq = ?", (last,))
    result = busy_vault.audit().verify()
    assert not result.ok
    assert result.first_broken_seq == last
    assert "end" in result.reason


def test_deleting_every_row_is_caught_by_the_head(busy_vault: Vault) -> None:
    busy_vault.connection().execute("DELETE FROM audit")
    result = busy_vault.audit().verify()
    assert not result.ok
    assert result.first_broken_seq == 1


def test_deleting_every_row_and_the_head_is_caught(busy_vault: Vault) -> None:
    """A vault always has its creation entry: an empty log is a wiped log."""
    conn = busy_vault.connection()
    conn.execute("DELETE FROM audit")
    conn.execute("DELETE FROM audit_head")
    result = busy_vault.audit().verify()
    assert not result.ok
    assert result.first_broken_seq == 1


def test_swapping_two_rows_contents_is_named(busy_vault: Vault) -> None:
    conn = busy_vault.connection()
    cols = "at, actor, action, object, details, prev_hash, hash"
    row4 = conn.execute(f"SELECT {cols} FROM audit WHERE seq = 4").fetchone()
    row8 = conn.execute(f"SELECT {cols} FROM audit WHERE seq = 8").fetchone()
    assignments = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    conn.execute(f"UPDATE audit SET {assignments} WHERE seq = 4", row8)
    conn.execute(f"UPDATE audit SET {assignments} WHERE seq = 8", row4)
    result = busy_vault.audit().verify()
    assert not result.ok
    assert result.first_broken_seq == 4


def test_a_forged_row_with_a_made_up_hash_is_named(busy_vault: Vault) -> None:
    conn = busy_vault.connection()
    seq, head_hash = busy_vault.audit().head()  # type: ignore[misc]
    forged_hash = secrets.token_hex(32)
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, object, details, prev_hash, hash)"
        " VALUES (?, '2025-01-01T00:00:00.000+00:00', 'Owner', 'customer.delete', 'customer:1', '{}', ?, ?)",
        (seq + 1, head_hash, forged_hash),
    )
    conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (seq + 1, forged_hash))
    result = busy_vault.audit().verify()
    assert not result.ok
    assert result.first_broken_seq == seq + 1
    assert result.rows_checked == seq


def test_a_row_forged_under_the_wrong_key_is_named(busy_vault: Vault) -> None:
    """Someone who recomputes the chain with their own key still fails the HMAC."""
    forger = AuditLog(busy_vault.connection(), b"\x00" * 32)
    forged_seq = forger.append("Owner", "customer.delete", "customer:2")
    result = busy_vault.audit().verify()
    assert not result.ok
    assert result.first_broken_seq == forged_seq


def test_changing_the_head_is_named(busy_vault: Vault) -> None:
    last = last_seq(busy_vault)
    busy_vault.connection().execute("UPDATE audit_head SET hash = ? WHERE id = 1", ("0" * 64,))
    result = busy_vault.audit().verify()
    assert not result.ok
    assert result.first_broken_seq == last + 1
    assert result.rows_checked == last


def test_moving_the_head_back_is_named(busy_vault: Vault) -> None:
    last = last_seq(busy_vault)
    conn = busy_vault.connection()
    prev = conn.execute("SELECT hash FROM audit WHERE seq = ?", (last - 1,)).fetchone()[0]
    conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (last - 1, prev))
    assert not busy_vault.audit().verify().ok


def test_appending_after_a_verified_log_keeps_it_verified(busy_vault: Vault, owner: Actor) -> None:
    before = last_seq(busy_vault)
    busy_vault.audit().append(owner.user, "custom.event", "x", {"count": 3})
    assert last_seq(busy_vault) == before + 1
    assert busy_vault.audit().verify().ok
    entry = busy_vault.audit().entries(limit=1)[0]
    assert (entry.seq, entry.action, entry.details) == (before + 1, "custom.event", {"count": 3})
    older = busy_vault.audit().entries(limit=3, before_seq=entry.seq)
    assert [e.seq for e in older] == [before, before - 1, before - 2]
