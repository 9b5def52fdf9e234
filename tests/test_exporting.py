"""Exports read back with real readers, under the role policy, consent and partner agreements."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pypdf
import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

from app import customers, exporting, partners
from app.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from app.exporting import Selection, protection
from app.exporting.engine import ExportCancelled
from tests.export_helpers import PARTNER, exporting_user, give, refuse, register_partner, request, shop

ROOT = Path(__file__).resolve().parents[1]
ALL = [
    ("id", "full"),
    ("name", "full"),
    ("phone", "full"),
    ("email", "full"),
    ("company", "full"),
    ("address", "full"),
    ("notes", "full"),
    ("tags", "full"),
]
OTHER_BASIS = {"legal_basis": "contract", "basis_note": "delivering the orders the customers placed"}


@pytest.fixture
def ids(vault, owner):
    return shop(vault, owner)


def _csv(path: Path, encoding: str) -> list[list[str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


def _xlsx(path: Path) -> list[list]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    book.close()
    return rows


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


# ------------------------------------------------------------------------------- formats


def test_csv_utf8_with_bom_reads_back_in_excel_order_with_formulas_neutralised(vault, owner, ids, tmp_path):
    out = tmp_path / "c.csv"
    result = exporting.run(vault, owner, request(ALL, **OTHER_BASIS), out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _csv(out, "utf-8-sig")
    assert rows[0] == ["Customer ID", "Name", "Phone", "Email", "Company", "Address", "Notes", "Tags"]
    assert result.rows == 5 and len(rows) == 6
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id[str(ids[0])][1] == "王芳" and by_id[str(ids[0])][5] == "北京市朝阳区建国路88号"
    assert by_id[str(ids[1])][1] == '\'=HYPERLINK("http://evil.example","点我")'
    assert by_id[str(ids[1])][6] == "'+1+2 as a formula"
    assert by_id[str(ids[2])][4] == "'@SUM(A1:A9)"
    assert by_id[str(ids[3])][2] == "'+442079460958" and by_id[str(ids[3])][6] == "'-2+3"
    assert by_id[str(ids[4])][6] == "'＝1+1 full-width"
    for row in rows[1:]:
        assert not any(cell[:1] in "=+-@\t\r＝＋－＠" for cell in row if cell)


def test_csv_gbk_reads_back_in_gbk_and_a_name_outside_gbk_is_refused_leaving_no_file(
    vault, owner, ids, tmp_path
):
    out = tmp_path / "g.csv"
    exporting.run(vault, owner, request(ALL, encoding="gbk", **OTHER_BASIS), out)
    rows = _csv(out, "gbk")
    assert rows[1][1] == "王芳" and rows[0][1] == "Name"
    with pytest.raises(UnicodeDecodeError):
        out.read_bytes().decode("utf-8")
    customers.create(vault, owner, {"name": "𠮷野家"})  # U+20BB7: in GB18030, not in GBK
    bad = tmp_path / "bad.csv"
    before = _files(tmp_path)
    with pytest.raises(KnownError, match=r"GBK cannot encode.*GB18030"):
        exporting.run(vault, owner, request(ALL, encoding="gbk", **OTHER_BASIS), bad)
    assert _files(tmp_path) == before
    exporting.run(vault, owner, request(ALL, encoding="gb18030", **OTHER_BASIS), bad)
    assert _csv(bad, "gb18030")[-1][1] == "𠮷野家"


def test_formula_neutralisation_finds_a_trigger_in_any_cell_and_leaves_other_values_alone():
    from app.exporting.formats import neutralise_row

    assert neutralise_row(["王芳", "b=c", "", "a-b"]) == ["王芳", "b=c", "", "a-b"]
    assert neutralise_row(["=1", "ok", "@x", "\tq", "\rq", "－1", "＠", "+86"]) == [
        "'=1", "ok", "'@x", "'\tq", "'\rq", "'－1", "'＠", "'+86",
    ]  # fmt: skip
    assert neutralise_row(["ok", "ok", "-"]) == ["ok", "ok", "'-"]


@given(st.lists(st.text(alphabet=st.sampled_from("=+-@\t\r\n＝＋－＠'a王1 "), max_size=6), max_size=8))
def test_no_neutralised_cell_starts_a_formula_and_only_the_apostrophe_was_added(cells) -> None:
    from app.exporting.formats import FORMULA_TRIGGERS, neutralise_row

    out = neutralise_row(list(cells))
    for before, after in zip(cells, out, strict=True):
        assert not after.startswith(FORMULA_TRIGGERS)
        assert after == before or after == "'" + before


def test_xlsx_reads_back_with_openpyxl_as_text_never_formulas(vault, owner, ids, tmp_path):
    out = tmp_path / "x.xlsx"
    exporting.run(vault, owner, request(ALL, fmt="xlsx", **OTHER_BASIS), out)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert [c.value for c in sheet[1]] == [
        "Customer ID",
        "Name",
        "Phone",
        "Email",
        "Company",
        "Address",
        "Notes",
        "Tags",
    ]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells)
    values = {c.value for c in cells}
    assert '\'=HYPERLINK("http://evil.example","点我")' in values and "'@SUM(A1:A9)" in values
    assert "王芳" in values and "北京市朝阳区建国路88号" in values
    assert sheet.freeze_panes == "A2"
    book.close()
    assert not list(tmp_path.glob(".*sheet*")), "the sheet buffer is removed"


def test_json_reads_back_with_the_purpose_fields_and_count(vault, owner, ids, tmp_path):
    out = tmp_path / "j.json"
    exporting.run(
        vault, owner, request([("name", "full"), ("phone", "masked")], fmt="json", **OTHER_BASIS), out
    )
    data = json.loads(out.read_text("utf-8"))
    assert data["export"]["purpose"] == "marketing" and data["export"]["legal_basis"] == "contract"
    assert data["count"] == 5 == len(data["customers"])
    assert data["customers"][0] == {"name": "王芳", "phone": "138****5678"}


def test_vcard_parses_with_vobject(vault, owner, ids, tmp_path):
    out = tmp_path / "v.vcf"
    exporting.run(vault, owner, request(ALL, fmt="vcf", **OTHER_BASIS), out)
    cards = list(vobject.readComponents(out.read_text("utf-8")))
    assert len(cards) == 5
    first = cards[0]
    assert first.fn.value == "王芳" and first.tel.value == "13812345678"
    assert first.email.value == "wangfang@example.cn" and first.categories.value == ["vip"]
    assert "北京市朝阳区建国路88号" in str(first.adr.value)
    assert cards[3].note.value == "-2+3"
    assert first.contents["x-custos-id"][0].value == str(ids[0])


def test_pdf_table_text_holds_the_chinese_values_and_the_purpose(vault, owner, ids, tmp_path):
    out = tmp_path / "p.pdf"
    exporting.run(
        vault,
        owner,
        request(
            [("name", "full"), ("phone", "masked"), ("address", "masked")],
            fmt="pdf",
            language="zh_CN",
            **OTHER_BASIS,
        ),
        out,
    )
    text = _pdf_text(out)
    assert "王芳" in text and "138****5678" in text and "北京市朝阳区****" in text
    assert "姓名" in text and "用途: 营销推广 · 接收方: 内部使用" in text
    assert "建国路" not in text


def test_encrypted_archive_needs_the_passphrase_shown_once_and_the_record_never_holds_it(
    vault, owner, ids, tmp_path
):
    import pyzipper

    out = tmp_path / "e.zip"
    result = exporting.run(vault, owner, request(ALL, protection="aes-256-zip", **OTHER_BASIS), out)
    assert result.passphrase and len(result.passphrase.replace("-", "")) == 30
    assert "王芳".encode() not in out.read_bytes()
    with pyzipper.AESZipFile(out) as zf:
        info = zf.infolist()[0]
        aes = info.extra.index(b"\x01\x99")  # the WinZip AES extra field
        assert (
            info.flag_bits & 1 and info.extra[aes + 6 : aes + 8] == b"AE" and info.extra[aes + 8] == 3
        )  # 256-bit
        zf.setpassword(b"wrong")
        with pytest.raises(RuntimeError):
            zf.read(info.filename)
    name, content = protection.read_entry(out, result.passphrase)
    assert name == "customers.csv"
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1][1] == "王芳"
    dump = "".join(str(r) for r in vault.connection().execute("SELECT * FROM exports"))
    dump += "".join(str(r) for r in vault.connection().execute("SELECT details FROM audit"))
    assert result.passphrase not in dump


def test_a_plain_file_needs_the_warning_confirmed_and_the_warning_names_what_it_holds(
    vault, owner, ids, tmp_path
):
    req = request([("name", "full"), ("phone", "masked")], plain_acknowledged=False, **OTHER_BASIS)
    plan = exporting.prepare(vault, owner, req)
    assert "NOT be encrypted" in plan.plain_warning() and "Name, Phone (masked)" in plan.plain_warning()
    assert "5 customers" in plan.plain_warning()
    with pytest.raises(KnownError, match="Confirm the warning"):
        exporting.run(vault, owner, req, tmp_path / "w.csv")
    assert not (tmp_path / "w.csv").exists()


# ------------------------------------------------------------------------------- the role policy


def test_weaker_role_masked_values_stay_masked_in_every_format(vault, owner, ids, tmp_path):
    sales = exporting_user(vault, owner)
    fields = [("name", "full"), ("phone", "full"), ("address", "masked")]  # sales sees address masked
    for fmt in ("csv", "xlsx", "json", "pdf", "vcf"):
        out = tmp_path / f"s.{fmt}"
        exporting.run(vault, sales, request(fields, fmt=fmt, **OTHER_BASIS), out)
        if fmt == "csv":
            text = out.read_text("utf-8-sig")
        elif fmt == "xlsx":
            text = json.dumps(_xlsx(out), ensure_ascii=False)
        elif fmt == "pdf":
            text = _pdf_text(out)
        else:
            text = out.read_text("utf-8")
        assert "北京市朝阳区****" in text, fmt
        assert "建国路" not in text and "中山路" not in text, fmt


def test_weaker_role_cannot_request_hidden_fields_or_unmask_or_pseudonymise_masked_ones(
    vault, owner, ids, tmp_path
):
    sales = exporting_user(vault, owner)
    for fields, message in (
        ([("notes", "full")], "does not see it"),  # service notes are hidden from sales
        ([("id_number", "masked")], "does not see it"),
        ([("address", "full")], "only be exported masked"),
        ([("address", "pseudonymised")], "only be exported masked"),
    ):
        with pytest.raises(PermissionDeniedError, match=message):
            exporting.run(vault, sales, request(fields, **OTHER_BASIS), tmp_path / "x.csv")
    with pytest.raises(NotFoundError):
        exporting.run(vault, sales, request([("salary", "full")], **OTHER_BASIS), tmp_path / "x.csv")
    assert _files(tmp_path) == []


def test_a_role_without_the_export_permission_is_refused(vault, owner, ids, tmp_path):
    from app.access import Actor

    with pytest.raises(PermissionDeniedError, match="export customer data"):
        exporting.run(
            vault, Actor("sally", "sales"), request([("name", "full")], **OTHER_BASIS), tmp_path / "n.csv"
        )
    assert _files(tmp_path) == []


def test_a_role_that_may_not_see_consent_cannot_learn_it_from_an_export(vault, owner, ids, tmp_path):
    """Counting who is left out for want of consent would tell a role what consent each customer
    gave: without 'view_consent' only another legal basis (which includes everyone) is open."""
    from app import access
    from app.access import Actor

    give(vault, owner, ids[0], "marketing")
    access.set_permissions(vault, owner, "sales", ["export"])
    sales = Actor("sally", "sales")
    with pytest.raises(PermissionDeniedError, match="see customers' consent"):
        exporting.prepare(
            vault, sales, request([("name", "full")], selection=Selection("ids", ids=(ids[0],)))
        )
    with pytest.raises(PermissionDeniedError, match="see customers' consent"):
        exporting.prepare(
            vault,
            sales,
            request([("name", "full")], selection=Selection("consent", consent="marketing"), **OTHER_BASIS),
        )
    plan = exporting.prepare(vault, sales, request([("name", "full")], **OTHER_BASIS))
    assert plan.included == 5 and plan.left_out == {}


def test_the_sharing_log_is_closed_to_a_role_without_a_reason_to_read_it(vault, owner, ids, tmp_path):
    from app.access import Actor

    exporting.run(vault, owner, request([("name", "full")], **OTHER_BASIS), tmp_path / "a.csv")
    for reader in (Actor("sally", "sales"), Actor("fay", "field")):
        with pytest.raises(PermissionDeniedError):
            exporting.log(vault, reader)
        with pytest.raises(PermissionDeniedError):
            exporting.shared_with(vault, reader, ids[0])
    assert len(exporting.shared_with(vault, Actor("sam", "service"), ids[0])) == 1  # handles requests


def test_sequence_attack_pseudonyms_cannot_be_joined_across_exports(vault, owner, ids, tmp_path):
    """A pseudonymised export and a second one (masked, or pseudonymised again) share no key:
    the same phone gets unrelated pseudonyms, so rows cannot be joined back to the masked file
    and no dictionary of pseudonyms can be built up across exports."""
    fields = [("id", "pseudonymised"), ("phone", "pseudonymised")]
    exporting.run(vault, owner, request(fields, fmt="json", **OTHER_BASIS), tmp_path / "a.json")
    exporting.run(vault, owner, request(fields, fmt="json", **OTHER_BASIS), tmp_path / "b.json")
    a = json.loads((tmp_path / "a.json").read_text())["customers"]
    b = json.loads((tmp_path / "b.json").read_text())["customers"]
    assert {r["phone"] for r in a}.isdisjoint({r["phone"] for r in b})
    assert {r["id"] for r in a}.isdisjoint({r["id"] for r in b})
    assert not {r["id"] for r in a} & {str(i) for i in ids}
    # Within one export the pseudonym is stable: equal values, equal pseudonyms.
    customers.create(vault, owner, {"name": "王芳二号", "phone": "13812345678"})
    exporting.run(vault, owner, request(fields, fmt="json", **OTHER_BASIS), tmp_path / "c.json")
    c = json.loads((tmp_path / "c.json").read_text())["customers"]
    assert c[0]["phone"] == c[-1]["phone"] and c[0]["id"] != c[-1]["id"]


# ------------------------------------------------------------------------------- consent


def test_consent_aware_export_leaves_out_customers_without_current_consent_and_says_why(
    vault, owner, ids, tmp_path
):
    give(vault, owner, ids[0], "marketing")
    give(vault, owner, ids[1], "marketing", expires_on=date.today() + timedelta(days=10))
    refuse(vault, owner, ids[2], "marketing")
    give(vault, owner, ids[3], "marketing")
    from app import consent

    consent.withdraw(vault, owner, ids[3], "marketing", channel="phone")
    req = request([("name", "full")])
    plan = exporting.prepare(vault, owner, req, today=date.today() + timedelta(days=20))
    assert (plan.selected, plan.included) == (5, 1)
    assert plan.left_out == {"no_consent": 1, "refused": 1, "withdrawn": 1, "expired": 1}
    lines = plan.left_out_lines()
    assert "1 customer has no consent recorded for Marketing" in lines
    result = exporting.run(vault, owner, req, tmp_path / "m.csv")
    assert result.rows == 2  # today the second consent has not expired yet
    assert [r[0] for r in _csv(tmp_path / "m.csv", "utf-8-sig")[1:]] == [
        "王芳",
        '\'=HYPERLINK("http://evil.example","点我")',
    ]
    rec = exporting.record.get(vault, owner, result.export_id)
    assert rec.left_out == {"no_consent": 1, "refused": 1, "withdrawn": 1}


def test_another_legal_basis_includes_everyone_and_is_recorded_with_its_justification(
    vault, owner, ids, tmp_path
):
    with pytest.raises(ValidationError, match="say why"):
        exporting.prepare(vault, owner, request([("name", "full")], legal_basis="contract"))
    result = exporting.run(vault, owner, request([("name", "full")], **OTHER_BASIS), tmp_path / "b.csv")
    assert result.rows == 5
    rec = exporting.record.get(vault, owner, result.export_id)
    assert rec.legal_basis == "contract" and rec.basis_note == OTHER_BASIS["basis_note"]


def test_a_purpose_is_required(vault, owner, ids, tmp_path):
    with pytest.raises(ValidationError, match="purpose is required"):
        exporting.prepare(vault, owner, request([("name", "full")], purpose="", **OTHER_BASIS))
    with pytest.raises(ValidationError, match="unknown purpose"):
        exporting.prepare(vault, owner, request([("name", "full")], purpose="fun", **OTHER_BASIS))


# ------------------------------------------------------------------------------- selections


def test_selections_by_ids_search_tag_and_consent(vault, owner, ids, tmp_path):
    give(vault, owner, ids[4], "marketing")
    fields = [("name", "full")]

    def names(selection) -> list[str]:
        out = tmp_path / "s.json"
        exporting.run(vault, owner, request(fields, fmt="json", selection=selection, **OTHER_BASIS), out)
        return [r["name"] for r in json.loads(out.read_text())["customers"]]

    assert names(Selection("ids", ids=(ids[2], ids[0], 999))) == ["王芳", "李娜"]
    assert names(Selection("search", query="王芳")) == ["王芳"]
    assert names(Selection("tag", tag="VIP")) == ["王芳", '=HYPERLINK("http://evil.example","点我")']
    assert names(Selection("consent", consent="marketing")) == ["欧阳娜娜"]
    assert Selection.parse("ids:1, 2") == Selection("ids", ids=(1, 2))
    with pytest.raises(ValidationError, match="unknown filter"):
        Selection.parse("everyone-please")


# ------------------------------------------------------------------------------- partners


def test_partner_export_needs_the_separate_sharing_consent_and_records_exactly_which_customers(
    vault, owner, ids, tmp_path
):
    register_partner(vault, owner)
    give(vault, owner, ids[0], "sharing", text="install")
    give(vault, owner, ids[2], "sharing", text="install")
    give(vault, owner, ids[3], "marketing")  # consent for marketing is not consent to share
    fields = [("id", "pseudonymised"), ("name", "full"), ("phone", "full")]
    result = exporting.run(
        vault, owner, request(fields, purpose="delivery", partner=PARTNER), tmp_path / "p.csv"
    )
    assert result.rows == 2 and result.left_out["no_consent"] == 3
    assert list(exporting.record.customer_ids(vault, owner, result.export_id)) == [ids[0], ids[2]]
    shared = exporting.shared_with(vault, owner, ids[0])
    assert [(s.recipient, s.purpose) for s in shared] == [(PARTNER, "delivery")]
    assert exporting.shared_with(vault, owner, ids[1]) == []
    assert [r.id for r in exporting.log(vault, owner, partner=PARTNER)] == [result.export_id]
    rec = exporting.record.get(vault, owner, result.export_id)
    import hashlib

    assert rec.sha256 == hashlib.sha256((tmp_path / "p.csv").read_bytes()).hexdigest()
    assert rec.fields == [("id", "pseudonymised"), ("name", "full"), ("phone", "full")]
    assert rec.actor == owner.user and rec.partner == PARTNER and rec.rows == 2
    entry = vault.audit().entries(limit=1)[0]
    assert entry.action == "export.create" and entry.details["recipient"] == PARTNER


def test_export_to_a_partner_whose_agreement_expired_or_does_not_cover_it_is_refused(
    vault, owner, ids, tmp_path
):
    register_partner(vault, owner)
    fields = [("name", "full")]
    later = date.today() + timedelta(days=400)
    with pytest.raises(partners.ExportRefusedError, match="expired"):
        exporting.prepare(vault, owner, request(fields, purpose="delivery", partner=PARTNER), today=later)
    with pytest.raises(partners.ExportRefusedError, match="does not cover the purpose marketing"):
        exporting.prepare(vault, owner, request(fields, purpose="marketing", partner=PARTNER))
    with pytest.raises(partners.ExportRefusedError, match="does not cover the field"):
        exporting.prepare(vault, owner, request([("email", "full")], purpose="delivery", partner=PARTNER))
    partners.end(vault, owner, PARTNER)
    with pytest.raises(partners.ExportRefusedError, match="ended"):
        exporting.prepare(vault, owner, request(fields, purpose="delivery", partner=PARTNER))
    with pytest.raises(NotFoundError):
        exporting.prepare(vault, owner, request(fields, purpose="delivery", partner="Nobody Ltd"))
    assert _files(tmp_path) == []


# ------------------------------------------------------------------------------- cancel, failure, crash


def test_a_cancelled_export_leaves_no_file_and_no_record(vault, owner, ids, tmp_path):
    customers.create_many(vault, owner, [{"name": f"客户{i}"} for i in range(5000)])
    seen = []

    def progress(done, total):
        seen.append((done, total))

    out = tmp_path / "c.csv"
    with pytest.raises(ExportCancelled):
        exporting.run(
            vault,
            owner,
            request(ALL, **OTHER_BASIS),
            out,
            progress=progress,
            cancelled=lambda: len(seen) >= 1,
        )
    assert seen and seen[0][1] == 5005
    assert _files(tmp_path) == []
    assert vault.connection().execute("SELECT count(*) FROM exports").fetchone()[0] == 0


def test_a_staging_file_left_by_a_killed_export_is_removed_by_the_next_export_to_that_file(
    vault, owner, ids, tmp_path
):
    out = tmp_path / "list.csv"
    dead = tmp_path / ".list.csv.k1ll3d.part"
    dead_sheet = tmp_path / ".list.csv.k1ll3d.part.sheet"
    running = tmp_path / ".list.csv.st1ll.part"
    running_sheet = tmp_path / ".list.csv.st1ll.part.sheet"  # an XLSX writes its buffer until the end
    other = tmp_path / ".other.csv.k1ll3d.part"
    for leftover in (dead, dead_sheet, running, running_sheet, other):
        leftover.write_text("王芳,13812345678")
    old = os.stat(dead).st_mtime - 3600
    for leftover in (dead, dead_sheet, running, other):
        os.utime(leftover, (old, old))
    exporting.run(vault, owner, request([("name", "full")], **OTHER_BASIS), out)
    assert not dead.exists() and not dead_sheet.exists()
    assert running.exists() and running_sheet.exists() and other.exists()  # still written; another file's


def test_the_export_record_is_append_only(vault, owner, ids, tmp_path):
    from app.vault.database import DatabaseError

    exporting.run(vault, owner, request([("name", "full")], **OTHER_BASIS), tmp_path / "a.csv")
    conn = vault.connection()
    with pytest.raises(DatabaseError, match="append-only"):
        conn.execute("UPDATE exports SET rows = 0")
    with pytest.raises(DatabaseError, match="append-only"):
        conn.execute("DELETE FROM export_customers")


_KILLED = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    import app.vault.keyslots, app.vault.vault
    from app.vault.keyslots import KdfParams
    cheap = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)
    app.vault.keyslots.DEFAULT_KDF = app.vault.vault.DEFAULT_KDF = cheap
    from app import exporting
    from app.exporting import ExportRequest, Selection
    from app.vault import Vault
    vault = Vault.unlock(Path({vault!r}), "Owner", "owner-pass-1")
    req = ExportRequest(Selection("all"), (("name", "full"),), "marketing", "csv", legal_basis="contract",
                        basis_note="delivering the orders", protection="aes-256-zip")
    exporting.run(vault, vault.actor, req, Path({out!r}))
    vault.lock()
    """
)


