"""``custos requests``, ``custos retention`` and ``custos customers erase|report|hold``: the
whole path of a request from the command line, errors as one line, and weaker users refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import cli
from app.vault import Vault

PASSWORD = "cli-pass-123"


@pytest.fixture
def v(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    folder = tmp_path / "vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    monkeypatch.delenv("CUSTOS_VAULT", raising=False)
    assert cli.main(["init", "--vault", str(folder), "--owner", "老板", "--business", "王记五金"]) == 0
    return str(folder)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _add_customer(capsys, v: str, name: str = "王芳") -> int:
    code, out, _ = run(
        capsys, "customers", "add", "--vault", v, "--name", name, "--phone", "13812345678", "--json"
    )
    assert code == 0
    return json.loads(out)["id"]


def test_a_deletion_request_from_registration_to_reply(v: str, capsys, tmp_path: Path) -> None:
    cid = _add_customer(capsys, v)
    code, out, err = run(
        capsys,
        "requests",
        "add",
        "--vault",
        v,
        "--type",
        "delete",
        "--requester",
        "王芳",
        "--customer",
        str(cid),
        "--via",
        "phone",
        "--json",
    )
    assert code == 0, err
    req = json.loads(out)
    ref = req["reference"]
    assert req["status"] == "open" and req["due"]
    code, out, err = run(
        capsys, "requests", "update", "--vault", v, ref, "--ask-identity", "请出示身份证", "--json"
    )
    assert json.loads(out)["status"] == "awaiting_identity" and json.loads(out)["due"] is None
    run(capsys, "requests", "update", "--vault", v, ref, "--identity-checked", "身份证原件")
    code, out, err = run(capsys, "customers", "erase", "--vault", v, str(cid), "--request", ref)
    assert code == 0 and f"Erased customer {cid}" in out, err
    code, out, err = run(
        capsys, "requests", "close", "--vault", v, ref, "--outcome", "done", "--reply", "已于今日删除。"
    )
    assert code == 0, err
    letter = tmp_path / "reply.pdf"
    code, out, err = run(capsys, "requests", "reply", "--vault", v, ref, "--lang", "zh", "--out", str(letter))
    assert code == 0, err
    text = PdfReader(str(letter)).pages[0].extract_text()
    assert "已于今日删除" in text and "王芳" not in text
    code, out, _ = run(capsys, "requests", "show", "--vault", v, ref)
    assert "erased" in out and "reply_written" in out
    code, out, _ = run(capsys, "customers", "show", "--vault", v, str(cid))
    assert code == 1


def test_the_data_copy_in_every_format_and_the_list(v: str, capsys, tmp_path: Path) -> None:
    cid = _add_customer(capsys, v)
    for name in ("copy.pdf", "copy.json", "copy.csv"):
        code, out, err = run(
            capsys, "customers", "report", "--vault", v, str(cid), "--out", str(tmp_path / name)
        )
        assert code == 0, err
    assert json.loads((tmp_path / "copy.json").read_text("utf-8"))["fields"][0]["value"] == "王芳"
    assert "13812345678" in (tmp_path / "copy.csv").read_text("utf-8-sig")
    assert "王芳" in PdfReader(str(tmp_path / "copy.pdf")).pages[0].extract_text()
    run(capsys, "requests", "add", "--vault", v, "--type", "know", "--requester", "甲")
    code, out, _ = run(capsys, "requests", "list", "--vault", v)
    assert "R-000001" in out and "1 request" in out


def test_retention_rules_review_and_apply_from_the_command_line(v: str, capsys) -> None:
    cid = _add_customer(capsys, v)
    run(capsys, "customers", "delete", "--vault", v, str(cid))
    code, out, err = run(
        capsys,
        "retention",
        "rules",
        "add",
        "--vault",
        v,
        "--scope",
        "purpose",
        "--target",
        "marketing",
        "--months",
        "24",
        "--do",
        "erase",
    )
    assert code == 0, err
    code, out, _ = run(capsys, "retention", "rules", "--vault", v, "--json")
    assert json.loads(out)["rules"][0]["target"] == "marketing"
    run(capsys, "retention", "grace", "--vault", v, "0")
    code, out, _ = run(capsys, "retention", "review", "--vault", v)
    assert "1 customers due" in out and str(cid) in out
    code, out, err = run(capsys, "retention", "apply", "--vault", v)
    assert code == 1 and "--yes" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "retention", "apply", "--vault", v, "--dry-run", "--json")
    assert json.loads(out)["erased"] == 1 and json.loads(out)["dry_run"]
    code, out, _ = run(capsys, "retention", "apply", "--vault", v, "--yes", "--json")
    assert json.loads(out)["erased"] == 1


@pytest.mark.parametrize(
    "argv",
    [
        ("requests", "show", "R-000099"),
        ("requests", "show", "not-a-ref"),
        ("requests", "add", "--type", "delete", "--requester", ""),
        ("requests", "close", "1", "--outcome", "refused"),
        ("customers", "erase", "999"),
        ("customers", "report", "1", "--out", "/nonexistent/folder/x.pdf"),
        ("customers", "hold", "1", "--field", "name", "--reason", "r", "--until", "yesterday"),
        ("retention", "apply", "--review", "5"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_1(v: str, capsys, argv) -> None:
    _add_customer(capsys, v)
    run(capsys, "requests", "add", "--vault", v, "--type", "delete", "--requester", "甲")
    code, _out, err = run(capsys, *argv[:2], "--vault", v, *argv[2:])
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("custos: ") and "Traceback" not in err


def test_a_sales_user_can_neither_handle_requests_nor_erase_nor_copy(
    v: str, capsys, tmp_path, monkeypatch
) -> None:
    cid = _add_customer(capsys, v)
    vault = Vault.unlock(Path(v), "老板", PASSWORD)
    from app import users

    users.add(vault, vault.actor, "sally", "sally-pass-123", "sales")
    vault.connection().execute("UPDATE users SET must_change_password = 0")
    vault.lock()
    monkeypatch.setenv("CUSTOS_USER", "sally")
    monkeypatch.setenv("CUSTOS_PASSWORD", "sally-pass-123")
    for argv in (
        ("customers", "erase", "--vault", v, str(cid)),
        ("customers", "report", "--vault", v, str(cid), "--out", str(tmp_path / "x.pdf")),
        ("requests", "list", "--vault", v),
        ("retention", "review", "--vault", v),
        ("retention", "grace", "--vault", v, "1"),
    ):
        code, _out, err = run(capsys, *argv)
        assert code == 1 and "may not" in err, argv
    assert not (tmp_path / "x.pdf").exists()
    monkeypatch.setenv("CUSTOS_USER", "老板")
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    code, out, _ = run(capsys, "customers", "show", "--vault", v, str(cid), "--json")
    assert json.loads(out)["name"] == "王芳"


def test_overdue_requests_are_listed_for_attention(v: str, capsys) -> None:
    old = (datetime.now(UTC) - timedelta(days=60)).date().isoformat()
    run(capsys, "requests", "add", "--vault", v, "--type", "know", "--requester", "甲", "--received", old)
    run(capsys, "requests", "add", "--vault", v, "--type", "know", "--requester", "乙")
    _code, out, _ = run(capsys, "requests", "list", "--vault", v, "--attention", "--json")
    rows = json.loads(out)
    assert [(r["requester"], r["state"]) for r in rows] == [("甲", "overdue")]
