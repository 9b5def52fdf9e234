"""The field catalogue: built-in validators, custom fields, and the errors a person sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app import customers, field_admin
from app.access import Actor
from app.errors import KnownError, NotFoundError, ValidationError
from app.fields import (
    Catalogue,
    clean_cn_id,
    clean_date,
    clean_email,
    clean_phone,
    clean_tags,
    cn_id_check_char,
)
from app.vault import Vault


def make_id(first17: str) -> str:
    return first17 + cn_id_check_char(first17)


def id_ending_in_x() -> str:
    for seq in range(1000):
        first17 = f"11010519900307{seq:03d}"
        if cn_id_check_char(first17) == "X":
            return first17 + "X"
    raise AssertionError("no ID with check character X in range")


# ------------------------------------------------------------------------------ phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("86 13812345678", "13812345678"),
        ("(+86) 199 0000 1111", "19900001111"),
        ("+44 20 7946 0958", "+442079460958"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-0132", "+14155550132"),
        ("010-12345678", "010-12345678"),
        ("(010) 1234 5678", "010-12345678"),
        ("021 6234 5678", "021-62345678"),
        ("0755-12345678", "0755-12345678"),
        ("0571 8888 8888", "0571-88888888"),
        # full-width input from a Chinese input method
        ("１３８ １２３４ ５６７８", "13812345678"),
        ("13８1234５678", "13812345678"),
        ("＋８６　１３８－１２３４－５６７８", "13812345678"),
        ("（０１０）１２３４５６７８", "010-12345678"),
        ("+44 ２0 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_are_normalised(typed: str, stored: str) -> None:
    assert clean_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "12345",
        "1381234567",
        "138123456789",
        "12812345678",
        "abc",
        "138-1234-567x",
        "+0 123 456 789",
        "+12",
        "+44 20 7946 0958 0000 0000",
        "电话13812345678",
        "١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits are not silently stored
        "++8613812345678",
        "0755-1234567",  # Shenzhen numbers have eight digits
        "(555) 123-4567",  # a US-style number is not a landline in the home region CN
        "14012345678",  # no mobile network uses 140
    ],
)
def test_invalid_phone_numbers_are_rejected_with_a_message(typed: str) -> None:
    with pytest.raises(ValueError, match=r"phone|number|digits") as caught:
        clean_phone(typed)
    assert len(str(caught.value)) > 15


# ------------------------------------------------------------------------------ e-mail


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("alice@example.com", "alice@example.com"),
        ("Alice.Smith@Example.COM", "alice.smith@example.com"),
        ("wang+vip@mail.qq.com", "wang+vip@mail.qq.com"),
        ("张三@例子.中国", "张三@例子.中国"),
    ],
)
def test_emails_are_lower_cased(typed: str, stored: str) -> None:
    assert clean_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "alice",
        "alice@",
        "@example.com",
        "a@b",
        "a@@b.com",
        "a b@c.com",
        "a@b..com",
        "a@.com",
        "x" * 250 + "@example.com",
    ],
)
def test_invalid_emails_are_rejected(typed: str) -> None:
    with pytest.raises(ValueError, match="e-mail"):
        clean_email(typed)


# ------------------------------------------------------------------------------ resident ID


def test_valid_resident_ids_pass_and_lowercase_x_becomes_upper() -> None:
    valid = make_id("11010519491231002")
    assert clean_cn_id(valid) == valid
    assert clean_cn_id(" " + valid[:6] + " " + valid[6:] + " ") == valid
    with_x = id_ending_in_x()
    assert clean_cn_id(with_x.lower()) == with_x
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in with_x.lower())  # １１０…ｘ
    assert clean_cn_id(full_width) == with_x


@pytest.mark.parametrize("seq", range(0, 1000, 37))
def test_generated_ids_with_their_check_character_are_accepted(seq: int) -> None:
    value = make_id(f"44030619851120{seq:03d}")
    assert clean_cn_id(value) == value


def test_a_wrong_check_digit_is_rejected() -> None:
    valid = make_id("11010519491231002")
    wrong = valid[:17] + ("1" if valid[17] != "1" else "2")
    with pytest.raises(ValueError, match="check digit"):
        clean_cn_id(wrong)


@pytest.mark.parametrize("birth", ["19490230", "19901301", "19900000", "18991231"])
def test_an_impossible_birth_date_is_rejected(birth: str) -> None:
    with pytest.raises(ValueError, match="date of birth"):
        clean_cn_id(make_id(f"110105{birth}002"))


def test_a_birth_date_in_the_future_is_rejected() -> None:
    tomorrow = (date.today() + timedelta(days=400)).strftime("%Y%m%d")
    with pytest.raises(ValueError, match="date of birth"):
        clean_cn_id(make_id(f"110105{tomorrow}002"))


@pytest.mark.parametrize("typed", ["1101051949123100", "11010519491231002XX", "1101051949123100Y2", "abc"])
def test_malformed_ids_are_rejected(typed: str) -> None:
    with pytest.raises(ValueError, match="18 characters"):
        clean_cn_id(typed)


# ------------------------------------------------------------------------------ tags


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("VIP，老客户", "VIP,老客户"),
        ("VIP, vip ,Vip", "VIP"),
        ("北京；上海;广州、深圳", "北京,上海,广州,深圳"),
        (" a ,, ,b ", "a,b"),
    ],
)
def test_tags_are_split_on_chinese_and_latin_separators_and_deduplicated(typed: str, stored: str) -> None:
    assert clean_tags(typed) == stored


def test_tags_are_stored_normalised_through_the_service(vault: Vault, owner: Actor) -> None:
    customer = customers.create(vault, owner, {"name": "王芳", "tags": "VIP，老客户，vip"})
    assert customer.values["tags"] == "VIP,老客户"


# ------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "typed", ["2024-03-08", "2024/3/8", "2024.3.8", "2024年3月8日", "2024 年 3 月 8 日", "2024-3-08"]
)
def test_dates_in_common_formats_are_stored_as_iso(typed: str) -> None:
    assert clean_date(typed) == "2024-03-08"


@pytest.mark.parametrize("typed", ["2024-02-30", "8/3/2024", "2024-13-01", "yesterday", "20240308"])
def test_impossible_or_ambiguous_dates_are_rejected(typed: str) -> None:
    with pytest.raises(ValueError, match="date"):
        clean_date(typed)


# ------------------------------------------------------------------------------ custom fields


@pytest.fixture
def custom(vault: Vault, owner: Actor) -> Vault:
    field_admin.add_custom_field(
        vault,
        owner,
        key="wechat",
        label_zh="微信号",
        label_en="WeChat ID",
        type="text",
        rules={"max_length": 20},
    )
    field_admin.add_custom_field(
        vault,
        owner,
        key="spend",
        label_zh="消费额",
        label_en="Spend",
        type="number",
        rules={"min": 0, "max": 100000},
        purposes=["billing"],
    )
    field_admin.add_custom_field(
        vault, owner, key="birthday", label_zh="生日", label_en="Birthday", type="date"
    )
    field_admin.add_custom_field(
        vault,
        owner,
        key="level",
        label_zh="会员等级",
        label_en="Level",
        type="choice",
        rules={"choices": ["金卡", "银卡", "普通"]},
        sensitivity="internal",
    )
    return vault


def test_custom_fields_are_added_with_both_labels_and_classification(custom: Vault) -> None:
    catalogue = Catalogue.load(custom.connection())
    level = catalogue.get("level")
    assert (level.label("zh_CN"), level.label("en")) == ("会员等级", "Level")
    assert level.type == "choice" and not level.builtin and level.sensitivity == "internal"
    assert catalogue.get("spend").purposes == ("billing",)
    keys = [f.key for f in catalogue]
    assert keys[-4:] == ["wechat", "spend", "birthday", "level"], "new fields go to the end"
    assert keys[0] == "name"


def test_custom_field_values_are_validated(custom: Vault, owner: Actor) -> None:
    catalogue = Catalogue.load(custom.connection())
    assert catalogue.clean(
        {"spend": "1,200", "birthday": "2024年3月8日", "level": "金卡"}, creating=False
    ) == {"spend": "1200", "birthday": "2024-03-08", "level": "金卡"}
    assert catalogue.clean({"birthday": "2024/3/8"}, creating=False) == {"birthday": "2024-03-08"}
    assert catalogue.clean({"spend": "99.5"}, creating=False) == {"spend": "99.5"}
    with pytest.raises(ValidationError) as caught:
        catalogue.clean(
            {"spend": "-1", "birthday": "2024-02-30", "level": "钻石卡", "wechat": "w" * 21}, creating=False
        )
    assert set(caught.value.errors) == {"spend", "birthday", "level", "wechat"}
    assert "at least 0" in caught.value.errors["spend"]
    assert "金卡" in caught.value.errors["level"]
    assert "too long" in caught.value.errors["wechat"]
    with pytest.raises(ValidationError, match="at most 100000"):
        catalogue.clean({"spend": "100001"}, creating=False)
    with pytest.raises(ValidationError, match="not a number"):
        catalogue.clean({"spend": "lots"}, creating=False)


def test_a_custom_field_can_be_renamed(custom: Vault, owner: Actor) -> None:
    renamed = field_admin.update_field(custom, owner, "wechat", label_zh="微信", label_en="WeChat")
    assert (renamed.label_zh, renamed.label_en) == ("微信", "WeChat")
    assert Catalogue.load(custom.connection()).get("wechat").label_en == "WeChat"
    with pytest.raises(ValidationError, match="label"):
        field_admin.update_field(custom, owner, "wechat", label_en="  ")


def test_builtin_fields_can_be_relabelled_but_not_revalidated(vault: Vault, owner: Actor) -> None:
    field_admin.update_field(vault, owner, "company", label_zh="单位")
    assert Catalogue.load(vault.connection()).get("company").label_zh == "单位"
    with pytest.raises(ValidationError, match="built-in"):
        field_admin.update_field(vault, owner, "phone", rules={"max_length": 3})


def test_fields_can_be_reordered(custom: Vault, owner: Actor) -> None:
    keys = [f.key for f in Catalogue.load(custom.connection())]
    new_order = list(reversed(keys))
    field_admin.reorder_fields(custom, owner, new_order)
    assert [f.key for f in Catalogue.load(custom.connection())] == new_order
    with pytest.raises(ValidationError, match="every field"):
        field_admin.reorder_fields(custom, owner, new_order[1:])
    with pytest.raises(ValidationError, match="every field"):
        field_admin.reorder_fields(custom, owner, [*new_order, "name"])


def test_a_retired_field_keeps_old_values_but_rejects_new_ones(custom: Vault, owner: Actor) -> None:
    customer = customers.create(custom, owner, {"name": "王芳", "wechat": "wangfang88"})
    field_admin.retire_field(custom, owner, "wechat")
    catalogue = Catalogue.load(custom.connection())
    assert catalogue.get("wechat").retired
    assert "wechat" not in [f.key for f in catalogue.active()]
    assert customers.get(custom, owner, customer.id).values["wechat"] == "wangfang88"
    with pytest.raises(ValidationError) as caught:
        customers.create(custom, owner, {"name": "李雷", "wechat": "lilei"})
    assert "retired" in caught.value.errors["wechat"]
    with pytest.raises(ValidationError, match="retired"):
        customers.update(custom, owner, customer.id, {"wechat": "new-id"})
    cleared = customers.update(custom, owner, customer.id, {"wechat": None})  # erasing is still allowed
    assert "wechat" not in cleared.values


def test_builtin_fields_cannot_be_retired(vault: Vault, owner: Actor) -> None:
    with pytest.raises(KnownError, match="built-in"):
        field_admin.retire_field(vault, owner, "phone")


@pytest.mark.parametrize("key", ["Wechat", "1st", "we-chat", "we chat", "", "_x", "微信", "a" * 41])
def test_custom_field_keys_must_be_simple_identifiers(vault: Vault, owner: Actor, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        field_admin.add_custom_field(vault, owner, key=key, label_zh="标签", label_en="Label", type="text")
    assert "key" in caught.value.errors


def test_duplicate_field_keys_are_refused(custom: Vault, owner: Actor) -> None:
    with pytest.raises(ValidationError, match="already exists"):
        field_admin.add_custom_field(
            custom, owner, key="wechat", label_zh="微信", label_en="WeChat", type="text"
        )
    with pytest.raises(ValidationError, match="already exists"):
        field_admin.add_custom_field(
            custom, owner, key="phone", label_zh="电话", label_en="Phone", type="text"
        )


def test_custom_field_definitions_are_checked(vault: Vault, owner: Actor) -> None:
    def add(**kwargs: object) -> None:
        args: dict = {"key": "x", "label_zh": "甲", "label_en": "X", "type": "text", **kwargs}
        field_admin.add_custom_field(vault, owner, **args)

    with pytest.raises(ValidationError, match="type"):
        add(type="phone")
    with pytest.raises(ValidationError, match="label"):
        add(label_zh=" ")
    with pytest.raises(ValidationError, match="choice"):
        add(type="choice")
    with pytest.raises(ValidationError, match="sensitivity"):
        add(sensitivity="secret")
    with pytest.raises(ValidationError, match="purpose"):
        add(purposes=["spying"])
    assert "x" not in Catalogue.load(vault.connection())


def test_unknown_fields_are_named(vault: Vault) -> None:
    with pytest.raises(NotFoundError, match="nickname"):
        Catalogue.load(vault.connection()).get("nickname")


def test_validation_error_lists_every_bad_field_at_once(custom: Vault, owner: Actor) -> None:
    bad = {
        "name": "",
        "phone": "12345",
        "email": "not-an-email",
        "id_number": "110105194912310021",
        "birthday": "someday",
        "level": "钻石卡",
        "nickname": "x",
    }
    with pytest.raises(ValidationError) as caught:
        customers.create(custom, owner, bad)
    assert set(caught.value.errors) == set(bad)
    assert caught.value.errors["name"] == "required"
    assert caught.value.errors["nickname"] == "unknown field"
    for key in bad:
        assert key in caught.value.message
    assert customers.count(custom, owner) == 0


def test_the_name_is_required_when_creating(vault: Vault, owner: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        customers.create(vault, owner, {"phone": "13812345678"})
    assert caught.value.errors == {"name": "required"}
