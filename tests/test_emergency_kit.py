"""The emergency kit PDF: content, single page, embedded font, and safe (atomic) writing.

Everything is checked on the generated file itself (pypdf), because what matters is what
gets printed, and nothing here depends on fonts installed on the test machine.
"""

from __future__ import annotations

import errno
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pytest
from reportlab.pdfbase import pdfmetrics

from app import files
from app.reports import fonts
from app.reports.emergency_kit import write_emergency_kit
from app.reports.fonts import FontMissingError, register_cjk_font

CODE = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ"
VAULT_ID = "3f2a9c1e-7b4d-4e8a-9f10-2c6d8e5b7a41"
CREATED = datetime(2025, 11, 23, 14, 5, tzinfo=timezone(timedelta(hours=8)))


def _write(path: Path, **overrides: object) -> Path:
    args: dict[str, object] = {
        "business_name": "王记五金店",
        "vault_id": VAULT_ID,
        "vault_location": r"D:\Custos\王记五金店\customers.custos",
        "recovery_code": CODE,
        "created_at": CREATED,
    }
    args.update(overrides)
    write_emergency_kit(path, **args)  # type: ignore[arg-type]
    return path


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _compact(text: str) -> str:
    """Drop all whitespace: wrapped lines split phrases at arbitrary points."""
    return "".join(text.split())


def _fonts(path: Path) -> list[pypdf.generic.DictionaryObject]:
    out = []
    for page in pypdf.PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "/DescendantFonts" in font:  # Type0 (composite) fonts keep the descriptor one level down
                font = font["/DescendantFonts"][0].get_object()
            out.append(font)
    return out


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    return _write(tmp_path / "emergency-kit.pdf")


def test_contains_business_vault_code_and_instructions(kit: Path) -> None:
    text = _compact(_text(kit))
    for expected in (
        "王记五金店",
        VAULT_ID,
        CODE,
        r"D:\Custos\王记五金店\customers.custos",
        "2025-11-23",
        "Custos应急恢复包/EmergencyKit",
        "恢复码",
        "上锁",
        "读取全部客户资料",
        "生成新的恢复码",
        "销毁这张纸",
        "签名",
        "anyone who holds this code and a copy of the vault can read all customer data",
        "create a new recovery code in Custos",
    ):
        assert _compact(expected) in text, expected


def test_recovery_code_is_on_one_line(kit: Path) -> None:
    assert any(CODE in line for line in _text(kit).splitlines())


def test_is_exactly_one_page(kit: Path) -> None:
    assert len(pypdf.PdfReader(kit).pages) == 1


def test_every_font_is_the_bundled_one_and_embedded(kit: Path) -> None:
    found = _fonts(kit)
    assert found
    for font in found:
        assert "WenQuanYiMicroHei" in font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_every_printed_character_has_a_glyph(kit: Path) -> None:
    """A character missing from the font would print as an empty box ("tofu")."""
    covered: set[int] = set()
    for monospace in (False, True):
        covered |= set(pdfmetrics.getFont(register_cjk_font(monospace=monospace)).face.charToGlyph)
    missing = {ch for ch in _text(kit) if not ch.isspace() and ord(ch) not in covered}
    assert not missing


def test_markup_characters_in_names_are_printed_literally(tmp_path: Path) -> None:
    kit = _write(tmp_path / "kit.pdf", business_name="A&B <Tools> 五金")
    assert "A&B<Tools>五金" in _compact(_text(kit))


def test_very_long_name_and_path_still_fit_on_one_page(tmp_path: Path) -> None:
    name = "王记五金店" * 40 + " Wang's Hardware & Tools Trading Company Limited" * 4
    location = "D:\\" + "\\".join(["非常长的文件夹名称Folder"] * 60) + "\\customers.custos"
    kit = _write(tmp_path / "kit.pdf", business_name=name, vault_location=location)

    assert len(pypdf.PdfReader(kit).pages) == 1
    lines = _text(kit).splitlines()
    assert any(CODE in line for line in lines)
    text = _compact("\n".join(lines))
    assert "王记五金店王记五金店" in text
    assert "customers.custos" in text  # the end of the path, the most telling part, is kept
    assert "读取全部客户资料" in text  # the instructions were not pushed off the page


def test_missing_folder_raises_oserror_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "kit.pdf"
    with pytest.raises(OSError):
        _write(target)
    assert not target.parent.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, non-root")
def test_read_only_folder_raises_oserror_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            _write(folder / "kit.pdf")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_failure_while_writing_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        _write(tmp_path / "kit.pdf")
    assert list(tmp_path.iterdir()) == []


def test_failure_on_rename_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "kit.pdf"
    target.write_bytes(b"previous kit")

    def refuse(_src: object, _dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(PermissionError):
        _write(target)
    assert target.read_bytes() == b"previous kit"
    assert list(tmp_path.iterdir()) == [target]


def test_overwrites_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "kit.pdf"
    target.write_bytes(b"previous kit")
    _write(target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_file_is_private_to_the_user(kit: Path) -> None:
    assert kit.stat().st_mode & 0o077 == 0


def test_empty_recovery_code_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        _write(tmp_path / "kit.pdf", recovery_code="  ")
    assert list(tmp_path.iterdir()) == []


def test_font_registration_is_idempotent() -> None:
    first = register_cjk_font()
    assert register_cjk_font() == first
    assert first in pdfmetrics.getRegisteredFontNames()
    assert register_cjk_font(monospace=True) != first


def test_missing_font_file_gives_an_actionable_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "wqy-microhei.ttc"
    monkeypatch.setattr(fonts, "FONT_PATH", missing)
    monkeypatch.setattr(fonts, "_registered", set())
    with pytest.raises(FontMissingError, match="Reinstall Custos") as info:
        register_cjk_font()
    assert str(missing) in str(info.value)


def test_bundled_font_and_licence_are_present() -> None:
    folder = fonts.FONT_PATH.parent
    assert fonts.FONT_PATH.is_file()
    assert (folder / "LICENSE-wqy-microhei.txt").is_file()
