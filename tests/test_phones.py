"""Phone numbers: foreign formats, the vault's home region, one display, one normal form."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import cli, customers, duplicates, field_admin, fields, phones, users
from app.access import Actor
from app.errors import PermissionDeniedError, ValidationError
from app.vault import Vault


def test_a_us_style_number_in_a_chinese_vault_is_refused_with_the_right_hint(
    vault: Vault, owner: Actor
) -> None:
    # libphonenumber alone would read it as a landline in Ma'anshan (0555); nobody writes one so.
    with pytest.raises(ValidationError) as caught:
        customers.create(vault, owner, {"name": "John", "phone": "(555) 123-4567"})
    message = caught.value.errors["phone"]
    assert "starts with + and its country code" in message
    assert "11 digits" in message


def test_foreign_formats_are_read_in_the_home_region(vault: Vault, owner: Actor) -> None:
    field_admin.set_phone_region(vault, owner, "us")
    john = customers.create(vault, owner, {"name": "John", "phone": "(415) 555-0132"})
    assert john.get("phone") == "+14155550132"
    wang = customers.create(vault, owner, {"name": "王芳", "phone": "+86 138 1234 5678"})
    assert wang.get("phone") == "13812345678"  # the stored form does not depend on the region
    with pytest.raises(ValidationError) as caught:
        customers.create(vault, owner, {"name": "Jane", "phone": "(555) 123-4567"})
    assert "home region (US)" in caught.value.errors["phone"]


def test_search_and_duplicate_matching_find_a_number_however_it_is_typed(vault: Vault, owner: Actor) -> None:
    field_admin.set_phone_region(vault, owner, "US")
    john = customers.create(vault, owner, {"name": "John", "phone": "(415) 555-0132"})
    for typed in ("(415) 555-0132", "+1 415 555 0132", "4155550132", "555-0132"):
        assert customers.search(vault, owner, typed).ids == [john.id], typed
    matches = duplicates.find_duplicates(vault, owner, {"phone": "+1 (415) 555-0132"})
    assert [m.customer.id for m in matches] == [john.id]


def test_only_the_catalogue_editors_set_the_home_region_and_it_is_audited(vault: Vault, owner: Actor) -> None:
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    with pytest.raises(PermissionDeniedError):
        field_admin.set_phone_region(vault, Actor("sally", "sales"), "US")
    with pytest.raises(ValidationError):
        field_admin.set_phone_region(vault, owner, "XX")
    field_admin.set_phone_region(vault, owner, "GB")
    entry = vault.audit().entries(limit=1)[0]
    assert entry.action == "field.phone_region"
    assert fields.Catalogue.load(vault.connection()).get("phone").region == "GB"


@pytest.mark.parametrize(
    ("stored", "home", "shown"),
    [
        ("15278202942", "CN", "152 7820 2942"),
        ("+447000000058", "CN", "+44 70 0000 0058"),
        ("0755-12345678", "CN", "0755 1234 5678"),
        ("+14155550132", "US", "(415) 555-0132"),
        ("13812345678", "US", "+86 138 1234 5678"),
        ("138****5678", "CN", "138****5678"),
    ],
)
def test_numbers_display_one_way_by_region(stored: str, home: str, shown: str) -> None:
    assert phones.format_phone(stored, home) == shown


def test_cli_lists_phones_formatted_and_sets_the_region(tmp_path: Path, capsys, monkeypatch) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("CUSTOS_PASSWORD", "cli-pass-123")
    v = str(tmp_path / "v")
    assert cli.main(["init", "--vault", v]) == 0
    assert cli.main(["customers", "add", "--vault", v, "--name", "王芳", "--phone", "15278202942"]) == 0
    assert cli.main(["customers", "add", "--vault", v, "--name", "Ann", "--phone", "+447000000058"]) == 0
    capsys.readouterr()
    assert cli.main(["customers", "list", "--vault", v]) == 0
    out = capsys.readouterr().out
    assert "152 7820 2942" in out and "+44 70 0000 0058" in out
    assert cli.main(["fields", "phone-region", "--vault", v, "US"]) == 0
    assert "US" in capsys.readouterr().out
    assert cli.main(["customers", "add", "--vault", v, "--name", "Bob", "--phone", "(415) 555-0132"]) == 0
    capsys.readouterr()
    assert cli.main(["customers", "list", "--vault", v]) == 0
    out = capsys.readouterr().out
    assert "(415) 555-0132" in out and "+86 152 7820 2942" in out


def _outcome(text: str) -> str:
    try:
        return phones.clean_phone(text)
    except ValueError as error:
        return f"refused: {error}"


@settings(max_examples=400, deadline=None)
@given(
    digits=st.from_regex(r"\A1[0-9]{10}\Z"),
    separator=st.sampled_from(["", " ", "-"]),
)
def test_the_mobile_shortcut_agrees_with_libphonenumber_on_every_number(digits: str, separator: str) -> None:
    """The per-block cache of mainland mobiles (phones._mobile_block) gives exactly what the
    full parse gives, for valid and invalid numbers alike, however they are typed."""
    typed = separator.join([digits[:3], digits[3:7], digits[7:]])
    fast = _outcome(typed)
    with mock.patch.object(phones, "_mobile_block", lambda _prefix: False):
        full = _outcome(typed)
    assert fast == full
