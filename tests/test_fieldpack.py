"""Field packs: what a pack carries, who may open, prepare and merge it, and what a merge does."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import access, consent, customers, erasure, fieldpack, incidents
from app.errors import PermissionDeniedError, ValidationError, WrongPasswordError
from app.vault import Vault
from app.vault.database import transaction
from tests import pagescan
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.consent_helpers import signature_png
from tests.fieldpack_helpers import (
    FIELD_PASSWORD,
    FIELD_USER,
    HIDDEN_NOTE,
    ID_NUMBER,
    MANAGER,
    MANAGER_PASSWORD,
    SALES,
    SALES_PASSWORD,
    SECRET_EMAIL,
    make_office,
    pack_database,
    pack_keys,
)


@pytest.fixture
def office(tmp_path: Path):
    office = make_office(tmp_path)
    yield office
    office.vault.lock()


def _prepare(office, tmp_path: Path, name: str = "li.custospack", **kw) -> tuple[Path, fieldpack.PackInfo]:
    out = tmp_path / name
    kw.setdefault("tag", "north")
    return out, fieldpack.prepare(office.vault, office.owner, FIELD_USER, out, **kw)


def _in_field(path: Path, work) -> None:
    """Open the pack as the field user, run ``work(vault, actor)``, lock (writes the pack back)."""
    vault = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        work(vault, vault.actor)
    finally:
        vault.lock()


# ------------------------------------------------------------------------------ preparing and opening


def test_a_pack_opens_in_field_mode_with_the_field_users_password_and_holds_the_chosen_customers(
    office, tmp_path
):
    path, info = _prepare(office, tmp_path)
    assert info.customers == len(office.north) and info.status == "out"
    assert fieldpack.is_pack(path) and not fieldpack.is_pack(office.folder / "vault.db")
    vault = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        assert fieldpack.is_field_mode(vault) and not fieldpack.is_field_mode(office.vault)
        actor = vault.actor
        assert actor.user == FIELD_USER and actor.role == "field"
        assert customers.count(vault, actor) == len(office.north)
        first = customers.get(vault, actor, office.north[0])
        assert first.get("phone") == "13900000000"
        assert first.get("email") == "p***@example.org"  # the masked form only
        assert "notes" not in first.values and "id_number" not in first.values and "tags" not in first.values
        assert customers.search(vault, actor, "13900000002").ids == [office.north[1]]
        with pytest.raises(Exception):  # noqa: B017 - a south customer is simply not there
            customers.get(vault, actor, office.south[0])
    finally:
        vault.lock()
    assert [p.id for p in fieldpack.outstanding(office.vault, office.owner)] == [info.id]


def test_a_pack_for_collecting_new_customers_only_carries_no_customer(office, tmp_path):
    path, info = _prepare(office, tmp_path, tag=None)
    assert info.customers == 0
    _in_field(path, lambda v, a: customers.create(v, a, {"name": "新客户", "phone": "13812345678"}))
    report = fieldpack.merge(office.vault, office.owner, path)
    assert len(report.created) == 1


def test_hidden_and_masked_values_never_reach_the_pack_file(office, tmp_path):
    path, info = _prepare(office, tmp_path, tag=None, ids=[*office.north, *office.south])
    key = pack_keys(office.vault, info.id)["data"]
    plain = b"".join(page for _where, page in pagescan.pages(pack_database(path, tmp_path / "db"), key))
    assert "客户0".encode() in plain  # the scan reads the pack: names the role reads are there
    for secret in (HIDDEN_NOTE, SECRET_EMAIL, "person0.hidden", ID_NUMBER, "south"):
        assert secret.encode() not in plain, secret
    assert b"person0." not in path.read_bytes()


def test_a_sensitive_field_goes_only_when_the_field_role_reads_it_and_then_only_encrypted(office, tmp_path):
    access.set_level(office.vault, office.owner, "field", "id_number", "read")
    path, info = _prepare(office, tmp_path)
    keys = pack_keys(office.vault, info.id)
    assert "sensitive" in keys
    plain = b"".join(page for _w, page in pagescan.pages(pack_database(path, tmp_path / "db"), keys["data"]))
    assert ID_NUMBER.encode() not in plain
    vault = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        assert customers.get(vault, vault.actor, office.north[0]).get("id_number") == ID_NUMBER
    finally:
        vault.lock()


def test_the_wrong_password_opens_nothing_and_leaves_the_pack_as_it_was(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    before = path.read_bytes()
    with pytest.raises(WrongPasswordError):
        fieldpack.open_pack(path, FIELD_USER, "not-the-password")
    with pytest.raises(WrongPasswordError):
        fieldpack.open_pack(path, FIELD_USER, OWNER_PASSWORD)
    assert path.read_bytes() == before


def test_an_expired_pack_no_longer_opens_in_the_field_but_still_merges(office, tmp_path, monkeypatch):
    path, _info = _prepare(office, tmp_path, days=2)
    _in_field(path, lambda v, a: customers.update(v, a, office.north[0], {"phone": "13911112222"}))

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(days=3)

    monkeypatch.setattr(fieldpack, "datetime", Later)
    with pytest.raises(fieldpack.PackError, match="expired"):
        fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    assert fieldpack.outstanding(office.vault, office.owner)[0].expired
    report = fieldpack.merge(office.vault, office.owner, path)
    assert report.applied == {office.north[0]: ["phone"]}


def test_the_preparer_chooses_the_expiry_between_one_day_and_a_year(office, tmp_path):
    _path, info = _prepare(office, tmp_path, days=30)
    prepared, expires = (datetime.fromisoformat(t) for t in (info.prepared_at, info.expires_at))
    assert expires - prepared == timedelta(days=30)
    for bad in (0, 366, True):
        with pytest.raises(ValidationError):
            _prepare(office, tmp_path, name=f"bad{bad}.custospack", days=bad)
    assert not list(tmp_path.glob("bad*"))


# ------------------------------------------------------------------------------ who may do what


def test_a_field_user_cannot_prepare_a_pack_for_anyone(office, tmp_path):
    office.vault.lock()
    vault = Vault.unlock(office.folder, FIELD_USER, FIELD_PASSWORD)
    try:
        for user in (FIELD_USER, OWNER):
            with pytest.raises(PermissionDeniedError):
                fieldpack.prepare(vault, vault.actor, user, tmp_path / f"{user}.custospack", tag="north")
    finally:
        vault.lock()
    assert not list(tmp_path.glob("*.custospack"))


def test_a_manager_cannot_prepare_a_pack_for_the_owner_whose_role_sees_more(office, tmp_path):
    office.vault.lock()
    vault = Vault.unlock(office.folder, MANAGER, MANAGER_PASSWORD)
    try:
        with pytest.raises(PermissionDeniedError, match="sees or may do more"):
            fieldpack.prepare(vault, vault.actor, OWNER, tmp_path / "owner.custospack", tag="north")
        info = fieldpack.prepare(vault, vault.actor, FIELD_USER, tmp_path / "li.custospack", tag="north")
        assert info.prepared_by == MANAGER
    finally:
        vault.lock()


def test_sales_cannot_merge_list_or_resolve(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    office.vault.lock()
    vault = Vault.unlock(office.folder, SALES, SALES_PASSWORD)
    try:
        actor = vault.actor
        for attempt in (
            lambda: fieldpack.merge(vault, actor, path),
            lambda: fieldpack.merge(vault, actor, path, dry_run=True),
            lambda: fieldpack.outstanding(vault, actor),
            lambda: fieldpack.list_conflicts(vault, actor),
            lambda: fieldpack.resolve_conflict(vault, actor, 1, "field"),
            lambda: fieldpack.declare_lost(vault, actor, path),
        ):
            with pytest.raises(PermissionDeniedError):
                attempt()
    finally:
        vault.lock()


def test_in_the_pack_the_field_user_cannot_widen_their_view_or_copy_it_out(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    vault = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        actor = vault.actor
        with pytest.raises(PermissionDeniedError):
            access.set_level(vault, actor, "field", "notes", "write")
        with pytest.raises(PermissionDeniedError):
            customers.update(
                vault, actor, office.north[0], {"email": "new@example.org"}
            )  # masked: not theirs
        granted = access.access_for(vault, actor)
        assert not any(
            granted.allows(p) for p in ("export", "backup", "reveal", "manage_users", "edit_policy")
        )
        assert granted.allows("record_consent")
    finally:
        vault.lock()


# ------------------------------------------------------------------------------ refusing bad packs


def test_a_pack_from_another_vault_is_refused_with_one_message(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    other, _code = Vault.create(tmp_path / "other", owner=OWNER, password=OWNER_PASSWORD)
    try:
        with pytest.raises(fieldpack.PackError, match="prepared by another vault"):
            fieldpack.merge(other, other.actor, path)
        with pytest.raises(fieldpack.PackError, match="prepared by another vault"):
            fieldpack.declare_lost(other, other.actor, path)
    finally:
        other.lock()


@pytest.mark.parametrize(
    "where", ["header-seal", "header-expiry", "database-start", "database-middle", "database-end"]
)
def test_a_pack_changed_anywhere_is_refused_and_nothing_is_merged(office, tmp_path, where):
    path, _info = _prepare(office, tmp_path)
    _in_field(path, lambda v, a: customers.update(v, a, office.north[0], {"phone": "13911112222"}))
    data = bytearray(path.read_bytes())
    header_end = (
        len(fieldpack.MAGIC) + 4 + int.from_bytes(data[len(fieldpack.MAGIC) : len(fieldpack.MAGIC) + 4])
    )
    if where == "header-seal":
        position = data.index(b'"seal": "') + 12
        data[position] = ord("0") if data[position] != ord("0") else ord("1")
    elif where == "header-expiry":  # a longer life, same length: only the seal can tell
        header = json.loads(data[len(fieldpack.MAGIC) + 4 : header_end])
        longer = header["expires_at"].replace(
            header["expires_at"][:4], str(int(header["expires_at"][:4]) + 1)
        )
        data = bytearray(bytes(data).replace(header["expires_at"].encode(), longer.encode()))
    else:
        size = len(data) - header_end
        offset = {"database-start": 100, "database-middle": size // 2, "database-end": size - 10}[where]
        data[header_end + offset] ^= 0x01
    path.write_bytes(bytes(data))
    before = customers.get(office.vault, office.owner, office.north[0]).get("phone")
    with pytest.raises(fieldpack.PackError, match="damaged or was changed"):
        fieldpack.merge(office.vault, office.owner, path)
    assert customers.get(office.vault, office.owner, office.north[0]).get("phone") == before
    assert fieldpack.outstanding(office.vault, office.owner)[0].status == "out"


def test_changed_base_values_are_refused(office, tmp_path):
    """The field user holds the pack key and could rewrite the base to hide office changes:
    the seal over the base values catches it."""
    path, _info = _prepare(office, tmp_path)
    vault = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        conn = vault.connection()
        with transaction(conn):
            conn.execute("UPDATE field_base SET base = json_set(base, '$.phone', '13000000000')")
    finally:
        vault.lock()
    with pytest.raises(fieldpack.PackError, match="damaged or was changed"):
        fieldpack.merge(office.vault, office.owner, path)


def test_a_file_that_is_not_a_pack_is_refused(office, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(fieldpack.PackError, match="not a Custos field pack"):
        fieldpack.merge(office.vault, office.owner, other)
    with pytest.raises(fieldpack.PackError, match="not a Custos field pack"):
        fieldpack.open_pack(other, FIELD_USER, FIELD_PASSWORD)


# ------------------------------------------------------------------------------ merging


def test_merging_the_same_pack_twice_changes_nothing_the_second_time(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    _in_field(path, lambda v, a: customers.create(v, a, {"name": "新客户", "phone": "13812345678"}))
    first = fieldpack.merge(office.vault, office.owner, path)
    assert len(first.created) == 1
    count = customers.count(office.vault, office.owner)
    head = office.vault.audit().head()
    again = fieldpack.merge(office.vault, office.owner, path)
    assert again.already_merged and again.created == first.created
    assert customers.count(office.vault, office.owner) == count
    assert office.vault.audit().head() == head


def test_a_dry_run_reports_and_writes_nothing(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    _in_field(path, lambda v, a: customers.update(v, a, office.north[0], {"phone": "13911112222"}))
    head = office.vault.audit().head()
    report = fieldpack.merge(office.vault, office.owner, path, dry_run=True)
    assert report.dry_run and report.applied == {office.north[0]: ["phone"]}
    assert office.vault.audit().head() == head
    assert customers.get(office.vault, office.owner, office.north[0]).get("phone") == "13900000000"
    assert fieldpack.outstanding(office.vault, office.owner)[0].status == "out"


def test_a_masked_value_changed_behind_the_apps_back_never_overwrites_the_office_value(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    vault = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    try:
        conn = vault.connection()
        with transaction(conn):
            conn.execute("UPDATE customers SET email = 'x***@example.org' WHERE id = ?", (office.north[0],))
    finally:
        vault.lock()
    report = fieldpack.merge(office.vault, office.owner, path)
    assert report.not_permitted == [[office.north[0], "email"]] and not report.applied
    assert (
        customers.get(office.vault, office.owner, office.north[0]).get("email") == f"person0.{SECRET_EMAIL}"
    )


def test_a_customer_deleted_in_the_office_stays_deleted_and_the_field_edit_is_reported(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    _in_field(path, lambda v, a: customers.update(v, a, office.north[1], {"phone": "13911112222"}))
    customers.delete(office.vault, office.owner, office.north[1])
    report = fieldpack.merge(office.vault, office.owner, path)
    assert report.deleted_discarded == [office.north[1]] and not report.applied
    with pytest.raises(Exception):  # noqa: B017 - still deleted
        customers.get(office.vault, office.owner, office.north[1])


def test_a_new_customer_matching_an_erased_person_is_not_brought_back(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    erased_phone = "13900000003"  # a south customer, erased while the pack is out
    erasure.erase(office.vault, office.owner, office.south[1])

    def work(vault, actor):
        created = customers.create(vault, actor, {"name": "回来的人", "phone": erased_phone})
        consent.record(
            vault, actor, created.id, text="marketing", decisions={"marketing": "given"}, channel="signature",
            evidence=consent.Evidence("signature", signature_png()),
        )  # fmt: skip

    _in_field(path, work)
    report = fieldpack.merge(office.vault, office.owner, path)
    assert len(report.erased_new_discarded) == 1 and not report.created and report.consents_discarded == 1
    assert customers.search(office.vault, office.owner, erased_phone).ids == []


def test_a_lost_pack_opens_an_incident_naming_its_customers_and_fields(office, tmp_path):
    path, info = _prepare(office, tmp_path)
    lost = fieldpack.declare_lost(office.vault, office.owner, path)
    assert lost.status == "lost" and lost.incident_id
    incident = incidents.get(office.vault, office.owner, lost.incident_id)
    assert sorted(incidents.customer_ids(office.vault, office.owner, lost.incident_id)) == sorted(
        office.north
    )
    assert set(incident.fields) == {"name", "phone", "email", "address"}
    assert FIELD_USER in incident.title
    assert fieldpack.outstanding(office.vault, office.owner) == []
    with pytest.raises(Exception, match="not out"):
        fieldpack.declare_lost(office.vault, office.owner, info.id[:8])


def test_a_pack_can_be_declared_lost_by_its_id(office, tmp_path):
    _path, info = _prepare(office, tmp_path)
    assert fieldpack.declare_lost(office.vault, office.owner, info.id[:8]).status == "lost"


def test_the_review_queue_resolves_to_office_field_or_a_new_value(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    a, b, c = office.north

    def work(vault, actor):
        for cid in (a, b, c):
            customers.update(vault, actor, cid, {"phone": f"1381111000{cid}"})

    _in_field(path, work)
    for cid in (a, b, c):
        customers.update(office.vault, office.owner, cid, {"phone": f"1372222000{cid}"})
    report = fieldpack.merge(office.vault, office.owner, path)
    assert {(x["customer_id"], x["field"]) for x in report.conflicts} == {
        (a, "phone"),
        (b, "phone"),
        (c, "phone"),
    }
    queue = {item.customer_id: item for item in fieldpack.list_conflicts(office.vault, office.owner)}
    assert (queue[a].base, queue[a].office, queue[a].field_value) == (
        f"1390000000{(a - 1)}",
        f"1372222000{a}",
        f"1381111000{a}",
    )
    fieldpack.resolve_conflict(office.vault, office.owner, queue[a].id, "office")
    fieldpack.resolve_conflict(office.vault, office.owner, queue[b].id, "field")
    fieldpack.resolve_conflict(office.vault, office.owner, queue[c].id, "value", "13655556666")
    phones = [customers.get(office.vault, office.owner, cid).get("phone") for cid in (a, b, c)]
    assert phones == [f"1372222000{a}", f"1381111000{b}", "13655556666"]
    assert fieldpack.list_conflicts(office.vault, office.owner) == []
    with pytest.raises(Exception, match="already resolved"):
        fieldpack.resolve_conflict(office.vault, office.owner, queue[a].id, "field")


def test_erasing_a_customer_removes_their_values_from_the_review_queue(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    cid = office.north[0]
    _in_field(path, lambda v, a: customers.update(v, a, cid, {"phone": "13811110000"}))
    customers.update(office.vault, office.owner, cid, {"phone": "13722220000"})
    fieldpack.merge(office.vault, office.owner, path)
    assert len(fieldpack.list_conflicts(office.vault, office.owner)) == 1
    erasure.erase(office.vault, office.owner, cid)
    assert fieldpack.list_conflicts(office.vault, office.owner, include_resolved=True) == []


def test_a_new_duplicate_is_queued_and_taken_as_the_office_customer_with_its_consent(office, tmp_path):
    path, _info = _prepare(office, tmp_path, tag=None)
    twin_phone = "13900000001"  # office customer south[0]

    def work(vault, actor):
        twin = customers.create(vault, actor, {"name": "同一个人", "phone": twin_phone})
        consent.record(
            vault, actor, twin.id, text="marketing", decisions={"marketing": "given"}, channel="signature",
            evidence=consent.Evidence("signature", signature_png()),
        )  # fmt: skip
        customers.create(vault, actor, {"name": "另一个人", "phone": "13812340000"})

    _in_field(path, work)
    report = fieldpack.merge(office.vault, office.owner, path)
    assert list(report.duplicates_queued.values()) == [[office.south[0]]] and len(report.created) == 1
    assert report.consents_queued == 1 and report.consents_added == 0
    (item,) = fieldpack.list_conflicts(office.vault, office.owner)
    assert item.kind == "new" and item.payload["values"]["phone"] == twin_phone
    before = customers.count(office.vault, office.owner)
    fieldpack.resolve_conflict(office.vault, office.owner, item.id, "office")
    assert customers.count(office.vault, office.owner) == before
    history = consent.history(office.vault, office.owner, office.south[0])
    assert [(r.purpose, r.status, r.evidence is not None) for r in history] == [("marketing", "given", True)]


def test_a_new_duplicate_taken_from_the_field_becomes_a_new_customer(office, tmp_path):
    path, _info = _prepare(office, tmp_path, tag=None)
    _in_field(path, lambda v, a: customers.create(v, a, {"name": "同名不同人", "phone": "13900000001"}))
    fieldpack.merge(office.vault, office.owner, path)
    (item,) = fieldpack.list_conflicts(office.vault, office.owner)
    before = customers.count(office.vault, office.owner)
    fieldpack.resolve_conflict(office.vault, office.owner, item.id, "field")
    assert customers.count(office.vault, office.owner) == before + 1
    assert len(customers.search(office.vault, office.owner, "13900000001").ids) == 2


def test_the_field_audit_entries_join_the_office_log_with_their_origin(office, tmp_path):
    path, info = _prepare(office, tmp_path)
    _in_field(path, lambda v, a: customers.view(v, a, office.north[0]))
    fieldpack.merge(office.vault, office.owner, path)
    entries = office.vault.audit().entries(limit=50)
    views = [e for e in entries if e.action == "field.customer.view"]
    assert len(views) == 1 and views[0].actor == FIELD_USER
    assert views[0].details["origin"]["pack"] == info.id and views[0].object == f"customer:{office.north[0]}"
    assert any(e.action == "field.merge" for e in entries)
    assert office.vault.verify_audit(office.owner).ok


# ------------------------------------------------------------------------------ the merge rule


values = st.one_of(st.none(), st.sampled_from(["", "a", "b", "c"]))


@given(base=values, office_value=values, field_value=values)
def test_three_way_takes_a_one_sided_change_and_queues_two_different_ones(base, office_value, field_value):
    decision, taken = fieldpack.three_way(base, office_value, field_value)
    same = lambda x, y: (x or None) == (y or None)  # noqa: E731
    if same(field_value, base) or same(field_value, office_value):
        assert decision == "keep"  # nothing changed in the field, or both made the same change
    elif same(office_value, base):
        assert decision == "take" and same(taken, field_value)
    else:
        assert decision == "conflict"
    # The office value is never lost silently: it is kept, or only a field-only change replaces it.
    assert decision != "take" or same(office_value, base)


def test_erasure_wins_over_every_field_edit_and_consent(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    gone = office.north[2]

    def work(vault, actor):
        customers.update(vault, actor, gone, {"phone": "13811112222", "name": "改名"})
        consent.record(
            vault, actor, gone, text="marketing", decisions={"marketing": "given"}, channel="signature",
            evidence=consent.Evidence("signature", signature_png()),
        )  # fmt: skip

    _in_field(path, work)
    erasure.erase(office.vault, office.owner, gone)
    report = fieldpack.merge(office.vault, office.owner, path)
    assert report.erased_discarded == [gone] and report.consents_discarded == 1 and not report.applied
    assert customers.search(office.vault, office.owner, "13811112222").ids == []
    conn = office.vault.connection()
    assert conn.execute("SELECT count(*) FROM consents WHERE customer_id = ?", (gone,)).fetchone()[0] == 0
    assert datetime.now(UTC)  # the merge finished


def test_two_sessions_on_one_pack_never_silently_drop_the_first_ones_changes(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    first = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    second = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
    customers.update(first, first.actor, office.north[0], {"phone": "13811110000"})
    first.lock()
    customers.update(second, second.actor, office.north[1], {"phone": "13822220000"})
    with pytest.raises(fieldpack.PackError, match="changed by another window"):
        second.lock()
    report = fieldpack.merge(office.vault, office.owner, path)
    assert report.applied == {office.north[0]: ["phone"]}


def test_a_new_customer_with_only_an_erased_persons_name_waits_for_review(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    erased_name = customers.get(office.vault, office.owner, office.south[1]).name
    erasure.erase(office.vault, office.owner, office.south[1])
    _in_field(path, lambda v, a: customers.create(v, a, {"name": erased_name, "phone": "13812398765"}))
    report = fieldpack.merge(office.vault, office.owner, path)
    assert len(report.erased_name_queued) == 1 and not report.created and not report.erased_new_discarded
    (item,) = fieldpack.list_conflicts(office.vault, office.owner)
    assert item.kind == "new" and item.payload["erased_name"] and item.payload["matches"] == []
    fieldpack.resolve_conflict(office.vault, office.owner, item.id, "field")  # someone else of that name
    assert customers.search(office.vault, office.owner, "13812398765").ids != []


def test_after_a_merge_search_finds_the_fields_values_and_not_the_replaced_ones(office, tmp_path):
    path, _info = _prepare(office, tmp_path)

    def work(vault, actor):
        for n, cid in enumerate(office.north):
            customers.update(vault, actor, cid, {"phone": f"1381234567{n}", "name": f"外勤改名{n}"})

    _in_field(path, work)
    fieldpack.merge(office.vault, office.owner, path)
    for n, cid in enumerate(office.north):
        assert customers.search(office.vault, office.owner, f"1381234567{n}").ids == [cid]
        assert customers.search(office.vault, office.owner, f"外勤改名{n}").ids == [cid]
    assert customers.search(office.vault, office.owner, "13900000000").ids == []
    assert customers.search(office.vault, office.owner, "客户0").ids == []


def _restrict(vault, actor, customer_id: int) -> None:
    from app import requests

    req = requests.add(
        vault, actor, type="restrict", requester="客户", customer_id=customer_id,
        identity_method="身份证原件", identity_verified=True, details="暂停处理",
    )  # fmt: skip
    requests.restrict(vault, actor, req.id)


def test_a_customer_under_a_restriction_of_processing_stays_in_the_office(office, tmp_path):
    from app import restrictions

    _restrict(office.vault, office.owner, office.north[0])
    _path, info = _prepare(office, tmp_path)
    assert info.customers == len(office.north) - 1
    with pytest.raises(restrictions.RestrictedError):
        _prepare(office, tmp_path, name="ids.custospack", tag=None, ids=[office.north[0]])
    assert not (tmp_path / "ids.custospack").exists()


def test_field_edits_to_a_customer_restricted_meanwhile_are_not_applied(office, tmp_path):
    path, _info = _prepare(office, tmp_path)
    cid = office.north[1]
    _in_field(path, lambda v, a: customers.update(v, a, cid, {"phone": "13811110000"}))
    _restrict(office.vault, office.owner, cid)
    report = fieldpack.merge(office.vault, office.owner, path)
    assert report.restricted_discarded == [cid] and not report.applied
    assert customers.get(office.vault, office.owner, cid).get("phone") == "13900000002"


def test_new_customers_from_the_field_get_the_same_sort_keys_and_search_as_any_other(office, tmp_path):
    from app import pinyin

    path, _info = _prepare(office, tmp_path, tag=None)
    _in_field(path, lambda v, a: customers.create(v, a, {"name": "欧阳外勤", "phone": "13812340000"}))
    report = fieldpack.merge(office.vault, office.owner, path)
    (cid,) = report.created.values()
    stored = (
        office.vault.connection()
        .execute("SELECT name_pinyin, name_initials FROM customers WHERE id = ?", (cid,))
        .fetchone()
    )
    assert tuple(stored) == pinyin.name_keys("欧阳外勤")
    assert customers.search(office.vault, office.owner, "欧阳外勤").ids == [cid]
    assert customers.search(office.vault, office.owner, "13812340000").ids == [cid]
