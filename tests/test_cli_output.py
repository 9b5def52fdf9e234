"""What the command line prints: one line per error, exit 1, rows no value can break or forge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli, console, customers
from app.errors import NotFoundError
from app.vault import Vault

PASSWORD = "cli-pass-123"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def vault_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    monkeypatch.delenv("CUSTOS_VAULT", raising=False)
    assert cli.main(["init", "--vault", str(folder), "--owner", "老板"]) == 0
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def real_process(*argv: str | bytes, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *argv],
        capture_output=True,
        env={**os.environ, "CUSTOS_PASSWORD": PASSWORD, **(env or {})},
        cwd=ROOT,
        timeout=120,
    )


def assert_one_line_error(code: int, err: str) -> None:
    assert code == 1
    assert err.startswith("custos: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "usage:" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["customers", "list", "--bogus"],
        ["customers"],
        ["customers", "frobnicate"],
        ["customers", "list", "--limit", "many"],
        ["fields", "add", "level", "--type", "colour", "--label-zh", "a", "--label-en", "b"],
        [],
    ],
)
def test_argument_errors_are_one_line_and_exit_1(argv: list[str], vault_path: Path, capsys) -> None:
    code, out, err = run(capsys, *argv)
    assert_one_line_error(code, err)
    assert out == ""


def test_argument_error_as_a_real_process_is_one_line_and_exit_1(vault_path: Path) -> None:
    result = real_process("customers", "list", "--vault", str(vault_path), "--nonsense")
    assert result.returncode == 1
    assert result.stderr.decode().count("\n") == 1
    assert b"usage:" not in result.stderr


@pytest.mark.parametrize("action", ["show", "update", "delete", "reveal"])
def test_a_twenty_digit_id_is_one_line_not_a_traceback(action: str, vault_path: Path, capsys) -> None:
    extra = {"update": ["--name", "x"], "reveal": ["phone", "--reason", "check"]}.get(action, [])
    code, _out, err = run(
        capsys, "customers", action, "--vault", str(vault_path), "12345678901234567890", *extra
    )
    assert_one_line_error(code, err)
    assert "customer id" in err


def test_the_core_treats_an_id_beyond_64_bits_as_not_found(vault_path: Path) -> None:
    vault = Vault.unlock(vault_path, "老板", PASSWORD)
    try:
        with pytest.raises(NotFoundError):
            customers.get(vault, vault.actor, 10**20)
        with pytest.raises(NotFoundError):
            customers.update(vault, vault.actor, 10**20, {"name": "x"})
        with pytest.raises(NotFoundError):
            customers.delete(vault, vault.actor, 10**20)
        assert customers.fetch(vault, vault.actor, [10**20]) == []
    finally:
        vault.lock()


@pytest.mark.parametrize(
    "argv",
    [
        ["customers", "search", b"\xff\xfe"],
        ["customers", "add", "--name", b"Wang\xc3"],
        ["customers", "update", "1", "--set", b"notes=\xe4\xb8"],
        ["fields", "add", b"lev\xffel", "--type", "text", "--label-zh", "x", "--label-en", "y"],
    ],
)
def test_invalid_utf8_arguments_are_one_line(argv: list, vault_path: Path) -> None:
    command, action, *rest = argv
    result = real_process(command, action, "--vault", str(vault_path), *rest)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1, err
    assert err.count("\n") == 1 and "not valid UTF-8" in err
    assert "Traceback" not in err


def test_validation_of_several_fields_prints_one_line(vault_path: Path, capsys) -> None:
    code, _out, err = run(
        capsys,
        "customers",
        "add",
        "--vault",
        str(vault_path),
        "--name",
        "x",
        "--phone",
        "12",
        "--email",
        "nope",
    )
    assert_one_line_error(code, err)
    assert "phone" in err and "email" in err


def test_customer_count_is_singular_for_one(vault_path: Path, capsys) -> None:
    v = str(vault_path)
    run(capsys, "customers", "add", "--vault", v, "--name", "王芳")
    _code, out, _err = run(capsys, "customers", "list", "--vault", v)
    assert out.splitlines()[-1] == "-- 1 customer"
    run(capsys, "customers", "add", "--vault", v, "--name", "李娜")
    _code, out, _err = run(capsys, "customers", "list", "--vault", v)
    assert out.splitlines()[-1] == "-- 2 customers"


def test_table_columns_line_up_around_chinese_names(vault_path: Path, capsys) -> None:
    v = str(vault_path)
    for name, phone in (("欧阳娜娜", "13812345678"), ("John Smith", "13912345678"), ("王芳", "13712345678")):
        run(capsys, "customers", "add", "--vault", v, "--name", name, "--phone", phone)
    _code, out, _err = run(capsys, "customers", "list", "--vault", v)
    rows = out.splitlines()[:-1]
    phone_columns = {console.width(row[: row.index("13")]) for row in rows}
    assert len(rows) == 3 and len(phone_columns) == 1


def _store_raw_name(folder: Path, name: str) -> None:
    """A value stored before the core refused control characters (or by another tool)."""
    vault = Vault.unlock(folder, "老板", PASSWORD)
    try:
        customer = customers.create(vault, vault.actor, {"name": "placeholder"})
        vault.connection().execute("UPDATE customers SET name = ? WHERE id = ?", (name, customer.id))
    finally:
        vault.lock()


def test_a_stored_name_with_newline_and_escapes_cannot_forge_a_row(vault_path: Path, capsys) -> None:
    v = str(vault_path)
    run(capsys, "customers", "add", "--vault", v, "--name", "王芳")
    _store_raw_name(vault_path, "Eve\n       9  Forged Row\x1b[2J\u202eevil")
    _code, out, _err = run(capsys, "customers", "list", "--vault", v)
    lines = out.splitlines()
    assert len(lines) == 3  # two customers and the count
    assert "\x1b" not in out and "\u202e" not in out
    assert out.splitlines()[0].split()[1].startswith("Eve\\n")
    _code, out, _err = run(capsys, "customers", "show", "--vault", v, "2")
    assert "\x1b" not in out and "\u202e" not in out
    assert "Eve\\n       9  Forged Row\\x1b[2J\\u202eevil" in out
    assert len([line for line in out.splitlines() if "Forged Row" in line]) == 1
    _code, out, _err = run(capsys, "customers", "list", "--vault", v, "--json")
    assert "\u202e" not in out and json.loads(out)[0]["name"].endswith("\u202eevil")


def _build_demo(folder: Path, count: int) -> None:
    result = real_process("demo", "--vault", str(folder), "--customers", str(count))
    assert result.returncode == 0, result.stderr


def test_listing_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    _build_demo(folder, 2000)
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "customers", "list", "--vault", str(folder), "--limit", "2000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "CUSTOS_PASSWORD": PASSWORD},
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # what `| head -1` does after its line
    err = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)
    assert first.strip(), err
    assert err == b"", err
    assert process.returncode == cli.EXIT_BROKEN_PIPE


def test_a_password_variable_that_is_not_utf8_is_one_line(vault_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "customers", "list", "--vault", str(vault_path)],
        capture_output=True,
        env={**os.environ, "CUSTOS_PASSWORD": os.fsdecode(b"pass\xff\xfeword")},
        cwd=ROOT,
        timeout=120,
    )
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1 and err.count("\n") == 1
    assert "CUSTOS_PASSWORD is not valid UTF-8" in err


def test_a_terminal_that_cannot_show_chinese_gets_escapes_not_a_traceback(vault_path: Path) -> None:
    assert cli.main(["customers", "add", "--vault", str(vault_path), "--name", "王芳"]) == 0
    result = real_process("customers", "list", "--vault", str(vault_path), env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert b"\\u738b\\u82b3" in result.stdout and b"Traceback" not in result.stderr
