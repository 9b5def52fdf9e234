"""End to end: a pack prepared with the CLI, worked on offline IN ANOTHER PROCESS (``custos --vault
PACK …``, field mode), merged back while the office changed the same customers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli, consent, customers, erasure, fieldpack
from app.vault import Vault
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.consent_helpers import signature_png
from tests.fieldpack_helpers import FIELD_PASSWORD, FIELD_USER, make_office

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def laptop(pack: Path, *argv: str, password: str = FIELD_PASSWORD) -> subprocess.CompletedProcess:
    """One command on the field laptop: a separate process with only the pack file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CUSTOS_")}
    env.update(CUSTOS_PASSWORD=password, PYTHONPATH=str(ROOT), LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    return subprocess.run(
        [sys.executable, "-m", "ui.launch", "--vault", str(pack), *argv],  # what `custos --vault F …` runs
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def office_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    office = make_office(tmp_path, count=12)
    office.vault.lock()
    monkeypatch.setenv("CUSTOS_PASSWORD", OWNER_PASSWORD)
    monkeypatch.setenv("CUSTOS_USER", OWNER)
    monkeypatch.setenv("CUSTOS_VAULT", str(office.folder))
    return office


def test_a_pack_worked_on_in_another_process_merges_back_with_exact_outcomes(office_cli, tmp_path, capsys):
    office = office_cli
    pack = tmp_path / "li.custospack"
    code, out, err = run(
        capsys, "field", "prepare", "--user", FIELD_USER, "--tag", "north", "--out", str(pack)
    )
    assert code == 0, err
    assert "6 customer(s)" in out
    only_field, only_office, both, erased, deleted, same = office.north  # six north customers
    signature = tmp_path / "sig.png"
    signature.write_bytes(signature_png())

    # ---- on the laptop, offline: separate processes with the pack file only
    found = json.loads(ok(laptop(pack, "customers", "search", "13900000000", "--json")))
    assert [c["id"] for c in found] == [only_field] and "notes" not in found[0]
    result = laptop(pack, "customers", "update", str(only_field), "--phone", "13811110001")
    assert "field mode: pack of li" in result.stderr
    ok(result)
    ok(laptop(pack, "customers", "update", str(both), "--phone", "13811110003"))
    ok(laptop(pack, "customers", "update", str(erased), "--phone", "13811110004"))
    ok(laptop(pack, "customers", "update", str(deleted), "--name", "改过的名字"))
    ok(laptop(pack, "customers", "update", str(same), "--set", "address=广东省深圳市福田区新地址1号"))
    new = json.loads(
        ok(laptop(pack, "customers", "add", "--name", "新客户甲", "--phone", "13655550001", "--json"))
    )
    twin = json.loads(
        ok(laptop(pack, "customers", "add", "--name", "像客户乙", "--phone", "13900000001", "--json"))
    )  # same phone as a south customer the pack does not carry: the field cannot know
    ok(
        laptop(
            pack, "consent", "record", str(new["id"]), "--text", "marketing", "--give", "marketing",
            "--channel", "signature", "--signature", str(signature),
        )
    )  # fmt: skip
    ok(
        laptop(
            pack, "consent", "record", str(only_field), "--text", "marketing", "--give", "service",
            "--channel", "signature", "--signature", str(signature),
        )
    )  # fmt: skip
    refused = laptop(pack, "customers", "update", str(only_field), "--set", "notes=x")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    wrong = laptop(pack, "customers", "list", password="not-the-password")
    assert wrong.returncode == 1 and "Wrong password" in wrong.stderr and len(wrong.stderr.splitlines()) == 1
    not_here = laptop(pack, "backup", "make")
    assert not_here.returncode == 1

    # ---- meanwhile in the office
    vault = Vault.unlock(office.folder, OWNER, OWNER_PASSWORD)
    owner = vault.actor
    customers.update(vault, owner, only_office, {"phone": "13722220002"})
    customers.update(vault, owner, both, {"phone": "13722220003"})
    customers.update(vault, owner, same, {"address": "广东省深圳市福田区新地址1号"})  # the same change
    erasure.erase(vault, owner, erased)
    customers.delete(vault, owner, deleted)
    vault.lock()

    # ---- back in the office: dry run, then the merge
    code, out, err = run(capsys, "field", "merge", str(pack), "--dry-run", "--json")
    assert code == 0, err
    dry = json.loads(out)
    assert dry["dry_run"] and dry["created"] == {}
    code, out, err = run(capsys, "field", "merge", str(pack), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["applied"] == {str(only_field): ["phone"]} == dry["applied"]
    assert report["conflicts"] == [
        {"customer_id": both, "field": "phone", "base": "13900000004", "office": "13722220003",
         "field_value": "13811110003"}
    ]  # fmt: skip
    assert report["erased_discarded"] == [erased] and report["deleted_discarded"] == [deleted]
    assert list(report["created"]) == [str(new["id"])]
    assert report["duplicates_queued"] == {str(twin["id"]): [office.south[0]]}
    assert report["consents_added"] == 2 and report["consents_discarded"] == 0
    assert report["audit_entries_added"] > 5

    vault = Vault.unlock(office.folder, OWNER, OWNER_PASSWORD)
    try:
        owner = vault.actor
        phone = lambda cid: customers.get(vault, owner, cid).get("phone")  # noqa: E731
        assert phone(only_field) == "13811110001"
        assert phone(only_office) == "13722220002"
        assert phone(both) == "13722220003"  # the office value stays until someone decides
        assert customers.get(vault, owner, same).get("address") == "广东省深圳市福田区新地址1号"
        assert customers.search(vault, owner, "13811110004").ids == []  # the erased one stays erased
        created = report["created"][str(new["id"])]
        assert customers.get(vault, owner, created).get("name") == "新客户甲"
        assert [r.purpose for r in consent.history(vault, owner, created)] == ["marketing"]
        assert [r.purpose for r in consent.history(vault, owner, only_field)] == ["service"]
        assert consent.history(vault, owner, created)[0].evidence is not None
        assert customers.get(vault, owner, created).created_by == FIELD_USER
    finally:
        vault.lock()

    code, out, _err = run(capsys, "field", "conflicts")
    assert code == 0 and "13811110003" in out and "13722220003" in out and "像客户乙" in out
    code, out, _err = run(capsys, "field", "conflicts", "--json")
    queue = {item["kind"]: item for item in json.loads(out)}
    code, _out, err = run(capsys, "field", "resolve", str(queue["edit"]["id"]), "--take", "field")
    assert code == 0, err
    code, _out, err = run(capsys, "field", "resolve", str(queue["new"]["id"]), "--take", "office")
    assert code == 0, err
    code, out, _err = run(capsys, "field", "conflicts")
    assert "empty" in out

    # ---- merging again changes nothing; the pack is no longer out
    code, out, _err = run(capsys, "field", "merge", str(pack))
    assert code == 0 and "already merged" in out
    code, out, _err = run(capsys, "field", "list")
    assert "No field packs are out" in out
    code, out, _err = run(capsys, "field", "list", "--all", "--json")
    assert [p["status"] for p in json.loads(out)] == ["merged"]
    vault = Vault.unlock(office.folder, OWNER, OWNER_PASSWORD)
    try:
        assert customers.get(vault, vault.actor, both).get("phone") == "13811110003"
        assert vault.verify_audit(vault.actor).ok
    finally:
        vault.lock()


def test_cli_lost_and_refusals_are_one_line(office_cli, tmp_path, capsys):
    pack = tmp_path / "li.custospack"
    code, _out, err = run(
        capsys, "field", "prepare", "--user", FIELD_USER, "--ids", "1,3", "--days", "3", "--out", str(pack)
    )
    assert code == 0, err
    code, out, _err = run(capsys, "field", "info", str(pack), "--json")
    assert json.loads(out)["user"] == FIELD_USER
    code, out, _err = run(capsys, "field", "list", "--json")
    assert [p["customers"] for p in json.loads(out)] == [2]
    code, _out, err = run(
        capsys, "field", "prepare", "--user", FIELD_USER, "--tag", "north", "--ids", "1", "--out", "x"
    )
    assert code == 1 and len(err.splitlines()) == 1
    code, _out, err = run(
        capsys, "field", "prepare", "--user", "nobody", "--tag", "north", "--out", str(tmp_path / "n")
    )
    assert code == 1 and "nobody" in err and len(err.splitlines()) == 1
    code, out, err = run(capsys, "field", "lost", str(pack))
    assert code == 0, err
    assert "incident 1" in out
    code, _out, err = run(capsys, "incidents", "show", "1", "--json")
    assert json.loads(_out)["customers"] == 2
    garbage = tmp_path / "garbage.custospack"
    garbage.write_bytes(fieldpack.MAGIC + b"\x00\x00\x00\x05{nope")
    code, _out, err = run(capsys, "field", "merge", str(garbage))
    assert code == 1 and "damaged or was changed" in err and "Traceback" not in err


def test_custos_vault_followed_by_a_command_runs_the_command_and_alone_opens_the_app():
    from ui.launch import opens_app

    assert not opens_app(["--vault", "li.custospack", "customers", "search", "王"])
    assert not opens_app(["--vault=li.custospack", "consent", "record", "5"])
    assert opens_app(["--vault", "li.custospack"]) and opens_app([]) and opens_app(["--demo"])


def test_a_pack_refuses_commands_that_are_not_field_work(office_cli, tmp_path, capsys):
    pack = tmp_path / "li.custospack"
    assert run(capsys, "field", "prepare", "--user", FIELD_USER, "--tag", "north", "--out", str(pack))[0] == 0
    for command in (
        ["users", "list"],
        ["export", "--format", "csv", "--purpose", "sales", "--out", str(tmp_path / "x.csv")],
        ["field", "list"],
    ):
        code, _out, err = run(capsys, "--vault", str(pack), *command)
        assert code == 1 and len(err.splitlines()) == 1 and "is a field pack" in err, err
