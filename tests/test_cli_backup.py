"""``custos backup create|verify|list|prune|drill`` and ``custos restore``, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import cli
from tests.backup_helpers import flip

PASSWORD = "cli-pass-123"


@pytest.fixture
def vault_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    folder = tmp_path / "vault"
    for name in ("CUSTOS_USER", "CUSTOS_VAULT", "CUSTOS_BACKUP_USER", "CUSTOS_BACKUP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    assert cli.main(["init", "--vault", str(folder), "--owner", "老板"]) == 0
    assert cli.main(["customers", "add", "--vault", str(folder), "--name", "王芳"]) == 0
    capsys.readouterr()
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_create_list_verify_and_drill_as_json(vault_path: Path, tmp_path: Path, capsys) -> None:
    v = str(vault_path)
    code, out, err = run(capsys, "backup", "create", "--vault", v, "--json")
    assert code == 0, err
    made = json.loads(out)
    assert made["ok"] and made["manifest"]["counts"]["customers"] == 1 and made["same_disk"] is True
    assert "same disk" in err  # the default folder beside the vault is flagged
    code, out, _ = run(capsys, "backup", "list", "--vault", v, "--json")
    assert [Path(b["file"]).name for b in json.loads(out)] == [Path(made["file"]).name]
    code, out, _ = run(capsys, "backup", "verify", made["file"], "--json")  # signs in to the backup itself
    assert code == 0 and json.loads(out)["opened_with"].startswith("the password 老板 had")
    code, out, _ = run(capsys, "backup", "drill", "--vault", v, "--json")
    assert code == 0 and json.loads(out)["found"]["customers"] == 1


def test_restore_into_and_replace(vault_path: Path, tmp_path: Path, capsys) -> None:
    v = str(vault_path)
    code, out, _ = run(capsys, "backup", "create", "--vault", v, "--dir", str(tmp_path), "--json")
    path = json.loads(out)["file"]
    run(capsys, "customers", "add", "--vault", v, "--name", "李娜")
    code, out, err = run(capsys, "restore", path, "--into", str(tmp_path / "copy"))
    assert code == 0, err
    assert "Customers: 1; users: 1." in out and str(tmp_path / "copy") in out
    code, out, err = run(capsys, "restore", path, "--vault", v, "--replace", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["counts"]["customers"] == 1 and Path(result["replaced_vault_kept_at"]).is_dir()
    code, out, _ = run(capsys, "customers", "list", "--vault", v, "--json")
    assert [c["name"] for c in json.loads(out)] == ["王芳"]


def test_a_damaged_backup_is_one_line_on_stderr_and_exit_1(vault_path: Path, tmp_path: Path, capsys) -> None:
    code, out, _ = run(
        capsys, "backup", "create", "--vault", str(vault_path), "--dir", str(tmp_path), "--json"
    )
    path = Path(json.loads(out)["file"])
    flip(path, 4096 * 2 + 5)
    code, out, err = run(capsys, "backup", "verify", "--vault", str(vault_path), str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("custos: ") and "damaged" in err


def test_restore_needs_a_destination_and_a_right_password(
    vault_path: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    code, out, _ = run(
        capsys, "backup", "create", "--vault", str(vault_path), "--dir", str(tmp_path), "--json"
    )
    path = json.loads(out)["file"]
    code, _out, err = run(capsys, "restore", path)
    assert code == 1 and err.count("\n") == 1
    monkeypatch.setenv("CUSTOS_BACKUP_PASSWORD", "wrong-pass-000")
    code, _out, err = run(capsys, "restore", path, "--into", str(tmp_path / "r"))
    assert code == 1 and "Wrong password for 老板 in the backup" in err and err.count("\n") == 1
    assert not (tmp_path / "r").exists()


def test_prune_previews_then_deletes_by_the_rotation(vault_path: Path, tmp_path: Path, capsys) -> None:
    v, folder = str(vault_path), tmp_path / "usb"
    folder.mkdir()
    made = []
    for _ in range(3):
        code, out, _err = run(capsys, "backup", "create", "--vault", v, "--dir", str(folder), "--json")
        made.append(Path(json.loads(out)["file"]).name)
    from app import backup_schedule
    from app.vault import Vault

    vault = Vault.unlock(vault_path, "老板", PASSWORD)
    try:
        backup_schedule.save_settings(
            vault,
            vault.actor,
            backup_schedule.Settings(keep_last=1, keep_daily=0, keep_weekly=0, keep_monthly=0),
        )
    finally:
        vault.lock()
    code, out, _ = run(capsys, "backup", "prune", "--vault", v, "--dir", str(folder), "--dry-run", "--json")
    preview = json.loads(out)
    assert code == 0 and preview["dry_run"] and len(preview["remove"]) == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(made)  # a dry run deletes nothing
    code, out, _ = run(capsys, "backup", "list", "--vault", v, "--dir", str(folder), "--json")
    assert [b["pruned_next"] for b in json.loads(out)] == [False, True, True]
    code, out, _ = run(capsys, "backup", "prune", "--vault", v, "--dir", str(folder))
    assert code == 0 and out.count("deleted ") == 2
    assert len(list(folder.iterdir())) == 1
