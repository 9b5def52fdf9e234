"""The ``custos`` command line, run in-process (and once as a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli

PASSWORD = "cli-pass-123"


@pytest.fixture
def vault_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    monkeypatch.delenv("CUSTOS_VAULT", raising=False)
    assert cli.main(["init", "--vault", str(folder), "--owner", "老板", "--business", "王记五金"]) == 0
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_prints_recovery_code_once_and_refuses_existing_vault(vault_path: Path, capsys) -> None:
    code, _out, err = run(capsys, "init", "--vault", str(vault_path))
    assert code == 1
    assert "already holds a vault" in err
    assert "Traceback" not in err


def test_add_list_search_show_update_delete_round_trip(vault_path: Path, capsys) -> None:
    v = str(vault_path)
    code, out, _ = run(
        capsys,
        "customers",
        "add",
        "--vault",
        v,
        "--name",
        "王芳",
        "--phone",
        "138 1234 5678",
        "--email",
        "Wang.Fang@Example.cn",
        "--set",
        "tags=vip，新客",
        "--json",
    )
    assert code == 0
    added = json.loads(out)
    assert added["phone"] == "13812345678"
    assert added["tags"] == "vip,新客"
    run(capsys, "customers", "add", "--vault", v, "--name", "John Smith", "--phone", "+44 20 7946 0958")

    code, out, _ = run(capsys, "customers", "search", "--vault", v, "王芳", "--json")
    assert [c["name"] for c in json.loads(out)] == ["王芳"]
    code, out, _ = run(capsys, "customers", "search", "--vault", v, "5678", "--json")
    assert [c["name"] for c in json.loads(out)] == ["王芳"]

    code, out, _ = run(capsys, "customers", "list", "--vault", v, "--json")
    assert {c["name"] for c in json.loads(out)} == {"王芳", "John Smith"}

    code, out, _ = run(capsys, "customers", "update", "--vault", v, str(added["id"]), "--set", "company=王记")
    assert code == 0
    code, out, _ = run(capsys, "customers", "show", "--vault", v, str(added["id"]), "--json")
    assert json.loads(out)["company"] == "王记"

    code, out, _ = run(capsys, "customers", "delete", "--vault", v, str(added["id"]))
    assert code == 0 and "王芳" in out
    code, _, err = run(capsys, "customers", "show", "--vault", v, str(added["id"]))
    assert code == 1 and "does not exist" in err


def test_custom_field_set_through_cli(vault_path: Path, capsys) -> None:
    v = str(vault_path)
    code, _, err = run(
        capsys,
        "fields",
        "add",
        "--vault",
        v,
        "level",
        "--type",
        "choice",
        "--label-zh",
        "等级",
        "--label-en",
        "Level",
        "--choice",
        "gold",
        "--choice",
        "silver",
    )
    assert code == 0, err
    code, out, _ = run(
        capsys, "customers", "add", "--vault", v, "--name", "李雷", "--set", "level=gold", "--json"
    )
    assert json.loads(out)["level"] == "gold"
    code, _, err = run(capsys, "customers", "add", "--vault", v, "--name", "韩梅梅", "--set", "level=bronze")
    assert code == 1 and "level: must be one of" in err
    code, out, _ = run(capsys, "fields", "list", "--vault", v, "--json")
    keys = {f["key"]: f for f in json.loads(out)}
    assert keys["id_number"]["sensitivity"] == "sensitive"
    assert keys["level"]["label_zh"] == "等级"


def test_bad_input_is_one_line_message_and_nonzero_exit(vault_path: Path, capsys, monkeypatch) -> None:
    v = str(vault_path)
    code, _, err = run(capsys, "customers", "add", "--vault", v, "--name", "x", "--phone", "12345")
    assert code == 1 and err.count("\n") == 1 and "phone" in err
    code, _, err = run(capsys, "customers", "add", "--vault", v, "--name", "x", "--set", "oops")
    assert code == 1 and "FIELD=VALUE" in err
    code, _, err = run(capsys, "customers", "list", "--vault", str(vault_path.parent / "nowhere"))
    assert code == 1 and "no vault" in err
    monkeypatch.setenv("CUSTOS_PASSWORD", "wrong-password")
    code, _, err = run(capsys, "customers", "list", "--vault", v)
    assert code == 1 and "Wrong password" in err


def test_vault_from_environment_and_user_from_environment(vault_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CUSTOS_VAULT", str(vault_path))
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "sales-pass-1")
    assert run(capsys, "users", "add", "小李", "--role", "sales")[0] == 0
    monkeypatch.setenv("CUSTOS_USER", "小李")
    monkeypatch.setenv("CUSTOS_PASSWORD", "sales-pass-1")
    code, out, _ = run(capsys, "users", "list", "--json")
    assert code == 0
    assert {u["name"]: u["role"] for u in json.loads(out)} == {"老板": "owner", "小李": "sales"}


def test_users_remove_then_rekey_and_audit_verify(vault_path: Path, capsys, monkeypatch) -> None:
    v = str(vault_path)
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "temp-pass-12")
    assert run(capsys, "users", "add", "--vault", v, "temp")[0] == 0
    assert run(capsys, "users", "remove", "--vault", v, "temp")[0] == 0
    code, out, _ = run(capsys, "rekey", "--vault", v)
    assert code == 0 and "rotated" in out
    code, out, _ = run(capsys, "audit", "verify", "--vault", v)
    assert code == 0 and "intact" in out


def test_recover_resets_password_with_recovery_code(tmp_path: Path, capsys, monkeypatch) -> None:
    folder = tmp_path / "v"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    _code, out, _ = run(capsys, "init", "--vault", str(folder))
    recovery = out.split("): ")[-1].strip()
    monkeypatch.setenv("CUSTOS_RECOVERY_CODE", recovery.lower())
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "brand-new-pass")
    assert run(capsys, "recover", "--vault", str(folder), "--user", "owner")[0] == 0
    monkeypatch.setenv("CUSTOS_PASSWORD", "brand-new-pass")
    assert run(capsys, "customers", "list", "--vault", str(folder))[0] == 0


def test_demo_fills_up_to_count_and_is_repeatable(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("CUSTOS_PASSWORD", raising=False)
    folder = str(tmp_path / "demo")
    assert run(capsys, "demo", "--vault", folder, "--customers", "120")[0] == 0
    assert run(capsys, "demo", "--vault", folder, "--customers", "120")[0] == 0
    monkeypatch.setenv("CUSTOS_PASSWORD", "custos-demo")
    _code, out, _ = run(capsys, "customers", "list", "--vault", folder, "--limit", "1000", "--json")
    assert len(json.loads(out)) == 120


def test_real_process_reports_bad_vault_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "CUSTOS_PASSWORD": "whatever-pass"}
    (tmp_path / "notes.txt").write_text("not a vault")
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "customers", "list", "--vault", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert "is not a Custos vault" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_intact_then_names_damage(vault_path: Path, capsys) -> None:
    v = str(vault_path)
    run(capsys, "customers", "add", "--vault", v, "--name", "王芳")
    code, out, _ = run(capsys, "check", "--vault", v)
    assert code == 0 and "pages intact" in out and "Audit log intact" in out
    db = vault_path / "vault.db"
    data = bytearray(db.read_bytes())
    data[-100] ^= 0xFF  # one byte in the last page, beyond what sign-in reads
    db.write_bytes(bytes(data))
    code, _, err = run(capsys, "check", "--vault", v)
    assert code == 1 and "damaged" in err and "Traceback" not in err


def test_new_recovery_code_replaces_the_old_one_and_writes_a_kit(tmp_path: Path, capsys, monkeypatch) -> None:
    folder = tmp_path / "v"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    _code, out, _ = run(capsys, "init", "--vault", str(folder))
    old = out.split("): ")[-1].strip()
    kit = tmp_path / "kit.pdf"
    code, out, _ = run(capsys, "new-recovery-code", "--vault", str(folder), "--kit", str(kit))
    new = out.splitlines()[0].split("): ")[-1].strip()
    assert code == 0 and new != old and kit.stat().st_size > 0
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "brand-new-pass")
    monkeypatch.setenv("CUSTOS_RECOVERY_CODE", old)
    code, _, err = run(capsys, "recover", "--vault", str(folder), "--user", "owner")
    assert code == 1 and "recovery code is not right" in err
    monkeypatch.setenv("CUSTOS_RECOVERY_CODE", new)
    assert run(capsys, "recover", "--vault", str(folder), "--user", "owner")[0] == 0
