"""``custos export``, ``custos partners`` and ``custos sharing log``, with one-line errors."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from app import cli
from app.exporting import protection
from tests.consent_helpers import BUSINESS

PASSWORD = "cli-pass-123"
PARTNER = "安装伙伴"


@pytest.fixture
def vault_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    monkeypatch.setenv("CUSTOS_VAULT", str(folder))
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    assert cli.main(["init", "--owner", "老板", "--business", BUSINESS]) == 0
    assert cli.main(["customers", "add", "--name", "王芳", "--phone", "13812345678"]) == 0
    assert cli.main(["customers", "add", "--name", "=1+1", "--phone", "13900001111"]) == 0
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _add_partner(capsys, *extra: str) -> tuple[int, str, str]:
    return run(
        capsys, "partners", "add", "--name", PARTNER, "--contact", "张经理 400-800-1234",
        "--purpose", "delivery", "--fields", "id,name,phone", "--starts", str(date.today()),
        "--expires", str(date.today() + timedelta(days=365)), "--security", "传输加密，最小权限",
        "--end-of-agreement", "delete", *extra,
    )  # fmt: skip


def test_export_plain_csv_warns_on_stderr_and_records_it(vault_path, tmp_path, capsys) -> None:
    out = tmp_path / "list.csv"
    code, stdout, err = run(
        capsys, "export", "--format", "csv", "--purpose", "sales", "--fields", "name,phone=masked",
        "--legal-basis", "contract", "--basis-note", "the sales contracts signed", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert "NOT be encrypted" in err and "Name, Phone (masked)" in err
    assert "Exported 2 customers" in stdout
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh))[1:] == [["王芳", "138****5678"], ["'=1+1", "139****1111"]]
    code, stdout, _ = run(capsys, "sharing", "log", "--json")
    (entry,) = json.loads(stdout)
    assert entry["purpose"] == "sales" and entry["recipient"] == "internal" and entry["rows"] == 2


def test_export_encrypted_prints_the_passphrase_once(vault_path, tmp_path, capsys) -> None:
    out = tmp_path / "list.zip"
    code, stdout, err = run(
        capsys, "export", "--format", "json", "--purpose", "sales", "--legal-basis", "contract",
        "--basis-note", "the sales contracts signed", "--encrypt", "--out", str(out),
    )  # fmt: skip
    assert code == 0, err and "warning" not in err
    passphrase = stdout.split("stored nowhere): ")[1].strip()
    name, content = protection.read_entry(out, passphrase)
    assert name == "customers.json" and json.loads(content)["count"] == 2


def test_export_without_consent_leaves_everyone_out_and_says_why(vault_path, tmp_path, capsys) -> None:
    code, stdout, _ = run(capsys, "export", "--format", "csv", "--purpose", "marketing", "--out",
                          str(tmp_path / "m.csv"))  # fmt: skip
    assert code == 0
    assert "Exported 0 customers" in stdout and "2 customers have no consent recorded for Marketing" in stdout


def test_partners_add_list_show_update_end_and_confirm(vault_path, tmp_path, capsys) -> None:
    scan = tmp_path / "agreement.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, stdout, err = _add_partner(capsys, "--document", str(scan))
    assert code == 0, err
    code, stdout, _ = run(capsys, "partners", "list")
    assert PARTNER in stdout and "active" in stdout
    code, stdout, _ = run(capsys, "partners", "update", PARTNER, "--review", str(date.today()))
    assert code == 0
    code, stdout, err = run(capsys, "partners", "list")
    assert "review is due" in err
    code, stdout, _ = run(capsys, "partners", "show", PARTNER, "--json")
    shown = json.loads(stdout)
    assert shown["documents"][0]["filename"] == "agreement.pdf" and shown["exports"] == []
    out = tmp_path / "p.csv"
    code, stdout, err = run(
        capsys, "export", "--format", "csv", "--purpose", "delivery", "--partner", PARTNER,
        "--legal-basis", "contract", "--basis-note", "entrusted delivery under the agreement",
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == ["Customer ID", "Name", "Phone"]
    code, stdout, _ = run(capsys, "sharing", "log", "--partner", PARTNER)
    assert PARTNER in stdout and "id(pseudonymised)" in stdout
    code, stdout, _ = run(capsys, "sharing", "log", "--customer", "1", "--json")
    assert json.loads(stdout)[0]["recipient"] == PARTNER
    assert run(capsys, "partners", "end", PARTNER)[0] == 0
    code, stdout, _ = run(capsys, "partners", "reminders")
    assert "confirmation" in stdout
    assert (
        run(capsys, "partners", "confirm-deletion", PARTNER, "--note", "written confirmation received")[0]
        == 0
    )
    assert run(capsys, "partners", "reminders")[1] == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["export", "--format", "csv", "--purpose", "sales", "--partner", "Nobody", "--out", "x.csv"],
            "no partner called",
        ),
        (
            ["export", "--format", "csv", "--purpose", "sales", "--fields", "name=secret", "--out", "x.csv"],
            "treatment is one of",
        ),
        (
            ["export", "--format", "csv", "--purpose", "sales", "--filter", "everyone", "--out", "x.csv"],
            "unknown filter",
        ),
        (
            [
                "export",
                "--format",
                "csv",
                "--purpose",
                "sales",
                "--legal-basis",
                "contract",
                "--out",
                "x.csv",
            ],
            "say why this legal basis applies",
        ),
        (["partners", "end", "Nobody"], "no partner called"),
        (["partners", "confirm-deletion", "Nobody", "--note", "x"], "no partner called"),
    ],
)
def test_errors_are_one_line_on_stderr_with_exit_1(vault_path, tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, _stdout, err = run(capsys, *argv)
    assert code == 1 and message in err and err.count("\n") == 1 and err.startswith("custos: ")
    assert not (tmp_path / "x.csv").exists()


def test_an_expired_partner_is_refused_on_the_command_line(vault_path, tmp_path, capsys) -> None:
    _add_partner(capsys)
    run(capsys, "partners", "update", PARTNER, "--starts", "2020-01-01", "--expires", "2020-12-31")
    code, _, err = run(capsys, "export", "--format", "csv", "--purpose", "delivery", "--partner", PARTNER,
                       "--out", str(tmp_path / "x.csv"))  # fmt: skip
    assert code == 1 and "expired on 2020-12-31" in err
