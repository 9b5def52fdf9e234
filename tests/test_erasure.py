"""Real erasure: nothing of an erased customer remains in any table or page, the ledger makes it
stick across a restore, ids are never reused, holds keep only what they name, and only roles
allowed to erase can."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import consent, customers, duplicates, erasure, holds, pinyin, users
from app.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from app.vault import Vault
from tests import pagescan
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.consent_helpers import add_text, id_number_born, signature_png

NAME = "司徒雪晴"
PHONE = "13987654321"
EMAIL = "xueqing.situ@example.org"
ID_NUMBER = id_number_born(date(1988, 7, 19), area="440106")
COMPANY = "鑫淼垚燚贸易"
# A token of the company's pinyin in search_pinyin: long enough to stay whole in an index page
# (FTS5 stores a term as a shared prefix and the rest), so a token left unmerged is found.
COMPANY_PINYIN = "miaoyaoyimaoyi"


def _filler(vault, owner, n: int = 200) -> None:
    customers.create_many(
        vault,
        owner,
        [
            {
                "name": f"客户{i:04d}",
                "phone": f"1380000{i:04d}",
                "email": f"c{i}@example.com",
                "company": "华信科技",
            }
            for i in range(n)
        ],
        audit_each=False,
    )


def _subject(vault, owner) -> int:
    add_text(vault, owner, key="marketing", purposes=("marketing", "service"))
    customer = customers.create(
        vault,
        owner,
        {"name": NAME, "phone": PHONE, "email": EMAIL, "id_number": ID_NUMBER, "company": COMPANY},
    )
    consent.record(
        vault,
        owner,
        customer.id,
        text="marketing",
        decisions={"marketing": "given", "service": "given"},
        channel="signature",
        evidence=consent.Evidence("signature", signature_png()),
    )
    # Older versions of the row and its index entries, spread over more pages.
    customers.update(vault, owner, customer.id, {"notes": "prefers calls after 6pm"})
    customers.view(vault, owner, customer.id)
    return customer.id


def _needles(vault=None, cid=None) -> list:
    """The erased customer's identifiers as a page may hold them; with the vault, also the ID
    number's stored ciphertext and its blind-index token (the plaintext is never stored)."""
    found: list = [
        NAME,
        PHONE,
        EMAIL,
        ID_NUMBER,
        COMPANY,
        COMPANY_PINYIN,
        pinyin.name_keys(NAME)[0].split("\x01")[0],
    ]
    if vault is not None:
        conn = vault.connection()
        found.append(conn.execute("SELECT id_number FROM customers WHERE id = ?", (cid,)).fetchone()[0])
        found.append(vault.sensitive_cipher().token("id_number", ID_NUMBER))
    return found


def _key(vault: Vault) -> bytes:
    return vault._require_unlocked()["data"]


def test_erasure_removes_the_row_its_index_entries_consent_evidence_and_sensitive_values(
    vault, owner
) -> None:
    _filler(vault, owner, 20)
    cid = _subject(vault, owner)
    conn = vault.connection()
    evidence_before = conn.execute("SELECT count(*) FROM consent_evidence").fetchone()[0]
    assert customers.search(vault, owner, "司徒").ids == [cid]
    erasure.erase(vault, owner, cid)
    for table, column in [
        ("customers", "id"),
        ("consents", "customer_id"),
        ("consent_current", "customer_id"),
        ("consent_minors", "customer_id"),
        ("sensitive_index", "customer_id"),
    ]:
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (cid,)).fetchone()[0] == 0, (
            table
        )
    for table in ("search_trigram", "search_short", "search_pinyin"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE rowid = ?", (cid,)).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM consent_evidence").fetchone()[0] == evidence_before - 1
    assert customers.search(vault, owner, "司徒").ids == []
    assert customers.search(vault, owner, "淼垚燚").ids == []
    assert customers.search(vault, owner, "miaoyao").ids == []
    assert customers.find_by_sensitive(vault, owner, "id_number", ID_NUMBER) == []
    assert customers.count(vault, owner) == 20
    with pytest.raises(NotFoundError, match="erased already"):
        erasure.erase(vault, owner, cid)
    assert conn.execute("SELECT value FROM meta WHERE key = 'scrub_pending'").fetchone()[0] == "0"
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


