"""Values the core refuses or keeps exactly: control characters, lengths, reserved keys, numbers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import customers, field_admin, fields
from app.errors import ValidationError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "name",
    [
        "Eve\nMallory",
        "Eve\x1b[31mRed",
        "Eve\u202elivE",
        "Eve\u2066x\u2069",
        "Eve\x00",
        "Eve\u2028x",
        "Eve\udcff",
    ],
)
def test_single_line_fields_refuse_control_characters(vault, owner, name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        customers.create(vault, owner, {"name": name})
    assert "name" in caught.value.errors
    assert customers.count(vault, owner) == 0


def test_notes_keep_line_breaks_but_refuse_escape_sequences(vault, owner) -> None:
    customer = customers.create(vault, owner, {"name": "王芳", "notes": "line one\r\nline two\n\tindented"})
    assert customer.get("notes") == "line one\nline two\n\tindented"
    with pytest.raises(ValidationError) as caught:
        customers.update(vault, owner, customer.id, {"notes": "ok\x1b]0;title\x07"})
    assert "control character" in caught.value.errors["notes"]


def test_a_right_to_left_name_without_overrides_is_accepted(vault, owner) -> None:
    assert customers.create(vault, owner, {"name": "مريم"}).name == "مريم"


@pytest.mark.parametrize(
    ("key", "value", "limit"),
    [
        ("name", "王" * 101, 100),
        ("address", "x" * 301, 300),
        ("notes", "n" * 5001, 5000),
        ("tags", "t," * 600, 1000),
    ],
)
def test_every_field_has_a_length_limit_with_a_clear_message(vault, owner, key, value, limit) -> None:
    with pytest.raises(ValidationError) as caught:
        customers.create(vault, owner, {"name": "王芳", key: value})
    assert caught.value.errors[key] == f"too long: {len(value.strip()):,} characters; at most {limit:,}"


def test_custom_text_fields_have_a_limit_too(vault, owner) -> None:
    field_admin.add_custom_field(vault, owner, key="hobby", label_zh="爱好", label_en="Hobby", type="text")
    with pytest.raises(ValidationError) as caught:
        customers.create(vault, owner, {"name": "王芳", "hobby": "h" * 501})
    assert "at most 500" in caught.value.errors["hobby"]
    assert customers.create(vault, owner, {"name": "王芳", "hobby": "h" * 500}).get("hobby") == "h" * 500


def test_twenty_thousand_tags_are_refused_at_once_and_dedup_is_linear() -> None:
    definition = next(f for f in _builtin_catalogue() if f.key == "tags")
    with pytest.raises(ValueError, match="too long"):
        definition.clean(",".join(f"t{i}" for i in range(20_000)))
    # The de-duplication itself keeps the first spelling and drops repeats ignoring case.
    many = ",".join(f"Tag{i % 5000}" if i % 2 else f"tag{i % 5000}" for i in range(20_000))
    assert fields.clean_tags(many).split(",")[:3] == ["tag0", "Tag1", "tag2"]
    assert len(fields.clean_tags(many).split(",")) == 5000


def _builtin_catalogue() -> list[fields.FieldDef]:
    return [
        fields.FieldDef("tags", "标签", "Tags", "tags", True, False, True, "internal", ("sales",)),
    ]


@pytest.mark.parametrize("key", ["id", "created_by", "updated_at", "updated_by", "created_at"])
def test_custom_fields_cannot_take_keys_the_record_uses(vault, owner, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        field_admin.add_custom_field(vault, owner, key=key, label_zh="编号", label_en="Number", type="text")
    assert "used by every customer record" in caught.value.errors["key"]


def test_a_legacy_field_named_id_never_replaces_the_customer_id(vault, owner) -> None:
    conn = vault.connection()
    for key in ("id", "created_by"):
        conn.execute(
            "INSERT INTO fields (key, label_zh, label_en, type, builtin, required, searchable, sensitivity,"
            " purposes, rules, position, created_at) VALUES (?, '旧', 'Old', 'text', 0, 0, 0, 'internal',"
            " '[]', '{}', 500, '2024-01-01')",
            (key,),
        )
    customer = customers.create(vault, owner, {"name": "王芳", "id": "X-99", "created_by": "mallory"})
    record = customer.as_dict()
    assert record["id"] == customer.id
    assert record["created_by"] == owner.user
    assert record["field:id"] == "X-99" and record["field:created_by"] == "mallory"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12345678901234567890", "12345678901234567890"),
        ("-0.000000000000000000001", "-0.000000000000000000001"),
        ("1,234.50", "1234.5"),
        ("１２３", "123"),
        ("1e3", "1000"),
        ("007", "7"),
        ("-0", "0"),
    ],
)
def test_numbers_are_kept_exactly(vault, owner, typed: str, stored: str) -> None:
    field_admin.add_custom_field(
        vault, owner, key="amount", label_zh="金额", label_en="Amount", type="number"
    )
    assert customers.create(vault, owner, {"name": "王芳", "amount": typed}).get("amount") == stored


@pytest.mark.parametrize("typed", ["1e400", "1" * 31, "nan", "inf", "Infinity", "1.2.3", "0x10", "12abc"])
def test_numbers_beyond_thirty_digits_or_not_numbers_are_refused(vault, owner, typed: str) -> None:
    field_admin.add_custom_field(
        vault, owner, key="amount", label_zh="金额", label_en="Amount", type="number"
    )
    with pytest.raises(ValidationError) as caught:
        customers.create(vault, owner, {"name": "王芳", "amount": typed})
    assert "amount" in caught.value.errors


def test_number_bounds_compare_exactly(vault, owner) -> None:
    field_admin.add_custom_field(
        vault, owner, key="qty", label_zh="数量", label_en="Quantity", type="number", rules={"max": 2**63}
    )
    assert customers.create(vault, owner, {"name": "a", "qty": str(2**63)}).get("qty") == str(2**63)
    with pytest.raises(ValidationError):
        customers.create(vault, owner, {"name": "b", "qty": str(2**63 + 1)})


def test_field_labels_and_choices_refuse_control_characters(vault, owner) -> None:
    with pytest.raises(ValidationError):
        field_admin.add_custom_field(
            vault, owner, key="lvl", label_zh="等级", label_en="Level\nFake", type="text"
        )
    with pytest.raises(ValidationError):
        field_admin.add_custom_field(
            vault,
            owner,
            key="lvl",
            label_zh="等级",
            label_en="Level",
            type="choice",
            rules={"choices": ["a\x1b"]},
        )


def test_a_damaged_first_page_is_one_line_on_stderr_from_a_real_process(tmp_path: Path) -> None:
    """SQLCipher's own log lines (ERROR CORE … hmac check failed) must not reach the terminal."""
    env = {**os.environ, "CUSTOS_PASSWORD": "pass-word-123", "LANG": "C.UTF-8"}
    env.pop("LC_ALL", None)
    env.pop("LANGUAGE", None)
    folder = tmp_path / "v"

    def custos(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "app.cli", *argv, "--vault", str(folder)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
        )

    assert custos("init").returncode == 0
    db = folder / "vault.db"
    data = bytearray(db.read_bytes())
    data[100] ^= 0xFF  # inside page 1, past the salt
    db.write_bytes(bytes(data))
    result = custos("customers", "list")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("custos: ") and "damaged" in result.stderr


def test_every_connection_silences_sqlcipher_logging(vault) -> None:
    assert vault.connection().execute("PRAGMA cipher_log_level").fetchone()[0] == "NONE"
