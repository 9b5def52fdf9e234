"""``custos policy …`` and ``custos report policy`` end to end: a published version keeps a user
from customers on the command line until they acknowledge it after reading it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from app import cli

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def shop(tmp_path: Path, monkeypatch, capsys) -> Path:
    folder = tmp_path / "v"
    monkeypatch.setenv("CUSTOS_PASSWORD", "boss-pass-12")
    assert run(capsys, "init", "--vault", str(folder), "--owner", "boss", "--business", "小店")[0] == 0
    monkeypatch.setenv("CUSTOS_VAULT", str(folder))
    monkeypatch.setenv("CUSTOS_USER", "boss")
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "sales-pass-1")
    assert run(capsys, "users", "add", "sally", "--role", "sales")[0] == 0
    assert run(capsys, "customers", "add", "--name", "张三", "--phone", "13812345678")[0] == 0
    as_sally(monkeypatch, "sales-pass-1")
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "sales-pass-2")
    assert run(capsys, "users", "passwd")[0] == 0  # set by the owner: sally chooses her own first
    monkeypatch.setenv("CUSTOS_USER", "boss")
    monkeypatch.setenv("CUSTOS_PASSWORD", "boss-pass-12")
    return folder


def as_sally(monkeypatch, password: str = "sales-pass-2") -> None:
    monkeypatch.setenv("CUSTOS_USER", "sally")
    monkeypatch.setenv("CUSTOS_PASSWORD", password)


def test_a_user_is_refused_customers_until_they_acknowledge_the_published_version(
    shop, capsys, monkeypatch, tmp_path
):
    text = tmp_path / "training.txt"
    text.write_text("新员工入职一周内完成培训。\n", "utf-8")
    assert run(capsys, "policy", "edit", "training", "--file", str(text))[0] == 0
    code, out, _ = run(capsys, "policy", "publish", "--note", "第一版")
    assert code == 0 and "version 1" in out
    code, out, _ = run(capsys, "policy", "status")
    assert code == 0 and "1 of 2" in out and "sally" in out and "NOT acknowledged" in out

    as_sally(monkeypatch)
    code, out, err = run(capsys, "customers", "list")
    assert code == 1 and out == ""
    assert "notice: version 1" in err and "custos policy acknowledge" in err.splitlines()[-1]
    code, out, _ = run(capsys, "policy", "show", "--lang", "zh")
    assert code == 0 and "新员工入职一周内完成培训。" in out and "客户信息管理制度" in out
    sha = next(line for line in out.splitlines() if "SHA-256" in line).split()[-1]
    code, _, err = run(capsys, "policy", "acknowledge")  # no terminal here: the hash is required
    assert code == 1 and "--hash" in err.splitlines()[-1]
    code, _, err = run(capsys, "policy", "acknowledge", "--hash", "0123456789abcdef")
    assert code == 1 and "does not match" in err
    code, out, _ = run(capsys, "policy", "acknowledge", "--hash", sha[:12])
    assert code == 0 and "sally acknowledged version 1" in out
    code, out, err = run(capsys, "customers", "list")
    assert code == 0 and "张三" in out and "notice" not in err

    monkeypatch.setenv("CUSTOS_USER", "boss")
    monkeypatch.setenv("CUSTOS_PASSWORD", "boss-pass-12")
    code, out, _ = run(capsys, "policy", "status", "--json")
    data = json.loads(out)
    assert data["current"]["number"] == 1
    assert {u["user"]: u["current"] for u in data["users"]} == {"boss": True, "sally": True}


def test_a_weaker_role_cannot_edit_or_publish_from_the_command_line(shop, capsys, monkeypatch, tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("随便写", "utf-8")
    as_sally(monkeypatch)
    for argv in (
        ("policy", "edit", "review", "--file", str(text)),
        ("policy", "publish"),
        ("policy", "show", "--draft"),
    ):
        code, _, err = run(capsys, *argv)
        assert code == 1 and "Only an owner" in err and err.count("\n") == 1
    code, _, err = run(capsys, "policy", "status")
    assert code == 1 and "may not" in err
    code, _, err = run(capsys, "report", "policy", "--out", str(tmp_path / "p.pdf"))
    assert code == 1 and "Only an owner" in err and not (tmp_path / "p.pdf").exists()


def test_report_policy_writes_the_draft_then_the_versions_in_both_languages(shop, capsys, tmp_path):
    draft = tmp_path / "draft.pdf"
    code, out, _ = run(capsys, "report", "policy", "--out", str(draft), "--lang", "en")
    assert code == 0 and "DRAFT" in out
    assert "DRAFT" in pypdf.PdfReader(draft).pages[0].extract_text()
    assert run(capsys, "policy", "publish")[0] == 0
    assert run(capsys, "policy", "publish", "--note", "second")[0] == 0
    code, out, _ = run(capsys, "policy", "versions", "--json")
    assert [v["number"] for v in json.loads(out)] == [1, 2]
    for lang, title in (("zh", "客户信息管理制度"), ("en", "Customer information policy")):
        out_file = tmp_path / f"v1-{lang}.pdf"
        code, out, _ = run(
            capsys, "report", "policy", "--out", str(out_file), "--lang", lang, "--version", "1"
        )
        assert code == 0 and "version 1" in out
        first_page = pypdf.PdfReader(out_file).pages[0].extract_text()
        assert title in first_page and "DRAFT" not in first_page
    code, _, err = run(capsys, "report", "policy", "--out", str(tmp_path / "x.pdf"), "--version", "9")
    assert code == 1 and "no version 9" in err


def test_at_a_terminal_acknowledge_shows_the_text_and_hash_and_asks_for_the_hash(shop, capsys, monkeypatch):
    assert run(capsys, "policy", "publish")[0] == 0
    as_sally(monkeypatch)
    code, out, _ = run(capsys, "policy", "show", "--json")
    sha = json.loads(out)["sha256"]
    primary, secondary = os.openpty()  # stdin is a terminal: the command asks there
    try:
        os.write(primary, f"{sha[:12]}\n".encode())  # what the person types once asked
        done = subprocess.run(
            [sys.executable, "-m", "app.cli", "policy", "acknowledge", "--lang", "en"],
            stdin=secondary,
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )
    finally:
        os.close(primary)
        os.close(secondary)
    text = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "Customer information policy" in text and sha in text  # the text and its full hash first
    assert text.index(sha) < text.index("sally acknowledged version 1")
    code, out, _ = run(capsys, "customers", "list")
    assert code == 0 and "张三" in out