# 20 others: the customer's first page images are still in the WAL when they are erased; 200:
# the WAL was checkpointed and reused since.
@pytest.mark.parametrize("others", [20, 200])
def test_no_page_of_the_database_or_its_wal_holds_an_erased_customers_identifiers(
    vault, owner, others
) -> None:
    _filler(vault, owner, others)
    cid = _subject(vault, owner)
    db = vault.folder / "vault.db"
    needles = _needles(vault, cid)
    # The control: the scan finds every stored form while the customer exists (the ID number
    # itself never: only its ciphertext and token are stored).
    before = {needle for _where, needle in pagescan.find(db, _key(vault), needles)}
    assert before == set(needles) - {ID_NUMBER}
    erasure.erase(vault, owner, cid)
    assert pagescan.find(db, _key(vault), needles) == []
    # Decryption still works: a live customer's name is found in the same scan.
    assert pagescan.find(db, _key(vault), ["客户0007"])
    # And after the vault is closed and opened again.
    folder = vault.folder
    vault.lock()
    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        assert pagescan.find(db, _key(again), needles) == []
    finally:
        again.lock()


def test_erasure_removes_the_values_an_import_replaced_in_the_record(vault, owner) -> None:
    """An import that updated a customer keeps the old and new values for its undo
    (import_changes): personal data of the customer that must go with them."""
    cid = _subject(vault, owner)
    conn = vault.connection()
    conn.execute(
        "INSERT INTO imports (id, at, user, file_name, file_sha256, file_size, format, source, on_duplicate,"
        " mapping, counts) VALUES (1, '2026-01-01T00:00:00+00:00', 'Owner', 'old.csv', 'x', 1, 'csv', 'fair',"
        " 'overwrite', '{}', '{}')"
    )
    conn.execute(
        "INSERT INTO import_changes (import_id, customer_id, field, old_value, new_value)"
        " VALUES (1, ?, 'email', ?, ?)",
        (cid, "old." + EMAIL, EMAIL),
    )
    erasure.erase(vault, owner, cid)
    assert conn.execute("SELECT count(*) FROM import_changes").fetchone()[0] == 0
    assert pagescan.find(vault.folder / "vault.db", _key(vault), [EMAIL, "old." + EMAIL]) == []


def test_the_audit_log_keeps_a_tombstone_with_a_salted_hash_and_never_the_name(vault, owner) -> None:
    cid = _subject(vault, owner)
    customers.reveal(vault, owner, cid, "id_number", reason="checking an invoice")
    entry = erasure.erase(vault, owner, cid)
    rows = vault.connection().execute("SELECT action, object, details FROM audit").fetchall()
    for action, obj, details in rows:
        for needle in _needles():
            assert needle not in details and needle not in obj, (action, needle)
    (tombstone,) = [json.loads(d) for a, o, d in rows if a == "customer.erase" and o == f"customer:{cid}"]
    assert tombstone["reason"] == "owner"
    assert len(tombstone["subject_sha256"]) == 64
    assert set(entry.hashes) == {"name", "phone", "email", "id_number"}
    salt = bytes.fromhex(
        vault.connection().execute("SELECT value FROM meta WHERE key = 'erasure_salt'").fetchone()[0]
    )
    assert entry.hashes["phone"] == erasure.identifier_hash(salt, "phone", PHONE)
    assert erasure.matches_erased(vault, {"name": NAME.join("  "), "email": EMAIL}) == ["name", "email"]
    assert erasure.matches_erased(vault, {"name": "someone else"}) == []


def test_customer_ids_are_never_reused_after_the_highest_is_erased(vault, owner) -> None:
    ids = [customers.create(vault, owner, {"name": f"n{i}"}).id for i in range(3)]
    erasure.erase(vault, owner, ids[-1])
    assert customers.create(vault, owner, {"name": "new"}).id == ids[-1] + 1
    erasure.erase(vault, owner, ids[-1] + 1)
    assert customers.create_many(vault, owner, [{"name": "a"}, {"name": "b"}]) == [ids[-1] + 2, ids[-1] + 3]


