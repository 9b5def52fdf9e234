"""The per-field value counters (field_fill, kept by triggers) always equal a full recount:
through random sequences of adding, editing, clearing, deleting, merging and erasing customers,
through imports, retention and the upgrade of a vault that was written before the counters."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import access, compliance, customers, duplicates, erasure, field_admin, importing, retention
from app.vault import VAULT_DB, VAULT_KEYS, Vault
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.consent_helpers import id_number_born
from tests.fill_counts import assert_counts_match, kept, recount

FIELDS = ("phone", "email", "company", "address", "tags", "notes", "source", "id_number", "level", "colour")
VALUES = st.sampled_from(["", None, "x", "王芳", "  ", "0"])
CHANGES = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=4)
ID_NUMBERS = [id_number_born(date(1980, 1, 2)), id_number_born(date(1991, 6, 30))]

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), CHANGES, st.integers(0, 50)),
        st.tuples(st.just("edit"), CHANGES, st.integers(0, 50)),
        st.tuples(st.just("delete"), st.just({}), st.integers(0, 50)),
        st.tuples(st.just("erase"), st.just({}), st.integers(0, 50)),
        st.tuples(st.just("merge"), st.just({}), st.integers(0, 50)),
        st.tuples(st.just("purge"), st.just({}), st.just(0)),
    ),
    min_size=1,
    max_size=10,
)


def _values(changes: dict, n: int) -> dict:
    """Valid values for the fields the step names: a phone must look like one, an ID like an ID."""
    out = {}
    for key, value in changes.items():
        if value in (None, "", "  "):
            out[key] = value
        elif key == "phone":
            out[key] = f"1380013{n:04d}"
        elif key == "email":
            out[key] = f"k{n}@example.com"
        elif key == "id_number":
            out[key] = ID_NUMBERS[n % 2]
        elif key == "colour":
            out[key] = "red"
        else:
            out[key] = value
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_the_counters_equal_a_recount_after_every_step(tmp_path_factory, steps) -> None:
    folder = tmp_path_factory.mktemp("fill") / "vault"
    vault, _code = Vault.create(folder, owner=OWNER, password=OWNER_PASSWORD)
    owner = vault.actor
    field_admin.add_custom_field(vault, owner, key="level", label_zh="等级", label_en="Level", type="text")
    field_admin.add_custom_field(
        vault,
        owner,
        key="colour",
        label_zh="颜色",
        label_en="Colour",
        type="choice",
        rules={"choices": ["red", "blue"]},
    )
    erasure.set_grace_days(vault, owner, 0)
    live: list[int] = []
    deleted: list[int] = []
    try:
        for number, (op, changes, n) in enumerate(steps):
            if op == "add":
                values = {"name": f"客户{number}", **_values(changes, n)}
                live.append(customers.create(vault, owner, values).id)
            elif op == "edit" and live:
                customers.update(vault, owner, live[n % len(live)], _values(changes, n))
            elif op == "delete" and live:
                target = live.pop(n % len(live))
                customers.delete(vault, owner, target)
                deleted.append(target)
            elif op == "erase" and live + deleted:
                pool = live + deleted
                target = pool[n % len(pool)]
                erasure.erase(vault, owner, target)
                (live if target in live else deleted).remove(target)
            elif op == "merge" and len(live) >= 2:
                keep, other = live[n % len(live)], live[(n + 1) % len(live)]
                duplicates.merge(vault, owner, keep, other, take=FIELDS[: n % 4])
                live.remove(other)
            elif op == "purge":
                retention.apply(vault, owner, retention.review(vault, owner).id)
                deleted.clear()
            assert_counts_match(vault)
        today = datetime.now().date()
        figures = compliance.gather(vault, owner, today - timedelta(days=1), today)
        truth = recount(vault.connection())
        for f in figures.fields:  # what the report prints is the recount
            assert f.filled == truth.get((f.key, 0 if f.builtin else 1), 0), f.key
    finally:
        vault.lock()


def test_an_import_and_its_undo_keep_the_counters(vault, owner, tmp_path) -> None:
    source = tmp_path / "people.csv"
    rows = ["姓名,电话,地址,备注"] + [
        f"客户{i},1390013{i:04d},北京市{i}号,{'' if i % 2 else '老客户'}" for i in range(40)
    ]
    source.write_text("\n".join(rows) + "\n", encoding="gb18030")
    opened = importing.open_source(source)
    mapping = importing.auto_mapping(access.access_for(vault, owner), opened.headers)
    done = importing.run(vault, owner, opened, mapping, source_text="老系统导出")
    assert done.counts.created == 40
    assert kept(vault.connection())[("address", 0)] == 40
    assert kept(vault.connection())[("notes", 0)] == 20
    assert_counts_match(vault)
    importing.undo(vault, owner, done.import_id)
    assert_counts_match(vault)
    assert kept(vault.connection()).get(("address", 0), 0) == 0


def test_retention_anonymising_a_field_lowers_its_count(vault, owner) -> None:
    ids = customers.create_many(
        vault, owner, [{"name": f"客户{i}", "address": f"上海{i}"} for i in range(6)], audit_each=False
    )
    old = (datetime.now(UTC) - timedelta(days=800)).isoformat(timespec="seconds")
    for cid in ids[:4]:
        vault.connection().execute("UPDATE customers SET updated_at = ? WHERE id = ?", (old, cid))
    retention.add_rule(vault, owner, scope="field", target="address", months=24, action="anonymise")
    assert retention.apply(vault, owner, retention.review(vault, owner).id).anonymised == 4
    assert kept(vault.connection())[("address", 0)] == 2
    assert_counts_match(vault)


def test_a_vault_written_before_the_counters_gets_them_right_at_upgrade(tmp_path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "vault_v1"
    folder = tmp_path / "old"
    folder.mkdir()
    for name in (VAULT_DB, VAULT_KEYS):
        shutil.copyfile(fixture / name, folder / name)
    vault = Vault.unlock(folder, "owner", "fixture-pass-1")
    try:
        counts = kept(vault.connection())
        assert counts[("name", 0)] == 5
        assert counts == recount(vault.connection())
    finally:
        vault.lock()
