"""``custos consent``: texts, record, withdraw, status, history, export, form and receipt, with
the CLI's one-line errors; and the forms' PDF content."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest

from app import cli
from app.reports import consent_form
from tests.consent_helpers import BUSINESS, sections, signature_png

PASSWORD = "cli-pass-123"


@pytest.fixture
def vault_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    monkeypatch.setenv("CUSTOS_VAULT", str(folder))
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    assert cli.main(["init", "--owner", "老板", "--business", BUSINESS]) == 0
    assert cli.main(["customers", "add", "--name", "王芳"]) == 0
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _notice_file(tmp_path: Path, purposes=("marketing", "service"), **extra) -> Path:
    path = tmp_path / "notice.json"
    path.write_text(
        json.dumps(
            {"purposes": list(purposes), "title_zh": "告知同意书", "sections": sections(purposes), **extra}
        ),
        "utf-8",
    )
    return path


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_texts_add_show_new_version_and_diff(vault_path, tmp_path, capsys) -> None:
    notice = _notice_file(tmp_path)
    assert run(capsys, "consent", "texts", "add", "marketing", "--from", str(notice))[0] == 0
    data = json.loads(notice.read_text("utf-8"))
    data["sections"]["en"]["retention"] = "Two years from your last purchase, then deleted."
    notice.write_text(json.dumps(data), "utf-8")
    code, out, _ = run(
        capsys, "consent", "texts", "new-version", "marketing", "--from", str(notice), "--note", "2 years"
    )
    assert code == 0 and "version 2" in out
    code, out, _ = run(
        capsys, "consent", "texts", "show", "marketing", "--version", "2", "--diff", "1", "--language", "en"
    )
    assert "+Two years from your last purchase, then deleted." in out.splitlines()
    code, out, _ = run(capsys, "consent", "texts", "list", "--json")
    assert [(t["key"], t["version"]) for t in json.loads(out)] == [("marketing", 2)]
    code, out, _ = run(capsys, "consent", "texts", "show", "marketing", "--version", "1", "--json")
    assert "Three years" in json.loads(out)["sections"]["en"]["retention"]


def test_a_draft_with_placeholders_is_refused_naming_what_is_missing(vault_path, tmp_path, capsys) -> None:
    code, out, _ = run(capsys, "consent", "texts", "draft", "--purpose", "marketing")
    draft = tmp_path / "draft.json"
    draft.write_text(out, "utf-8")
    code, _, err = run(capsys, "consent", "texts", "add", "marketing", "--from", str(draft))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "zh.controller" in err and "still holds text to fill in" in err
    assert run(capsys, "consent", "texts", "list", "--json")[1].strip() == "[]"


def test_record_status_withdraw_history_export_through_the_cli(vault_path, tmp_path, capsys) -> None:
    run(capsys, "consent", "texts", "add", "marketing", "--from", str(_notice_file(tmp_path)))
    sig = tmp_path / "sig.png"
    sig.write_bytes(signature_png())
    code, out, err = run(
        capsys, "consent", "record", "1", "--text", "marketing", "--give", "marketing", "--refuse", "service",
        "--channel", "signature", "--signature", str(sig), "--json",
    )  # fmt: skip
    assert code == 0, err
    assert {r["purpose"]: r["status"] for r in json.loads(out)} == {
        "marketing": "given",
        "service": "refused",
    }
    code, out, _ = run(capsys, "customers", "list", "--consent", "marketing", "--json")
    assert [c["name"] for c in json.loads(out)] == ["王芳"]
    code, out, _ = run(capsys, "consent", "status", "1", "--json")
    assert {r["purpose"]: r["state"] for r in json.loads(out)}["marketing"] == "given"
    assert run(capsys, "consent", "withdraw", "1", "marketing", "--channel", "phone")[0] == 0
    code, out, _ = run(capsys, "customers", "list", "--consent", "marketing", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "consent", "history", "1", "--json")
    assert [r["status"] for r in json.loads(out)] == ["withdrawn", "refused", "given"]
    code, out, _ = run(capsys, "consent", "export", "1")
    assert [r["eventType"] for r in json.loads(out)["records"]] == [
        "consent-given",
        "consent-refused",
        "consent-withdrawn",
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(signature_png(blank=True)), "the signature is empty"),
        (lambda p: p.write_bytes(b""), "the signature is empty"),
        (lambda p: p.write_text("not an image", "utf-8"), "must be a PNG"),
    ],
)
def test_bad_signatures_are_one_line_errors_and_nothing_is_recorded(
    vault_path, tmp_path, capsys, make, message
) -> None:
    run(capsys, "consent", "texts", "add", "marketing", "--from", str(_notice_file(tmp_path)))
    sig = tmp_path / "sig.png"
    make(sig)
    code, _, err = run(
        capsys, "consent", "record", "1", "--text", "marketing", "--give", "marketing",
        "--channel", "signature", "--signature", str(sig),
    )  # fmt: skip
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert json.loads(run(capsys, "consent", "history", "1", "--json")[1]) == []


def test_withdrawing_what_was_never_given_is_a_one_line_error(vault_path, capsys) -> None:
    code, _, err = run(capsys, "consent", "withdraw", "1", "marketing", "--channel", "phone")
    assert code == 1 and "nothing to withdraw" in err and len(err.strip().splitlines()) == 1


def test_an_oversized_attachment_is_refused_before_it_is_read(vault_path, tmp_path, capsys) -> None:
    run(capsys, "consent", "texts", "add", "marketing", "--from", str(_notice_file(tmp_path)))
    big = tmp_path / "scan.pdf"
    with big.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(11 * 1024 * 1024)
    code, _, err = run(
        capsys, "consent", "record", "1", "--text", "marketing", "--give", "marketing", "--channel", "paper",
        "--attach", str(big),
    )  # fmt: skip
    assert code == 1 and "over 10 MB" in err


def test_the_form_ties_paper_to_the_version_and_customer(vault_path, tmp_path, capsys) -> None:
    run(
        capsys,
        "consent",
        "texts",
        "add",
        "identity",
        "--from",
        str(_notice_file(tmp_path, ("billing", "sensitive"))),
    )
    out_pdf = tmp_path / "form.pdf"
    code, out, err = run(
        capsys, "consent", "form", "--text", "identity", "--customer", "1", "--out", str(out_pdf)
    )
    assert code == 0, err
    reference = out.split()[1]
    assert reference.startswith("identity-v1-") and reference.endswith("-C1")
    text = _pdf_text(out_pdf)
    for expected in (
        reference,
        "王芳",
        "单独同意",
        "Separate consent",
        "监护人",
        "保存期限",
        "How long it is kept",
    ):
        assert expected in text, expected
    fonts = {
        font["/BaseFont"]
        for page in pypdf.PdfReader(out_pdf).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("WenQuanYi" in name for name in fonts), fonts  # every font embedded, none a stand-in


def test_a_one_language_form_has_only_that_language(vault_path, tmp_path, capsys) -> None:
    run(capsys, "consent", "texts", "add", "marketing", "--from", str(_notice_file(tmp_path)))
    out_pdf = tmp_path / "form-en.pdf"
    assert (
        run(capsys, "consent", "form", "--text", "marketing", "--language", "en", "--out", str(out_pdf))[0]
        == 0
    )
    text = _pdf_text(out_pdf)
    assert "Your choices" in text and "您的选择" not in text


def test_the_receipt_names_the_decisions_the_exact_version_and_the_staff(
    vault_path, tmp_path, capsys
) -> None:
    run(capsys, "consent", "texts", "add", "marketing", "--from", str(_notice_file(tmp_path)))
    sig = tmp_path / "sig.png"
    sig.write_bytes(signature_png())
    run(
        capsys, "consent", "record", "1", "--text", "marketing", "--give", "marketing", "--refuse", "service",
        "--channel", "signature", "--signature", str(sig), "--expires", "2030-01-01",
    )  # fmt: skip
    receipt = tmp_path / "receipt.pdf"
    code, _, err = run(capsys, "consent", "receipt", "2", "--out", str(receipt))
    assert code == 0, err
    text = _pdf_text(receipt)
    notice = json.loads(run(capsys, "consent", "texts", "show", "marketing", "--json")[1])
    for expected in (notice["sha256"], "营销推广", "不同意", "老板", "王芳"):
        assert expected in text, expected
    assert text.count("2030-01-01") == 1  # the refusal has no expiry
    assert any(page.images for page in pypdf.PdfReader(receipt).pages)  # the signature image


def test_form_reference_is_the_notice_reference_plus_the_customer() -> None:
    class Notice:
        reference = "marketing-v3-0123abcd"

    assert consent_form.form_reference(Notice(), 42) == "marketing-v3-0123abcd-C42"  # type: ignore[arg-type]
    assert consent_form.form_reference(Notice()) == "marketing-v3-0123abcd"  # type: ignore[arg-type]