def test_erasing_a_customer_also_erases_the_duplicates_merged_into_them(vault, owner) -> None:
    keep = customers.create(vault, owner, {"name": NAME, "phone": PHONE})
    other = customers.create(
        vault,
        owner,
        {"name": NAME, "email": EMAIL},
    )
    duplicates.merge(vault, owner, keep.id, other.id, [])
    entry = erasure.erase(vault, owner, keep.id)
    assert entry.merged_ids == (other.id,)
    conn = vault.connection()
    assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 0
    assert {keep.id, other.id} <= erasure.erased_ids(vault)
    with pytest.raises(NotFoundError):
        customers.get(vault, owner, other.id)


def test_a_soft_deleted_customer_can_be_erased_and_leaves_nothing(vault, owner) -> None:
    cid = _subject(vault, owner)
    customers.delete(vault, owner, cid)
    erasure.erase(vault, owner, cid)
    assert vault.connection().execute("SELECT count(*) FROM customers").fetchone()[0] == 0
    assert pagescan.find(vault.folder / "vault.db", _key(vault), _needles()) == []


def test_a_legal_hold_keeps_only_its_fields_until_its_day_with_the_reason(vault, owner) -> None:
    cid = _subject(vault, owner)
    until = date.today() + timedelta(days=365 * 5)
    hold = holds.place(
        vault, owner, cid, ["name", "id_number"], reason="发票记录须保存五年（税收征管法）", until=until
    )
    entry = erasure.erase(vault, owner, cid)
    assert entry.held_fields == ("id_number", "name")
    assert entry.held_until == until.isoformat()
    assert "税收征管法" in entry.held_reason
    kept = holds.held_values(vault, owner, hold.id, reason="tax inspection")
    assert kept == {"id_number": ID_NUMBER, "name": NAME}
    db = vault.folder / "vault.db"
    found = {needle for _w, needle in pagescan.find(db, _key(vault), _needles())}
    assert found == {NAME}  # the ID number is kept encrypted under the sensitive key; nothing else
    # Once the day has passed, retention's expiry deletes the held values too.
    assert holds.expire(vault, owner, on=until + timedelta(days=1)) == 2
    erasure.scrub(vault)
    assert pagescan.find(db, _key(vault), _needles()) == []


def test_a_hold_needs_a_reason_known_fields_and_a_future_day(vault, owner) -> None:
    cid = customers.create(vault, owner, {"name": "x"}).id
    with pytest.raises(ValidationError) as caught:
        holds.place(vault, owner, cid, ["nope"], reason=" ", until="2001-01-01")
    assert set(caught.value.errors) == {"reason", "fields", "until"}


def _copy_vault(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst)


def test_reapplying_the_ledger_erases_again_a_customer_brought_back_by_an_older_copy(
    vault, owner, tmp_path
) -> None:
    folder = vault.folder
    cid = _subject(vault, owner)
    other = customers.create(vault, owner, {"name": "stays"}).id
    vault.lock()
    _copy_vault(folder, tmp_path / "backup")  # a backup made while the customer existed
    current = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    erasure.erase(current, current.actor, cid)
    carried = erasure.read_ledger(current)
    current.lock()
    # The restore: the old copy replaces the vault, then the hook replays the carried ledger.
    shutil.rmtree(folder)
    _copy_vault(tmp_path / "backup", folder)
    restored = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        actor = restored.actor
        assert customers.get(restored, actor, cid).name == NAME  # back, until the hook runs
        result = erasure.reapply_erasures(restored, actor, carried)
        assert result.entries_added == 1 and result.reerased == (cid,)
        with pytest.raises(NotFoundError):
            customers.get(restored, actor, cid)
        assert customers.get(restored, actor, other).name == "stays"
        assert pagescan.find(folder / "vault.db", _key(restored), _needles()) == []
        # Ids stay unique past the erased one, and a second replay changes nothing.
        assert customers.create(restored, actor, {"name": "later"}).id > max(cid, other)
        assert erasure.reapply_erasures(restored, actor, carried) == erasure.ReapplyResult(0, ())
        actions = [r[0] for r in restored.connection().execute("SELECT action FROM audit")]
        assert "customer.erase_reapplied" in actions and "erasure.reapplied" in actions
    finally:
        restored.lock()


