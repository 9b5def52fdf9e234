"""Files to import, written by the tests themselves: CSV/TSV in each encoding, XLSX, vCard."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from app.fields import cn_id_check_char

HEADER_ZH = ["姓名", "手机", "邮箱", "公司", "地址", "备注"]
ROWS_ZH = [
    [
        "王芳",
        "13812345678",
        "wangfang@example.cn",
        "北京华信科技有限公司",
        "北京市海淀区中关村大街1号",
        "老客户",
    ],
    ["李白", "139 0000 1111", "LIBAI@Example.CN", "", "", ""],
    ["张伟", "+86 150-1111-2222", "", "深圳远航贸易有限公司", "", "展会名单"],
    ["陈静", "18612345678", "chenjing@example.cn", "", "上海市徐汇区", ""],
]
# Traditional characters, each in Big5: what a Taiwanese or Hong Kong PC writes.
HEADER_TW = ["姓名", "手機", "電子郵件", "公司", "備註"]
ROWS_TW = [
    ["陳大文", "13812340001", "dw@example.tw", "遠航貿易", "老顧客"],
    ["黃小明", "13812340002", "", "", ""],
]


def id_number(born: date = date(1990, 3, 7), serial: str = "123") -> str:
    first17 = f"110105{born:%Y%m%d}{serial}"
    return first17 + cn_id_check_char(first17)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_csv(
    path: Path,
    header: Sequence[str] = HEADER_ZH,
    rows: Sequence[Sequence[str]] = ROWS_ZH,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    title: str | None = None,
) -> Path:
    text = csv_text(header, rows, delimiter)
    if title:
        text = title + "\r\n" + text
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_zip_bomb(path: Path, unpacked_mb: int = 300) -> Path:
    """An .xlsx-named zip whose one sheet part unpacks from a few hundred KB to ``unpacked_mb`` MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(block)
    return path


def qp(text: str, charset: str) -> str:
    """Quoted-printable bytes of ``text`` in ``charset``, as a 2.1 vCard writes them."""
    return "".join(f"={b:02X}" for b in text.encode(charset))


VCARD_21 = (
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp('王', 'utf-8')};{qp('芳', 'utf-8')};;;\r\n"
    f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp('王芳', 'utf-8')}\r\n"
    "TEL;HOME:010-58815678\r\n"
    "TEL;CELL;PREF:13812345678\r\n"
    "TEL;CELL:13900001111\r\n"
    "EMAIL;INTERNET:wangfang@example.cn\r\n"
    "EMAIL;INTERNET:wf2@example.cn\r\n"
    # a long quoted-printable note, broken with soft line breaks as phones do
    f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp('老客户，喜欢', 'utf-8')}=\r\n"
    f"{qp('周末来店', 'utf-8')}\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    f"N;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:{qp('李', 'gb2312')};{qp('白', 'gb2312')};;;\r\n"
    "TEL;CELL:15011112222\r\n"
    f"ORG;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:{qp('远航贸易', 'gb2312')}\r\n"
    "END:VCARD\r\n"
)

VCARD_30 = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Smith;John;;;\r\n"
    "FN:John Smith\r\n"
    "ORG:Acme Ltd\r\n"
    "item1.TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0958\r\n"
    "TEL;TYPE=WORK:+1 415 555 0132\r\n"
    "EMAIL;TYPE=INTERNET;TYPE=WORK:john.smith@example.com\r\n"
    "ADR;TYPE=WORK:;;1 Main Street;London;;N1 9GU;United Kingdom\r\n"
    "NOTE:Met at the trade fair\\, stand 12.\\nCall in May.\r\n"
    " Folded on to a second line.\r\n"
    "END:VCARD\r\n"
)

VCARD_40 = (
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "FN:陈静\r\n"
    "N:陈;静;;;\r\n"
    'TEL;VALUE=uri;TYPE="cell,voice";PREF=1:tel:18612345678\r\n'
    "EMAIL;TYPE=home:chenjing@example.cn\r\n"
    "ADR;TYPE=home:;;徐汇区中山路1号;上海市;;200000;中国\r\n"
    "END:VCARD\r\n"
)
