"""Importing customers (app/importing): reading each format and encoding, mapping, checking,
duplicates, provenance, consent, all-or-nothing and undo. Every file is written by the test."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app import access, consent, customers, importing, users
from app.access import Actor
from app.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from app.importing import encoding as enc
from app.importing import mapping as mapping_mod
from app.importing.readers import ImportFileError
from tests import consent_helpers
from tests.import_files import (
    HEADER_TW,
    HEADER_ZH,
    ROWS_TW,
    ROWS_ZH,
    VCARD_21,
    VCARD_30,
    VCARD_40,
    id_number,
    write_csv,
    write_xlsx,
    write_zip_bomb,
)

SOURCE = "老系统导出（客户本人登记表）"


def names(vault) -> list[str]:
    return sorted(c.name for c in customers.CustomerView(vault, vault.actor))


def import_file(vault, path: Path, **options):
    source = importing.open_source(path, **{k: options.pop(k) for k in ("encoding", "sheet") if k in options})
    mapping = options.pop("mapping", None) or importing.auto_mapping(
        access.access_for(vault, vault.actor), source.headers
    )
    options.setdefault("source_text", SOURCE)
    return importing.run(vault, vault.actor, source, mapping, **options)


# ------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
    ],
)
def test_a_chinese_csv_in_each_encoding_is_detected_and_reads_right(tmp_path, encoding, expected) -> None:
    path = write_csv(tmp_path / "c.csv", encoding=encoding)
    source = importing.open_source(path)
    assert source.encoding == expected
    assert source.headers == HEADER_ZH
    assert [r.cells[0] for r in source.records()] == [row[0] for row in ROWS_ZH]


def test_a_big5_csv_from_taiwan_reads_as_big5(tmp_path) -> None:
    path = write_csv(tmp_path / "tw.csv", HEADER_TW, ROWS_TW, encoding="big5")
    source = importing.open_source(path)
    assert source.encoding == "big5"
    assert [r.cells[0] for r in source.records()] == ["陳大文", "黃小明"]


TWO_CHARACTER_NAMES = [
    "王芳",
    "李白",
    "张伟",
    "陈静",
    "刘洋",
    "黄磊",
    "赵敏",
    "周杰",
    "吴凡",
    "孙俪",
    "郑爽",
    "林峰",
]


@pytest.mark.parametrize("name", TWO_CHARACTER_NAMES)
def test_a_two_character_name_alone_in_gbk_comes_out_right(tmp_path, name) -> None:
    """The hard case for any detector: a file holding one short name and digits."""
    path = tmp_path / "one.csv"
    path.write_bytes(f"{name},13812345678\r\n".encode("gbk"))
    guess = enc.detect(path.read_bytes())
    assert path.read_bytes().decode(guess.encoding).startswith(name)


@pytest.mark.parametrize("name", ["陳大文", "黃小明", "張偉", "林志玲", "周杰"])
def test_a_traditional_name_alone_in_big5_comes_out_right(tmp_path, name) -> None:
    data = f"{name},13812345678\r\n".encode("big5")
    assert data.decode(enc.detect(data).encoding).startswith(name)


def test_a_western_export_in_windows_1252_reads_its_accents(tmp_path) -> None:
    path = write_csv(
        tmp_path / "w.csv", ["Name", "E-mail"], [["François Müller", "fm@example.com"]], encoding="cp1252"
    )
    source = importing.open_source(path)
    assert source.encoding == "cp1252"
    assert next(source.records()).cells[0] == "François Müller"


def test_the_encoding_can_be_chosen_and_a_wrong_choice_shows_in_the_preview(tmp_path) -> None:
    path = write_csv(tmp_path / "c.csv", encoding="gbk")
    wrong = importing.open_source(path, encoding="big5")
    assert wrong.encoding == "big5"
    assert wrong.preview(1)[0].cells[0] != "王芳"
    right = importing.open_source(path, encoding="GBK")
    assert right.encoding == "gb18030" and right.preview(1)[0].cells[0] == "王芳"


def test_an_unknown_encoding_name_is_one_clear_message(tmp_path) -> None:
    path = write_csv(tmp_path / "c.csv")
    with pytest.raises(ImportFileError, match="Unknown encoding"):
        importing.open_source(path, encoding="klingon-8")


# ------------------------------------------------------------------------------------- CSV shape


@pytest.mark.parametrize(
    ("delimiter", "suffix"), [(",", ".csv"), (";", ".csv"), ("\t", ".tsv"), ("|", ".txt")]
)
def test_the_delimiter_is_detected(tmp_path, delimiter, suffix) -> None:
    path = write_csv(tmp_path / f"d{suffix}", delimiter=delimiter)
    source = importing.open_source(path)
    assert source.delimiter == delimiter
    assert next(source.records()).cells[3] == "北京华信科技有限公司"


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path) -> None:
    path = write_csv(tmp_path / "unicode.txt", delimiter="\t", encoding="utf-16")
    source = importing.open_source(path)
    assert (source.encoding, source.delimiter) == ("utf-16", "\t")
    assert [r.cells[0] for r in source.records()] == [row[0] for row in ROWS_ZH]


def test_a_title_row_above_the_header_is_skipped(tmp_path) -> None:
    path = write_csv(tmp_path / "t.csv", title="2024年客户名单", encoding="gbk")
    source = importing.open_source(path)
    assert source.header_row == 2 and source.headers == HEADER_ZH
    assert len(list(source.records())) == len(ROWS_ZH)


def test_quoted_cells_with_delimiters_and_line_breaks_stay_whole(tmp_path) -> None:
    path = write_csv(tmp_path / "q.csv", ["姓名", "备注"], [["王芳", "第一行,有逗号\n第二行"]])
    record = next(importing.open_source(path).records())
    assert record.cells == ["王芳", "第一行,有逗号\n第二行"]


# ------------------------------------------------------------------------------------- XLSX


def test_an_xlsx_sheet_and_header_row_can_be_chosen(tmp_path) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "说明": [["本表为客户名单"]],
            "客户": [
                ["客户名单（2024）"],
                ["客户名称", "手机号", "邮箱", "生日"],
                ["王芳", 13812345678, "wf@example.cn", None],
            ],
        },
    )
    source = importing.open_source(path)
    assert source.sheets == ["说明", "客户"]
    source = importing.open_source(path, sheet="客户")
    assert source.headers == ["客户名称", "手机号", "邮箱", "生日"]
    record = next(source.records())
    assert record.cells[:2] == ["王芳", "13812345678"]  # a number cell, not 13812345678.0
    chosen = importing.open_source(path, sheet="客户", header_row=1)
    assert chosen.headers[0] == "客户名单（2024）"


def test_a_missing_sheet_is_named_with_the_ones_there_are(tmp_path) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", {"客户": [["姓名"], ["王芳"]]})
    with pytest.raises(ImportFileError, match="客户"):
        importing.open_source(path, sheet="Sheet9")


def test_a_zip_bomb_named_xlsx_is_refused_before_unpacking(tmp_path) -> None:
    path = write_zip_bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(ImportFileError, match="zip bomb"):
        importing.open_source(path)


@pytest.mark.parametrize("content", [b"PK\x03\x04garbage", b"not a zip at all", b"PK\x05\x06" + b"\0" * 18])
def test_a_malformed_xlsx_is_one_clear_message(tmp_path, content) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError):
        importing.open_source(path)


def test_an_old_xls_workbook_says_how_to_convert_it(tmp_path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    with pytest.raises(ImportFileError, match="xlsx"):
        importing.open_source(path)


# ------------------------------------------------------------------------------------- vCard


def vcard_rows(path: Path) -> list[dict[str, str]]:
    source = importing.open_source(path)
    return [
        dict(zip(source.headers, r.cells, strict=True)) | {"problem": r.problem or ""}
        for r in source.records()
    ]


def test_a_vcard_21_with_quoted_printable_and_gb2312_reads_right(tmp_path) -> None:
    path = tmp_path / "phone.vcf"
    path.write_bytes(VCARD_21.encode("ascii"))
    first, second = vcard_rows(path)
    assert first["Name"] == "王芳"
    assert first["Phone"] == "13812345678"  # the preferred mobile
    assert first["Other phones"] == "13900001111; 010-58815678"
    assert (first["E-mail"], first["Other e-mails"]) == ("wangfang@example.cn", "wf2@example.cn")
    assert first["Note"] == "老客户，喜欢周末来店"  # joined across the soft line break
    assert (second["Name"], second["Organization"]) == ("李白", "远航贸易")


def test_a_vcard_30_with_folded_lines_and_escapes_reads_right(tmp_path) -> None:
    path = tmp_path / "iphone.vcf"
    path.write_text(VCARD_30, encoding="utf-8")
    (card,) = vcard_rows(path)
    assert card["Name"] == "John Smith" and card["Phone"] == "+44 20 7946 0958"
    assert card["Note"] == "Met at the trade fair, stand 12.\nCall in May.Folded on to a second line."
    assert card["Address"] == "1 Main Street, London, N1 9GU, United Kingdom"


def test_a_vcard_40_with_a_tel_uri_and_a_chinese_address_reads_right(tmp_path) -> None:
    path = tmp_path / "v4.vcf"
    path.write_text(VCARD_40, encoding="utf-8")
    (card,) = vcard_rows(path)
    assert (card["Name"], card["Phone"]) == ("陈静", "18612345678")
    assert card["Address"] == "中国上海市徐汇区中山路1号"


def test_a_vcard_with_broken_folding_is_one_bad_card_among_good_ones(tmp_path, vault) -> None:
    broken = VCARD_30.replace("\r\n Folded on", "\r\nFolded on")  # the continuation lost its space
    path = tmp_path / "broken.vcf"
    path.write_text(broken + VCARD_40, encoding="utf-8")
    rows = vcard_rows(path)
    assert "broken line folding" in rows[0]["problem"] and rows[1]["problem"] == ""
    result = import_file(vault, path)
    assert (result.counts.invalid, result.counts.created) == (1, 1)
    assert names(vault) == ["陈静"]


def test_a_vcard_import_maps_itself(tmp_path, vault) -> None:
    path = tmp_path / "phone.vcf"
    path.write_bytes(VCARD_21.encode("ascii"))
    result = import_file(vault, path)
    assert result.counts.created == 2
    wang = next(c for c in customers.CustomerView(vault, vault.actor) if c.name == "王芳")
    assert (wang.get("phone"), wang.get("email"), wang.get("notes")) == (
        "13812345678",
        "wangfang@example.cn",
        "老客户，喜欢周末来店",
    )


# ------------------------------------------------------------------------------------- mapping


def test_chinese_and_english_headers_map_automatically(vault) -> None:
    headers = ["客户名称", "联系电话", "电子邮箱", "单位", "通讯地址", "备注", "身份证号", "不认识的列"]
    mapping = importing.auto_mapping(access.access_for(vault, vault.actor), headers)
    assert mapping.targets == {
        "name": ["客户名称"],
        "phone": ["联系电话"],
        "email": ["电子邮箱"],
        "company": ["单位"],
        "address": ["通讯地址"],
        "notes": ["备注"],
        "id_number": ["身份证号"],
    }
    assert mapping.ignored(headers) == ["不认识的列"]
    english = importing.auto_mapping(
        access.access_for(vault, vault.actor), ["Full Name", "Mobile Phone", "E-mail Address", "Company"]
    )
    assert set(english.targets) == {"name", "phone", "email", "company"}


def test_family_and_given_name_columns_combine(tmp_path, vault) -> None:
    path = write_csv(tmp_path / "n.csv", ["姓", "名", "手机"], [["王", "芳", "13812345678"]])
    result = import_file(vault, path)
    assert result.counts.created == 1 and names(vault) == ["王芳"]


@pytest.mark.parametrize(
    ("headers", "program"),
    [
        (
            ["First Name", "Middle Name", "Last Name", "E-mail Address", "Mobile Phone", "Business Phone"],
            "Outlook",
        ),
        (
            ["First Name", "Last Name", "Display Name", "Primary Email", "Mobile Number", "Work Phone"],
            "Thunderbird",
        ),
        (
            [
                "First Name",
                "Last Name",
                "E-mail 1 - Type",
                "E-mail 1 - Value",
                "Phone 1 - Type",
                "Phone 1 - Value",
            ],
            "Google Contacts",
        ),
        (["姓名", "账号", "别名", "职务", "部门", "手机", "座机", "个人邮箱"], "企业微信 WeCom"),
        (["姓名", "工号", "手机号", "职位", "部门", "邮箱", "办公地点"], "钉钉 DingTalk"),
    ],
)
def test_common_exports_are_recognised_and_mapped(vault, headers, program) -> None:
    assert importing.recognise(headers) == program
    mapping = importing.auto_mapping(access.access_for(vault, vault.actor), headers)
    assert "name" in mapping.targets and "phone" in mapping.targets and "email" in mapping.targets


def test_an_outlook_export_joins_first_and_last_name(tmp_path, vault) -> None:
    header = ["First Name", "Middle Name", "Last Name", "E-mail Address", "Mobile Phone", "Business Phone"]
    path = write_csv(
        tmp_path / "outlook.csv", header, [["John", "", "Smith", "js@example.com", "+44 20 7946 0958", ""]]
    )
    import_file(vault, path)
    assert names(vault) == ["John Smith"]


def test_a_column_maps_to_a_custom_field_by_its_label(tmp_path, vault) -> None:
    from app import field_admin

    field_admin.add_custom_field(
        vault,
        vault.actor,
        key="vip_level",
        label_zh="会员等级",
        label_en="VIP level",
        type="choice",
        sensitivity="internal",
        rules={"choices": ["金", "银"]},
    )
    path = write_csv(tmp_path / "c.csv", ["姓名", "会员等级"], [["王芳", "金"], ["李白", "铜"]])
    result = import_file(vault, path)
    assert (result.counts.created, result.counts.invalid) == (1, 1)
    assert "must be one of" in result.invalid[0].reason_text()
    (wang,) = list(customers.CustomerView(vault, vault.actor))
    assert wang.get("vip_level") == "金"


def test_a_mapping_is_saved_and_offered_again_for_the_same_columns(vault) -> None:
    headers = ["名字（必填）", "电话号", "杂项"]
    mapping = importing.Mapping({"name": ["名字（必填）"], "phone": ["电话号"], "notes": ["杂项"]})
    offered, was_saved = importing.mapping_for(vault, vault.actor, headers)
    assert not was_saved and "notes" not in offered.targets
    mapping_mod.save(vault, vault.actor, headers, mapping)
    offered, was_saved = importing.mapping_for(vault, vault.actor, headers)
    assert was_saved and offered.targets == mapping.targets


def test_a_mapping_without_the_name_or_with_a_missing_column_is_refused(tmp_path, vault) -> None:
    source = importing.open_source(write_csv(tmp_path / "c.csv"))
    with pytest.raises(ValidationError, match="required"):
        importing.run(vault, vault.actor, source, importing.Mapping({"phone": ["手机"]}), source_text=SOURCE)
    with pytest.raises(ValidationError, match="no column"):
        importing.run(vault, vault.actor, source, importing.Mapping({"name": ["Name"]}), source_text=SOURCE)


def make_user(vault, name: str, role: str) -> Actor:
    users.add(vault, vault.actor, name, f"{name}-pass-1", role)
    return Actor(name, role)


def test_a_role_without_the_import_permission_cannot_import(tmp_path, vault) -> None:
    sally = make_user(vault, "sally", "sales")
    source = importing.open_source(write_csv(tmp_path / "c.csv"))
    mapping = importing.Mapping({"name": ["姓名"], "phone": ["手机"]})
    with pytest.raises(PermissionDeniedError, match="import"):
        importing.run(vault, sally, source, mapping, source_text=SOURCE)
    with pytest.raises(PermissionDeniedError):
        importing.list_imports(vault, sally)
    assert customers.count(vault, vault.actor) == 0


def test_a_role_may_map_only_fields_it_may_write(tmp_path, vault) -> None:
    access.set_permissions(
        vault, vault.actor, "sales", ["import_customers", "view_consent", "record_consent"]
    )
    sally = make_user(vault, "sally", "sales")
    source = importing.open_source(
        write_csv(tmp_path / "c.csv", ["姓名", "手机", "身份证号"], [["王芳", "13812345678", id_number()]])
    )
    offered = importing.auto_mapping(access.access_for(vault, sally), source.headers)
    assert "id_number" not in offered.targets  # hidden from sales: never offered
    with pytest.raises(PermissionDeniedError, match="id_number"):
        importing.run(
            vault,
            sally,
            source,
            importing.Mapping({"name": ["姓名"], "id_number": ["身份证号"]}),
            source_text=SOURCE,
        )
    result = importing.run(vault, sally, source, offered, source_text=SOURCE)
    assert result.counts.created == 1


def test_new_vaults_give_owners_and_managers_the_import_permission(vault) -> None:
    policy = access.access_for(vault, vault.actor).policy
    assert policy.allows("manager", "import_customers")
    assert not policy.allows("sales", "import_customers")
    assert "import_customers" in access.DEFAULT_PERMISSIONS["manager"]


# ------------------------------------------------------------------------------------- checking


def test_the_dry_run_previews_rows_as_stored_with_counts_and_changes_nothing(tmp_path, vault) -> None:
    rows = [*ROWS_ZH, ["坏号码", "12345", "not-an-email", "", "", ""]]
    source = importing.open_source(write_csv(tmp_path / "c.csv", rows=rows, encoding="gbk"))
    mapping = importing.auto_mapping(access.access_for(vault, vault.actor), source.headers)
    result = importing.run(vault, vault.actor, source, mapping, dry_run=True)
    assert result.import_id is None and customers.count(vault, vault.actor) == 0
    assert (result.counts.rows, result.counts.new, result.counts.invalid) == (5, 4, 1)
    li = result.preview[1]
    assert (li.values["phone"], li.values["email"]) == ("13900001111", "libai@example.cn")  # stored form
    assert result.preview[2].values["phone"] == "15011112222"
    bad = result.invalid[0]
    assert bad.line == 6 and set(bad.reasons) == {"Phone", "Email"}
    assert importing.list_imports(vault, vault.actor) == []


def test_invalid_rows_are_saved_with_reasons_and_import_after_fixing(tmp_path, vault) -> None:
    rows = [ROWS_ZH[0], ["坏号码", "12345", "", "", "", ""], ["", "13700001111", "", "", "", ""]]
    source = importing.open_source(write_csv(tmp_path / "c.csv", rows=rows, encoding="gbk"))
    mapping = importing.auto_mapping(access.access_for(vault, vault.actor), source.headers)
    out = tmp_path / "invalid.csv"
    assert importing.write_invalid_rows(vault, vault.actor, source, mapping, out) == 2
    with out.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == [*HEADER_ZH, "Import problem"]
    assert written[1][0] == "坏号码" and "line 3" in written[1][-1] and "phone" in written[1][-1].lower()
    assert "Name: required" in written[2][-1]
    written[1][1], written[2][0] = "13600001111", "无名氏"
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(written)
    again = import_file(vault, out)
    assert (again.counts.created, again.counts.invalid) == (2, 0)
    assert names(vault) == ["坏号码", "无名氏"]


# ------------------------------------------------------------------------------------- duplicates


@pytest.fixture
def existing(vault) -> int:
    return customers.create(
        vault, vault.actor, {"name": "王芳", "phone": "13812345678", "company": "旧公司"}
    ).id


def dup_file(tmp_path) -> Path:
    return write_csv(
        tmp_path / "dup.csv",
        ["姓名", "手机", "邮箱", "公司"],
        [
            ["王芳（新）", "138 1234 5678", "wf@example.cn", "新公司"],  # the vault's 王芳 by phone
            ["李白", "13900001111", "", ""],
            ["李白", "13900001111", "libai@example.cn", ""],  # the row above, again
        ],
    )


def test_duplicates_are_skipped_by_default(tmp_path, vault, existing) -> None:
    result = import_file(vault, dup_file(tmp_path))
    c = result.counts
    assert (c.new, c.duplicate, c.duplicate_in_file, c.skipped, c.created) == (1, 1, 1, 2, 1)
    assert customers.get(vault, vault.actor, existing).get("company") == "旧公司"


def test_fill_completes_empty_fields_only(tmp_path, vault, existing) -> None:
    import_file(vault, dup_file(tmp_path), on_duplicate="fill")
    wang = customers.get(vault, vault.actor, existing)
    assert (wang.name, wang.get("email"), wang.get("company")) == ("王芳", "wf@example.cn", "旧公司")
    li = [c for c in customers.CustomerView(vault, vault.actor) if c.name == "李白"]
    assert len(li) == 1 and li[0].get("email") == "libai@example.cn"  # filled from the file's second row


def test_overwrite_replaces_with_the_files_values(tmp_path, vault, existing) -> None:
    result = import_file(vault, dup_file(tmp_path), on_duplicate="overwrite")
    wang = customers.get(vault, vault.actor, existing)
    assert (wang.name, wang.get("company"), wang.get("email")) == ("王芳（新）", "新公司", "wf@example.cn")
    # The vault's 王芳; the file's second 李白 joined the first before either was written.
    assert result.counts.updated == 1


def test_create_anyway_adds_every_row(tmp_path, vault, existing) -> None:
    import_file(vault, dup_file(tmp_path), on_duplicate="create")
    assert customers.count(vault, vault.actor) == 4


def test_an_id_number_duplicate_is_found_through_the_blind_index(tmp_path, vault) -> None:
    customers.create(vault, vault.actor, {"name": "王芳", "id_number": id_number()})
    path = write_csv(tmp_path / "id.csv", ["姓名", "身份证号"], [["王芳", id_number().lower()]])
    result = import_file(vault, path)
    assert result.counts.duplicate == 1 and result.counts.created == 0


# ------------------------------------------------------------------------------------- provenance


def test_an_import_records_who_what_file_when_and_the_source(tmp_path, vault) -> None:
    path = write_csv(tmp_path / "客户.csv", encoding="gbk")
    result = import_file(vault, path)
    (record,) = importing.list_imports(vault, vault.actor)
    assert record.id == result.import_id and record.user == vault.actor.user
    assert (
        record.file_name == "客户.csv"
        and record.file_sha256 == result.sha256 == importing.engine.file_sha256(path)
    )
    assert record.source == SOURCE and record.encoding == "gb18030"
    assert record.counts["created"] == 4 and record.mapping["fields"]["name"] == ["姓名"]
    for customer in customers.CustomerView(vault, vault.actor):
        assert customer.get("source") == SOURCE
    row = vault.connection().execute(
        "SELECT count(*) FROM customers WHERE import_id = ?", (result.import_id,)
    )
    assert row.fetchone()[0] == 4
    actions = [e.action for e in vault.audit().entries(limit=20)]
    assert "import.commit" in actions


def test_an_import_needs_its_source_stated(tmp_path, vault) -> None:
    with pytest.raises(ValidationError, match="came from"):
        import_file(vault, write_csv(tmp_path / "c.csv"), source_text="  ")
    assert customers.count(vault, vault.actor) == 0


def test_a_consent_column_becomes_consent_records_with_channel_imported(tmp_path, vault) -> None:
    consent_helpers.add_text(vault, vault.actor, "marketing", purposes=("marketing",))
    child = id_number(
        __import__("datetime").date.today().replace(year=__import__("datetime").date.today().year - 8)
    )
    path = write_csv(
        tmp_path / "consent.csv",
        ["姓名", "手机", "身份证号", "同意营销"],
        [
            ["王芳", "13812345678", "", "是"],
            ["李白", "13900001111", "", "否"],
            ["张伟", "15011112222", "", ""],
            ["小朋友", "15011113333", child, "是"],
            ["乱写", "15011114444", "", "也许"],
        ],
    )
    result = import_file(vault, path)
    assert (result.counts.created, result.counts.consents, result.counts.consents_minors) == (4, 2, 1)
    assert result.counts.invalid == 1 and "是/否" in result.invalid[0].reason_text()
    by_name = {c.name: c.id for c in customers.CustomerView(vault, vault.actor)}
    (given,) = consent.history(vault, vault.actor, by_name["王芳"])
    assert (given.status, given.channel, given.purpose) == ("given", "imported", "marketing")
    assert consent.history(vault, vault.actor, by_name["李白"])[0].status == "refused"
    assert consent.history(vault, vault.actor, by_name["张伟"]) == []
    assert consent.history(vault, vault.actor, by_name["小朋友"]) == []


def test_a_consent_column_without_a_notice_text_is_refused_before_anything(tmp_path, vault) -> None:
    path = write_csv(tmp_path / "c.csv", ["姓名", "同意营销"], [["王芳", "是"]])
    with pytest.raises(ValidationError, match="notice text"):
        import_file(vault, path)
    assert customers.count(vault, vault.actor) == 0


# ------------------------------------------------------------------------------------- all or nothing


def test_cancel_leaves_nothing(tmp_path, vault) -> None:
    rows = [[f"客户{i}", f"1380000{i:04d}", "", "", "", ""] for i in range(3000)]
    path = write_csv(tmp_path / "big.csv", rows=rows)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 5  # after some batches were written

    with pytest.raises(importing.ImportCancelled):
        import_file(vault, path, cancelled=cancelled)
    assert customers.count(vault, vault.actor) == 0
    assert importing.list_imports(vault, vault.actor) == []


def test_an_error_half_way_leaves_nothing(tmp_path, vault, monkeypatch) -> None:
    rows = [[f"客户{i}", f"1380000{i:04d}", "", "", "", ""] for i in range(5000)]
    path = write_csv(tmp_path / "big.csv", rows=rows)
    calls = []
    real = customers.create_many

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(customers, "create_many", failing)
    with pytest.raises(OSError):
        import_file(vault, path)
    assert len(calls) == 2
    assert customers.count(vault, vault.actor) == 0


def test_an_import_that_changes_nothing_records_nothing(tmp_path, vault, existing) -> None:
    path = write_csv(tmp_path / "same.csv", ["姓名", "手机"], [["王芳", "13812345678"]])
    result = import_file(vault, path)
    assert result.import_id is None and result.counts.skipped == 1
    assert importing.list_imports(vault, vault.actor) == []


# ------------------------------------------------------------------------------------- undo


def test_undo_removes_created_customers_and_restores_overwritten_fields(tmp_path, vault, existing) -> None:
    result = import_file(vault, dup_file(tmp_path), on_duplicate="overwrite")
    undone = importing.undo(vault, vault.actor, result.import_id)
    assert (undone.removed, undone.kept, undone.restored) == (1, 0, 4)  # name, e-mail, company, source
    assert names(vault) == ["王芳"]
    assert customers.search(vault, vault.actor, "李白").ids == []  # gone from the search indexes too
    assert customers.search(vault, vault.actor, "13900001111").ids == []
    wang = customers.get(vault, vault.actor, existing)
    assert (wang.get("company"), wang.get("email")) == ("旧公司", None)
    assert importing.get_import(vault, vault.actor, result.import_id).undone_by == vault.actor.user
    with pytest.raises(KnownError, match="already undone"):
        importing.undo(vault, vault.actor, result.import_id)


def test_undo_keeps_a_value_someone_changed_after_the_import(tmp_path, vault, existing) -> None:
    result = import_file(vault, dup_file(tmp_path), on_duplicate="overwrite")
    customers.update(vault, vault.actor, existing, {"company": "后来改的公司"})
    undone = importing.undo(vault, vault.actor, result.import_id)
    assert undone.kept == 1
    wang = customers.get(vault, vault.actor, existing)
    assert (wang.get("company"), wang.name) == ("后来改的公司", "王芳")


def test_undo_restores_an_overwritten_id_number(tmp_path, vault) -> None:
    original = customers.create(
        vault, vault.actor, {"name": "王芳", "phone": "13812345678", "id_number": id_number()}
    ).id
    other = id_number(serial="456")
    path = write_csv(tmp_path / "id.csv", ["姓名", "手机", "身份证号"], [["王芳", "13812345678", other]])
    result = import_file(vault, path, on_duplicate="overwrite")
    assert customers.get(vault, vault.actor, original).get("id_number") == other
    stored = vault.connection().execute("SELECT old_value FROM import_changes").fetchone()[0]
    assert stored.startswith("enc1:")  # the replaced ID number is kept encrypted
    importing.undo(vault, vault.actor, result.import_id)
    assert customers.get(vault, vault.actor, original).get("id_number") == id_number()


def test_another_users_import_needs_the_delete_permission_to_undo(tmp_path, vault) -> None:
    access.set_permissions(
        vault, vault.actor, "sales", ["import_customers", "view_consent", "record_consent"]
    )
    sally = make_user(vault, "sally", "sales")
    mine = import_file(vault, write_csv(tmp_path / "c.csv"))
    with pytest.raises(PermissionDeniedError, match="undo"):
        importing.undo(vault, sally, mine.import_id)
    source = importing.open_source(write_csv(tmp_path / "s.csv", ["姓名", "手机"], [["赵敏", "13700001111"]]))
    hers = importing.run(
        vault,
        sally,
        source,
        importing.auto_mapping(access.access_for(vault, sally), source.headers),
        source_text=SOURCE,
    )
    assert importing.undo(vault, sally, hers.import_id).removed == 1


def test_undo_of_an_unknown_import_is_not_found(vault) -> None:
    with pytest.raises(NotFoundError):
        importing.undo(vault, vault.actor, 99)


def test_the_import_is_audited_with_its_counts_and_undo(tmp_path, vault) -> None:
    result = import_file(vault, write_csv(tmp_path / "c.csv"))
    importing.undo(vault, vault.actor, result.import_id)
    entries = {e.action: e for e in vault.audit().entries(limit=50)}
    assert entries["import.commit"].details["counts"]["created"] == 4
    assert entries["import.undo"].details["removed"] == 4
    assert vault.audit().verify().ok


def test_a_mapping_file_in_json_is_read_and_checked() -> None:
    mapping = importing.Mapping.from_json(json.loads('{"fields": {"name": ["姓", "名"], "phone": "手机"}}'))
    assert mapping.targets == {"name": ["姓", "名"], "phone": ["手机"]}
    with pytest.raises(ValidationError):
        importing.Mapping.from_json({"fields": {"name": 3}})


def test_undo_refuses_whole_when_the_role_may_no_longer_write_a_field_it_would_restore(
    tmp_path, vault
) -> None:
    access.set_permissions(
        vault, vault.actor, "sales", ["import_customers", "view_consent", "record_consent"]
    )
    sally = make_user(vault, "sally", "sales")
    existing = customers.create(
        vault, vault.actor, {"name": "王芳", "phone": "13812345678", "email": "old@example.cn"}
    )
    path = write_csv(
        tmp_path / "s.csv",
        ["姓名", "手机", "邮箱"],
        [["王芳", "13812345678", "new@example.cn"], ["赵敏", "13700001111", ""]],
    )
    source = importing.open_source(path)
    mapping = importing.auto_mapping(access.access_for(vault, sally), source.headers)
    result = importing.run(vault, sally, source, mapping, on_duplicate="overwrite", source_text=SOURCE)
    assert customers.get(vault, vault.actor, existing.id).get("email") == "new@example.cn"
    access.set_level(vault, vault.actor, "sales", "email", "read")  # the owner narrows the role since
    with pytest.raises(PermissionDeniedError, match="email"):
        importing.undo(vault, sally, result.import_id)
    assert customers.count(vault, vault.actor) == 2  # nothing undone, not even the new customer
    assert importing.get_import(vault, vault.actor, result.import_id).undone_at is None


def test_undo_removes_every_customer_when_it_works_in_steps(tmp_path, vault, monkeypatch) -> None:
    monkeypatch.setattr(importing.engine, "UNDO_STEP", 2)
    rows = [[f"客户{i}", f"1370000000{i}"] for i in range(5)]
    result = import_file(vault, write_csv(tmp_path / "five.csv", ["姓名", "手机"], rows))
    assert importing.undo(vault, vault.actor, result.import_id).removed == 5
    assert customers.count(vault, vault.actor) == 0
    assert customers.search(vault, vault.actor, "客户").ids == []