def test_an_older_vault_db_put_back_is_erased_again_at_the_next_sign_in(vault, owner, tmp_path) -> None:
    """What a restore does: vault.db (and its WAL) replaced by an older copy, the rest of the
    folder (the ledger's mirror file) left in place. No hook is needed for the erasure to hold."""
    folder = vault.folder
    cid = _subject(vault, owner)
    vault.lock()
    shutil.copy2(folder / "vault.db", tmp_path / "old.db")
    current = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    erasure.erase(current, current.actor, cid)
    current.lock()
    assert (folder / erasure.LEDGER_FILE).exists()
    assert NAME not in (folder / erasure.LEDGER_FILE).read_text("utf-8")
    for name in ("vault.db-wal", "vault.db-shm"):
        (folder / name).unlink(missing_ok=True)
    shutil.copy2(tmp_path / "old.db", folder / "vault.db")
    restored = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    try:
        with pytest.raises(NotFoundError):
            customers.get(restored, restored.actor, cid)
        (entry,) = erasure.ledger_entries(restored, restored.actor)
        assert entry.customer_id == cid and entry.hashes["name"]  # hashed from the restored row
        assert pagescan.find(folder / "vault.db", _key(restored), _needles()) == []
        actions = [r[0] for r in restored.connection().execute("SELECT action FROM audit")]
        assert "erasure.reapplied" in actions
    finally:
        restored.lock()


def test_a_damaged_ledger_file_stops_the_sign_in_with_a_clear_message(vault, owner) -> None:
    folder = vault.folder
    erasure.erase(vault, owner, customers.create(vault, owner, {"name": "a"}).id)
    vault.lock()
    (folder / erasure.LEDGER_FILE).write_text("{not json")
    with pytest.raises(KnownError, match=r"erasures\.json"):
        Vault.unlock(folder, OWNER, OWNER_PASSWORD)


def test_a_ledger_from_another_vault_is_refused_when_both_have_entries(vault, owner, tmp_path) -> None:
    erasure.erase(vault, owner, customers.create(vault, owner, {"name": "a"}).id)
    entry = dataclasses.replace(erasure.read_ledger(vault).entries[0], uid="f" * 32)
    foreign = erasure.Ledger("00" * 16, (entry,))
    with pytest.raises(KnownError, match="another vault"):
        erasure.reapply_erasures(vault, owner, foreign)


@pytest.mark.parametrize("role", ["sales", "service", "field", "auditor"])
def test_weaker_roles_cannot_erase_place_holds_or_set_the_grace_period(vault, owner, role) -> None:
    cid = customers.create(vault, owner, {"name": NAME}).id
    users.add(vault, owner, "weak", "weak-pass-123", role)
    weak = users.get_user(vault, "weak")
    actor = type(owner)(weak.name, weak.role)
    with pytest.raises(PermissionDeniedError):
        erasure.erase(vault, actor, cid)
    with pytest.raises(PermissionDeniedError):
        erasure.erase_many(vault, actor, [cid])
    with pytest.raises(PermissionDeniedError):
        holds.place(vault, actor, cid, ["name"], reason="r", until=date.today() + timedelta(days=9))
    with pytest.raises(PermissionDeniedError):
        erasure.set_grace_days(vault, actor, 1)
    assert customers.get(vault, owner, cid).name == NAME


def test_a_manager_may_erase_and_the_grace_period_is_set_and_audited(vault, owner) -> None:
    users.add(vault, owner, "mona", "mona-pass-123", "manager")
    manager = type(owner)("mona", "manager")
    cid = customers.create(vault, owner, {"name": NAME}).id
    erasure.erase(vault, manager, cid)
    assert erasure.grace_days(vault) == 30
    erasure.set_grace_days(vault, owner, 7)
    assert erasure.grace_days(vault) == 7
    with pytest.raises(ValidationError):
        erasure.set_grace_days(vault, owner, -1)


