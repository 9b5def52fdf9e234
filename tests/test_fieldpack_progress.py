"""Preparing a pack reports its progress and can be cancelled (the desktop's progress bar and
Cancel): a cancelled prepare leaves no pack file, no record and no audit entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import fieldpack
from tests.fieldpack_helpers import FIELD_USER, make_office


@pytest.fixture
def office(tmp_path: Path):
    office = make_office(tmp_path, count=30)
    yield office
    office.vault.lock()


def test_preparing_reports_progress_up_to_every_customer(office, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fieldpack, "PROGRESS_EVERY", 4)
    seen: list[tuple[int, int]] = []
    info = fieldpack.prepare(
        office.vault,
        office.owner,
        FIELD_USER,
        tmp_path / "li.custospack",
        ids=office.north + office.south,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert info.customers == 30
    assert seen[0] == (0, 30) and seen[-1] == (30, 30)
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert len(seen) >= 30 // 4


def test_a_cancelled_prepare_leaves_no_file_no_record_and_no_audit_entry(
    office, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(fieldpack, "PROGRESS_EVERY", 4)
    out = tmp_path / "packs" / "li.custospack"
    out.parent.mkdir()
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2  # the person pressed Cancel while customers were being copied

    before = office.vault.audit().entries(1)[0].seq
    with pytest.raises(fieldpack.PrepareCancelled):
        fieldpack.prepare(
            office.vault, office.owner, FIELD_USER, out, ids=office.north + office.south, cancelled=cancelled
        )
    assert list(out.parent.iterdir()) == []  # neither the pack nor a part-written file
    assert fieldpack.outstanding(office.vault, office.owner, all_packs=True) == []
    assert [
        e for e in office.vault.audit().entries(10) if e.seq > before and e.action == "field.prepare"
    ] == []
    # Nothing is left half-done: the next prepare to the same name works.
    info = fieldpack.prepare(office.vault, office.owner, FIELD_USER, out, ids=office.north)
    assert info.customers == len(office.north) and out.exists()
