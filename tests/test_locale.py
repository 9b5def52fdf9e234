"""The core and the command line speak the user's language: gettext catalogue, plurals, locale."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app import customers, i18n
from app.errors import ValidationError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import update_po  # noqa: E402

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture
def chinese():
    previous = i18n.current_language()
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(previous)


def test_catalogue_is_complete_and_current() -> None:
    """Every message in app/ is in the Chinese catalogue, translated, with the same {fields};
    nothing obsolete is left (run tools/update_po.py after changing messages)."""
    in_code = update_po.messages()
    po_path = ROOT / "app" / "locale" / "zh_CN" / "LC_MESSAGES" / "custos.po"
    catalogue = i18n.PoTranslations(po_path.read_text("utf-8"))
    in_po = set(re.findall(r'^msgid "(.+)"$', po_path.read_text("utf-8"), re.M))
    untranslated = [m for m in in_code if not catalogue.translated(m)]
    assert untranslated == [], "run tools/update_po.py, then translate the new msgstr entries"
    assert len(in_po) == len(in_code), "run tools/update_po.py: the .po differs from the code's messages"
    for msgid, (plural, _places) in in_code.items():
        text = catalogue.gettext(msgid) if plural is None else catalogue.ngettext(msgid, plural, 2)
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), msgid


def test_plural_forms_in_english_and_chinese(chinese) -> None:
    assert i18n.ngettext("{count} customer", "{count} customers", 1).format(count=1) == "1 位客户"
    assert i18n.ngettext("{count} customer", "{count} customers", 2).format(count=2) == "2 位客户"
    i18n.set_language("en")
    assert i18n.ngettext("{count} customer", "{count} customers", 1) == "{count} customer"
    assert i18n.ngettext("{count} customer", "{count} customers", 0) == "{count} customers"


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_TW.UTF-8"}, "zh_CN"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({}, "en"),
    ],
)
def test_language_follows_the_locale_environment_like_gettext(environ, language) -> None:
    assert i18n.language_from_environment(environ) == language


def test_core_validation_messages_come_out_in_chinese(vault, owner, chinese) -> None:
    with pytest.raises(ValidationError) as caught:
        customers.create(vault, owner, {"name": "王芳", "phone": "12345", "email": "nope"})
    assert caught.value.errors["phone"].startswith("电话号码无效")
    assert caught.value.errors["email"] == "电子邮箱地址无效（格式如 name@example.com）"


def test_untranslated_and_fuzzy_entries_fall_back_to_english() -> None:
    catalogue = i18n.PoTranslations(
        'msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "B"\n\n'
        'msgid "{n} file"\nmsgid_plural "{n} files"\nmsgstr[0] "{n} Datei"\nmsgstr[1] "{n} Dateien"\n'
    )
    assert catalogue.gettext("a") == "a" and catalogue.gettext("b") == "b"
    assert catalogue.ngettext("{n} file", "{n} files", 1) == "{n} Datei"
    assert catalogue.ngettext("{n} file", "{n} files", 3) == "{n} Dateien"


def _custos(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *argv],
        capture_output=True,
        text=True,
        env={**environ, "CUSTOS_PASSWORD": "zh-pass-1234", **env},
        cwd=ROOT,
        timeout=120,
    )


def test_the_command_line_speaks_chinese_under_a_chinese_locale(tmp_path: Path) -> None:
    zh = {"LANG": "zh_CN.UTF-8"}
    folder = str(tmp_path / "v")
    result = _custos("init", "--vault", folder, "--owner", "老板", env=zh)
    assert result.returncode == 0 and "恢复码（只显示一次" in result.stdout
    result = _custos(
        "customers", "add", "--vault", folder, "--name", "王芳", "--phone", "138 1234 5678", env=zh
    )
    assert result.stdout.strip().startswith("已添加客户 1：王芳")
    result = _custos("customers", "list", "--vault", folder, env=zh)
    assert result.stdout.splitlines()[-1] == "-- 1 位客户"
    assert "138 1234 5678" in result.stdout
    result = _custos("customers", "add", "--vault", folder, "--name", "李雷", "--phone", "12345", env=zh)
    assert result.returncode == 1 and result.stderr.startswith("custos: phone: 电话号码无效")
    assert result.stderr.count("\n") == 1
    result = _custos("customers", "show", "--vault", str(tmp_path / "nowhere"), "1", env=zh)
    assert result.returncode == 1 and "处没有保管库" in result.stderr
    result = _custos("customers", "list", "--vault", folder, "--bogus", env=zh)
    assert result.returncode == 1 and "（参见：custos --help）" in result.stderr
    # The same commands in an English locale stay English.
    result = _custos("customers", "list", "--vault", folder, env={"LANG": "en_US.UTF-8"})
    assert result.stdout.splitlines()[-1] == "-- 1 customer"
