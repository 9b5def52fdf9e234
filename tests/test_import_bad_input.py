"""Bad files: each problem is one clear message for its row or for the file, never a traceback,
never a part of a file's rows committed after a file-level error. Fuzzed with hypothesis."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import access, customers, importing
from app.errors import KnownError
from app.importing.readers import ImportFileError
from tests.import_files import VCARD_30, write_csv, write_xlsx

SOURCE = "测试文件"
HEADER = ["姓名", "手机", "备注"]


def dry_run(vault, path: Path, **options):
    source = importing.open_source(path, **options)
    mapping = importing.auto_mapping(access.access_for(vault, vault.actor), source.headers)
    return importing.run(vault, vault.actor, source, mapping, dry_run=True)


def commit(vault, path: Path):
    source = importing.open_source(path)
    mapping = importing.auto_mapping(access.access_for(vault, vault.actor), source.headers)
    return importing.run(vault, vault.actor, source, mapping, source_text=SOURCE)


def reasons(result) -> dict[int, str]:
    return {o.line: o.reason_text() for o in result.invalid}


def test_a_row_with_too_many_cells_is_named_and_a_short_one_is_filled(tmp_path, vault) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "姓名,手机,备注\n王芳,13812345678\n李白,13900001111,备注,多出来的\n张伟,15011112222,,\n", "utf-8"
    )
    result = dry_run(vault, path)
    assert result.counts.new == 2 and result.counts.invalid == 1
    assert "4 cells but the header has 3 columns" in reasons(result)[3]


def test_a_stray_quote_spoils_only_its_row(tmp_path, vault) -> None:
    path = tmp_path / "quote.csv"
    path.write_text('姓名,手机\n"王芳"x,13812345678\n李白,13900001111\n', "utf-8")
    result = dry_run(vault, path)
    assert result.counts.new == 1 and "check its quotes" in reasons(result)[2]


def test_a_quote_never_closed_names_the_lines_it_swallowed(tmp_path, vault) -> None:
    path = tmp_path / "open.csv"
    path.write_text('姓名,手机\n李白,13900001111\n"王芳,13812345678\n张伟,15011112222\n', "utf-8")
    result = dry_run(vault, path)
    assert result.counts.new == 1
    assert "never closed" in reasons(result)[3] and "lines 3 to 4" in reasons(result)[3]


def test_line_breaks_inside_quotes_stay_in_notes_and_are_refused_in_a_name(tmp_path, vault) -> None:
    path = write_csv(
        tmp_path / "nl.csv",
        HEADER,
        [["王芳", "13812345678", "第一行\n第二行"], ["李\n白", "13900001111", ""]],
    )
    result = dry_run(vault, path)
    assert result.preview[0].values["notes"] == "第一行\n第二行"
    assert "line break" in result.invalid[0].reason_text()


def test_a_nul_byte_is_refused_in_its_row(tmp_path, vault) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes("姓名,手机\n王\x00芳,13812345678\n李白,13900001111\n".encode())
    result = dry_run(vault, path)
    assert result.counts.new == 1 and "control character (U+0000)" in result.invalid[0].reason_text()


def test_a_one_megabyte_cell_is_refused_in_its_row(tmp_path, vault) -> None:
    path = write_csv(
        tmp_path / "big.csv", HEADER, [["王芳", "13812345678", "很" * 1_000_000], ["李白", "13900001111", ""]]
    )
    result = dry_run(vault, path)
    assert result.counts.new == 1 and "too long: 1,000,000 characters" in result.invalid[0].reason_text()


def test_a_runaway_cell_larger_than_any_csv_is_a_file_error_and_nothing_is_imported(tmp_path, vault) -> None:
    path = tmp_path / "runaway.csv"
    path.write_bytes(b'name,phone\nWang,13812345678\n"' + b"x" * (17 * 1024 * 1024) + b"\n")
    with pytest.raises(ImportFileError, match="more than 16 MB"):
        commit(vault, path)
    assert customers.count(vault, vault.actor) == 0


def test_a_utf8_row_in_a_gbk_file_is_refused_as_mixed_encodings(tmp_path, vault) -> None:
    data = "姓名,手机\n王芳,13812345678\n李白,13900001111\n".encode("gbk") + "张伟,15011112222\n".encode()
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    result = dry_run(vault, path)
    assert result.counts.new == 2
    assert "mixes encodings" in reasons(result)[4]


def test_a_gbk_row_in_a_utf8_file_is_refused(tmp_path, vault) -> None:
    data = ("姓名,手机\n" + "王芳,13812345678\n" * 200).encode() + "李白,13900001111\n".encode("gbk")
    path = tmp_path / "mixed8.csv"
    path.write_bytes(data)
    source = importing.open_source(path)
    assert source.encoding == "utf-8"
    problems = [r.problem for r in source.records() if r.problem]
    assert len(problems) == 1 and "not valid UTF-8" in problems[0]


def test_a_workbook_damaged_half_way_is_a_file_error_and_nothing_is_imported(tmp_path, vault) -> None:
    good = write_xlsx(
        tmp_path / "good.xlsx",
        {"客户": [["姓名", "手机"], *[[f"客户{i}", f"138{i:08d}"] for i in range(3000)]]},
    )
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) * 2 // 3]  # the sheet's XML ends mid-row
            target.writestr(item, data)
    with pytest.raises(ImportFileError, match="damaged"):
        commit(vault, broken)
    assert customers.count(vault, vault.actor) == 0


def test_a_truncated_workbook_is_one_clear_message(tmp_path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"客户": [["姓名"], ["王芳"]]})
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:400])
    with pytest.raises(ImportFileError):
        importing.open_source(cut)


def test_a_workbook_with_too_many_parts_is_refused(tmp_path) -> None:
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<x/>")
        for i in range(10_001):
            archive.writestr(f"junk/{i}", b"")
    with pytest.raises(ImportFileError, match="parts"):
        importing.open_source(path)


def test_a_vcard_cut_short_is_a_problem_of_its_last_card(tmp_path, vault) -> None:
    path = tmp_path / "cut.vcf"
    path.write_text(VCARD_30 + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王芳\r\nTEL:13812345678\r\n", "utf-8")
    result = dry_run(vault, path)
    assert result.counts.new == 1 and "no END:VCARD" in result.invalid[0].reason_text()


def test_a_vcard_with_an_unknown_charset_names_it(tmp_path, vault) -> None:
    path = tmp_path / "charset.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=X-MADE-UP:abc\r\nTEL:13812345678\r\nEND:VCARD\r\n"
    )
    result = dry_run(vault, path)
    assert "unknown character set 'X-MADE-UP'" in result.invalid[0].reason_text()


# ------------------------------------------------------------------------------------- fuzzing

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def survives(vault, path: Path) -> None:
    """Whatever the bytes: a result or a KnownError, and the vault unchanged."""
    before = customers.count(vault, vault.actor)
    try:
        result = dry_run(vault, path)
    except KnownError:
        pass
    else:
        assert result.counts.rows >= result.counts.invalid
    assert customers.count(vault, vault.actor) == before


@FUZZ
@given(data=st.binary(max_size=600))
def test_any_bytes_as_a_csv_give_rows_or_one_message(tmp_path_factory, vault, data) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.csv"
    path.write_bytes(b"name,phone,notes\n" + data)
    survives(vault, path)


@FUZZ
@given(data=st.binary(max_size=600))
def test_any_bytes_as_a_vcard_give_cards_or_one_message(tmp_path_factory, vault, data) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\n" + data)
    survives(vault, path)


@FUZZ
@given(
    data=st.binary(max_size=600),
    names=st.lists(
        st.sampled_from(
            [
                "xl/worksheets/sheet1.xml",
                "xl/workbook.xml",
                "[Content_Types].xml",
                "xl/_rels/workbook.xml.rels",
            ]
        ),
        max_size=4,
    ),
)
def test_any_zip_as_a_workbook_gives_rows_or_one_message(tmp_path_factory, vault, data, names) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in dict.fromkeys(names):
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    survives(vault, path)


CELL = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@FUZZ
@given(
    rows=st.lists(st.lists(CELL, min_size=0, max_size=5), max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"]),
    delimiter=st.sampled_from([",", "\t", ";"]),
)
def test_any_table_in_any_encoding_gives_rows_or_one_message(
    tmp_path_factory, vault, rows, encoding, delimiter
) -> None:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("fuzz") / "t.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    survives(vault, path)