def test_kill_at_every_step_of_an_export_leaves_no_file_without_its_record(
    vault, owner, ids, tmp_path, vault_dir
):
    import hashlib

    vault.lock()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    trace = tmp_path / "trace"
    script = _KILLED.format(root=str(ROOT), vault=str(vault_dir), out=str(out_dir / "e.zip"))
    env = {**os.environ, "CUSTOS_FAULT_TRACE": str(trace)}
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    steps = [s for s in trace.read_text().split() if s.startswith("export.")]
    assert steps == ["export.written", "export.recorded", "export.renamed"]
    for position in range(1, len(trace.read_text().split()) + 1):
        for f in out_dir.iterdir():
            f.unlink()
        env = {**os.environ, "CUSTOS_FAULT_AT": str(position)}
        done = subprocess.run([sys.executable, "-c", script], env=env)
        from app.vault import Vault

        again = Vault.unlock(vault_dir, "Owner", "owner-pass-1")
        recorded = {r[0] for r in again.connection().execute("SELECT sha256 FROM exports")}
        assert again.verify_audit(again.actor).ok
        again.lock()
        final = out_dir / "e.zip"
        if final.exists():  # a file delivered always has its record
            assert hashlib.sha256(final.read_bytes()).hexdigest() in recorded, position
        assert done.returncode in (0, 137)