def _automerge(vault, table: str) -> int:
    """The FTS5 'automerge' setting in force (FTS5's default when none was ever written)."""
    row = vault.connection().execute(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
    return 4 if row is None else int(row[0])


def _segments(vault, table: str) -> int:
    return vault.connection().execute(f"SELECT count(DISTINCT segid) FROM {table}_idx").fetchone()[0]


def test_a_bulk_erasure_leaves_no_page_holding_any_erased_customers_identifiers(vault, owner) -> None:
    """At a size where the bulk path runs (a larger page cache, the search indexes merged inside
    the erasing transaction) and the indexes have several segments: 1,000 of 3,000 erased at
    once, a sample of their identifiers looked for on every decrypted page and WAL frame."""
    rows = [
        {
            "name": f"{'赵钱孙李周吴郑王'[i % 8]}{chr(0x4E00 + 2 * i)}{chr(0x4E01 + 2 * i)}",
            "phone": f"139{i:08d}",
            "email": f"person{i:05d}.q@example.org",
            "company": f"{chr(0x5000 + i)}{chr(0x6000 + i)}{chr(0x7000 + i)}贸易",
        }
        for i in range(3000)
    ]
    # Several transactions, so that each search index holds several segments to merge.
    ids = [
        cid
        for start in range(0, 3000, 500)
        for cid in customers.create_many(vault, owner, rows[start : start + 500], audit_each=False)
    ]
    assert _segments(vault, "search_trigram") > 1
    erased = ids[::3]
    db = vault.folder / "vault.db"
    sample = [rows[ids.index(cid)] for cid in erased[::20]]
    needles = [r[k] for r in sample for k in ("name", "phone", "email")]
    kept = [rows[ids.index(cid)]["email"] for cid in ids[1::3][::50]]
    assert {n for _w, n in pagescan.find(db, _key(vault), needles)} == set(needles)
    erasure.erase_many(vault, owner, erased)
    assert pagescan.find(db, _key(vault), needles) == []
    assert {n for _w, n in pagescan.find(db, _key(vault), kept)} == set(kept)
    assert customers.count(vault, owner) == 2000
    for row in sample[:5]:
        assert customers.search(vault, owner, row["name"]).ids == []
        assert customers.search(vault, owner, row["email"]).ids == []
    assert customers.search(vault, owner, kept[0]).ids != []


def test_an_erasure_merges_each_search_index_once_and_turns_automatic_merging_back_on(vault, owner) -> None:
    _filler(vault, owner, 50)
    cid = _subject(vault, owner)
    erasure.erase(vault, owner, cid)
    conn = vault.connection()
    for table in ("search_trigram", "search_short", "search_pinyin"):
        assert _segments(vault, table) == 1, table
        assert _automerge(vault, table) == 4, table
    assert conn.execute("SELECT value FROM meta WHERE key = 'scrub_pending'").fetchone()[0] == "0"


def test_a_deferred_erasure_holds_merging_until_the_scrub_merges_everything(vault, owner) -> None:
    """A retention run erases in chunks and scrubs once: until then the indexes keep their
    segments (no merge per chunk) and the scrub both merges them and turns merging back on."""
    _filler(vault, owner, 50)
    cid = _subject(vault, owner)
    other = customers.create(vault, owner, {"name": "上官婉儿", "phone": "13911112222"}).id
    erasure.erase_many(vault, owner, [cid], scrub_now=False)
    conn = vault.connection()
    assert conn.execute("SELECT value FROM meta WHERE key = 'scrub_pending'").fetchone()[0] == "1"
    assert _automerge(vault, "search_trigram") == 0
    erasure.erase_many(vault, owner, [other], scrub_now=False)
    assert customers.search(vault, owner, "上官").ids == []
    db = vault.folder / "vault.db"
    assert pagescan.find(db, _key(vault), [NAME]) != []  # not scrubbed yet: the tokens are still there
    assert erasure.scrub(vault) is True
    for table in ("search_trigram", "search_short", "search_pinyin"):
        assert _segments(vault, table) == 1, table
        assert _automerge(vault, table) == 4, table
    assert pagescan.find(db, _key(vault), [NAME, "上官婉儿", "13911112222"]) == []
