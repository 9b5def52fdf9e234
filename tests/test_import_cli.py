"""``custos import``: a file in, the counts out, list and undo; errors are one line, exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli
from tests.import_files import ROWS_ZH, write_csv, write_xlsx, write_zip_bomb

PASSWORD = "cli-pass-123"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def vault_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    monkeypatch.setenv("CUSTOS_VAULT", str(folder))
    assert cli.main(["init", "--vault", str(folder), "--owner", "老板", "--business", "王记五金"]) == 0
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def customer_names(capsys) -> list[str]:
    code, out, _err = run(capsys, "customers", "list", "--json")
    assert code == 0
    return sorted(c["name"] for c in json.loads(out))


def test_import_a_gbk_csv_then_list_and_undo(tmp_path, vault_path, capsys) -> None:
    path = write_csv(tmp_path / "客户.csv", encoding="gbk")
    code, out, err = run(capsys, "import", str(path), "--source", "老系统导出", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["encoding"] == "gb18030" and data["counts"]["created"] == len(ROWS_ZH)
    assert data["mapping"]["fields"]["phone"] == ["手机"]
    assert customer_names(capsys) == sorted(r[0] for r in ROWS_ZH)
    code, out, _ = run(capsys, "import", "list")
    assert code == 0 and "客户.csv" in out and "老系统导出" in out
    code, out, _ = run(capsys, "import", "undo", str(data["import_id"]))
    assert code == 0 and "4 customers removed" in out
    assert customer_names(capsys) == []
    code, out, _ = run(capsys, "import", "list", "--json")
    assert json.loads(out)[0]["undone_by"] == "老板"


def test_dry_run_prints_counts_and_reasons_and_imports_nothing(tmp_path, vault_path, capsys) -> None:
    path = write_csv(tmp_path / "c.csv", rows=[*ROWS_ZH, ["坏号码", "12345", "", "", "", ""]])
    code, out, err = run(capsys, "import", str(path), "--dry-run")
    assert code == 0 and err == ""
    assert "new 4" in out and "invalid 1" in out and "line 6: Phone" in out and "Dry run" in out
    assert customer_names(capsys) == []


def test_a_mapping_file_and_the_duplicate_policy_are_used(tmp_path, vault_path, capsys) -> None:
    path = write_csv(tmp_path / "c.csv", ["客户", "电话号码", "说明"], [["王芳", "13812345678", "VIP"]])
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps({"fields": {"name": "客户", "phone": ["电话号码"], "tags": ["说明"]}}), "utf-8"
    )
    assert run(capsys, "import", str(path), "--mapping", str(mapping), "--source", "展会")[0] == 0
    again = write_csv(tmp_path / "d.csv", ["客户", "电话号码", "说明"], [["王芳二", "13812345678", "新客"]])
    code, out, _ = run(
        capsys,
        "import",
        str(again),
        "--mapping",
        str(mapping),
        "--on-duplicate",
        "overwrite",
        "--source",
        "展会",
    )
    assert code == 0 and "updated 1" in out
    code, out, _ = run(capsys, "customers", "list", "--json")
    (only,) = json.loads(out)
    assert (only["name"], only["tags"]) == ("王芳二", "新客")


def test_an_xlsx_sheet_is_chosen_by_name(tmp_path, vault_path, capsys) -> None:
    path = write_xlsx(
        tmp_path / "b.xlsx", {"说明": [["无关"]], "客户": [["姓名", "手机号"], ["王芳", 13812345678]]}
    )
    code, out, _ = run(capsys, "import", str(path), "--sheet", "客户", "--source", "旧表格", "--json")
    assert code == 0 and json.loads(out)["counts"]["created"] == 1


def test_invalid_rows_are_written_to_a_file(tmp_path, vault_path, capsys) -> None:
    path = write_csv(tmp_path / "c.csv", rows=[ROWS_ZH[0], ["坏号码", "12345", "", "", "", ""]])
    out_file = tmp_path / "invalid.csv"
    code, out, _ = run(capsys, "import", str(path), "--source", "表格", "--invalid-rows", str(out_file))
    assert code == 0 and "1 invalid row written" in out
    assert "坏号码" in out_file.read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "{dir}/missing.csv", "--source", "x"], "no such file"),
        (["import", "{dir}/c.csv"], "--source"),
        (["import", "{dir}/c.csv", "--source", "x", "--encoding", "ebcdic-9"], "Unknown encoding"),
        (["import", "{dir}/c.csv", "--source", "x", "--mapping", "{dir}/bad.json"], "not a JSON mapping"),
        (["import", "{dir}/bomb.xlsx", "--source", "x"], "zip bomb"),
        (["import", "undo"], "which import"),
        (["import", "undo", "77"], "no import 77"),
        (["import", "undo", "seven"], "whole number"),
        (["import", "{dir}/c.csv", "--on-duplicate", "merge"], "invalid choice"),
    ],
)
def test_errors_are_one_line_and_exit_1(tmp_path, vault_path, capsys, argv, message) -> None:
    write_csv(tmp_path / "c.csv")
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    write_zip_bomb(tmp_path / "bomb.xlsx", unpacked_mb=50)
    code, _out, err = run(capsys, *[a.replace("{dir}", str(tmp_path)) for a in argv])
    assert code == 1
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_real_process_prints_one_line_for_a_bad_file(tmp_path, vault_path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "import", str(path), "--source", "x"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("custos: ") and done.stderr.count("\n") == 1
