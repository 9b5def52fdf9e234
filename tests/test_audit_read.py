"""Reading the audit log: filters, keyset paging, a customer's own history, who may read it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app import audit, customers, users
from app.access import Actor
from app.audit import AuditFilter
from app.errors import PermissionDeniedError
from app.vault import Vault
from tests.test_cli import PASSWORD, run


@pytest.fixture
def history_vault(vault: Vault) -> Vault:
    owner = vault.actor
    users.add(vault, owner, "Sally", "sally-pass-1", "sales")
    users.add(vault, owner, "Audrey", "audrey-pass-1", "auditor")
    first = customers.create(vault, owner, {"name": "王芳", "phone": "13912340001"})
    second = customers.create(vault, owner, {"name": "李雷", "phone": "13912340002"})
    customers.update(vault, owner, first.id, {"company": "花园公司"})
    customers.view(vault, owner, first.id)
    customers.update(vault, owner, second.id, {"company": "河边公司"})
    return vault


def test_pages_walk_the_whole_log_newest_first_without_gaps_or_repeats(history_vault: Vault) -> None:
    owner = history_vault.actor
    head = history_vault.audit().head()
    assert head is not None
    seen: list[int] = []
    before = None
    while True:
        page = audit.read(history_vault, owner, before_seq=before, limit=3)
        seen += [e.seq for e in page.entries]
        if page.next_before is None:
            break
        before = page.next_before
    assert seen == list(range(head[0], 0, -1))


def test_filters_by_user_action_and_customer(history_vault: Vault) -> None:
    owner = history_vault.actor
    first = customers.get(history_vault, owner, 1)
    assert first.name == "王芳"
    history = audit.history(history_vault, owner, first.id).entries
    assert [e.action for e in history] == ["customer.view", "customer.update", "customer.create"]
    assert all(e.customer_id == first.id and e.actor == owner.user for e in history)
    updates = audit.read(history_vault, owner, AuditFilter(action="customer.update")).entries
    assert len(updates) == 2
    by_user = audit.read(
        history_vault, owner, AuditFilter(user=owner.user.upper(), action="user.add")
    ).entries
    assert [e.object for e in by_user] == ["Audrey", "Sally"]
    assert audit.read(history_vault, owner, AuditFilter(user="nobody")).entries == []
    names, actions = audit.users_and_actions(history_vault, owner)
    assert owner.user in names and {"customer.view", "user.add", "vault.create"} <= set(actions)


def test_a_date_range_keeps_only_entries_inside_it(history_vault: Vault) -> None:
    owner = history_vault.actor
    conn = history_vault.connection()
    conn.execute("UPDATE audit SET at = '2020-01-01T00:00:00.000+00:00' WHERE seq <= 2")  # raw: old entries
    everything = audit.read(history_vault, owner).entries
    recent = audit.read(history_vault, owner, AuditFilter(since=datetime(2021, 1, 1, tzinfo=UTC))).entries
    old = audit.read(history_vault, owner, AuditFilter(until=datetime(2021, 1, 1, tzinfo=UTC))).entries
    assert [e.seq for e in old] == [2, 1]
    assert [e.seq for e in recent] == [e.seq for e in everything if e.seq > 2]
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert audit.read(history_vault, owner, AuditFilter(since=tomorrow)).entries == []


def test_only_roles_with_the_audit_permission_read_the_log(history_vault: Vault, vault_dir: Path) -> None:
    sales = Actor("Sally", "sales")
    with pytest.raises(PermissionDeniedError):
        audit.read(history_vault, sales)
    with pytest.raises(PermissionDeniedError):
        audit.history(history_vault, sales, 1)
    with pytest.raises(PermissionDeniedError):
        audit.users_and_actions(history_vault, sales)
    assert not audit.may_read(history_vault, sales)
    auditor = Actor("Audrey", "auditor")
    assert audit.may_read(history_vault, auditor)
    assert audit.read(history_vault, auditor).entries


def test_a_tampered_row_is_listed_not_raised_on(history_vault: Vault) -> None:
    conn = history_vault.connection()
    conn.execute("UPDATE audit SET actor = CAST(actor AS BLOB), details = x'00ff' WHERE seq = 2")
    entry = next(e for e in audit.read(history_vault, history_vault.actor).entries if e.seq == 2)
    assert entry.actor == "<bytes>" and entry.details == {"unreadable": True}


def test_cli_audit_list_filters_and_prints_json(tmp_path: Path, capsys, monkeypatch) -> None:
    folder = tmp_path / "vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    v = str(folder)
    assert run(capsys, "init", "--vault", v, "--owner", "老板")[0] == 0
    run(capsys, "customers", "add", "--vault", v, "--name", "王芳")
    run(capsys, "customers", "update", "1", "--vault", v, "--set", "company=花园公司")
    run(capsys, "customers", "show", "1", "--vault", v)
    code, out, err = run(capsys, "audit", "list", "--vault", v, "--customer", "1", "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [e["action"] for e in listed["entries"]] == ["customer.view", "customer.update", "customer.create"]
    assert listed["next_before"] is None and listed["entries"][0]["user"] == "老板"
    code, out, _ = run(capsys, "audit", "list", "--vault", v, "--action", "customer.update")
    assert code == 0 and "customer.update" in out and "customer:1" in out and "1 entry" in out
    code, out, _ = run(capsys, "audit", "list", "--vault", v, "--limit", "2")
    assert code == 0 and "--before" in out
    today = datetime.now().strftime("%Y-%m-%d")
    code, out, _ = run(capsys, "audit", "list", "--vault", v, "--since", today, "--until", today, "--json")
    assert code == 0 and len(json.loads(out)["entries"]) >= 4
    code, _, err = run(capsys, "audit", "list", "--vault", v, "--since", "yesterday")
    assert code == 1 and "--since" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "audit", "list", "--vault", v, "--before", "99999999999999999999999", "--json")
    assert code == 0 and json.loads(out)["entries"]
