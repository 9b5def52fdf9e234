"""Realistic consent for the demo vault: notice texts, and decisions for every customer.

Most customers agreed to service, fewer to marketing (some refused, some later withdrew, some
agreed for two years that have passed), some to sales calls, billing and delivery; a few
children under 14 had a parent decide. About three decisions per customer, deterministic for a
seed like the customers themselves, and written in bulk: a million customers get their
2.8 million records in seconds, the same rows the core's ``consent.record`` would write
(the trigger keeps ``consent_current`` as it does for those).
"""

from __future__ import annotations

import hashlib
import io
import json
import random
from datetime import UTC, date, datetime, timedelta

from app import consent
from app.access import Actor
from app.fields import cn_id_check_char

CONTACT = (
    "电话 010-6688 1234，邮箱 privacy@demo-shop.cn",
    "phone +86 10 6688 1234, e-mail privacy@demo-shop.cn",
)
PARTNER = "安装伙伴有限公司 400-800-1234"
# Per mille of customers with an ID number who are children (the ID is rewritten to show it).
MINORS_PER_MILLE = 8
STAFF = ("owner", "李娜", "张伟", "王静")
# Days before "today" the decisions were collected: spread over about four years.
SPAN_DAYS = 4 * 365
MARKETING_V2_DAYS = 500  # marketing's notice changed this many days ago
SIGNED_ON_SCREEN = 300  # the first customers signed on the pad: their records carry the image


def install_texts(vault, actor: Actor, business: str) -> dict[tuple[str, int], tuple[int, str]]:
    """The demo's notice texts (once); returns (key, version) -> (version id, sha256)."""
    if not consent.list_texts(vault, actor):
        for key, purposes, minors, title in (
            ("service", ["service", "billing", "delivery"], False, ("客户服务告知同意书", "Service notice")),
            ("marketing", ["sales", "marketing"], False, ("会员营销告知同意书", "Member marketing notice")),
            (
                "children",
                ["service", "marketing"],
                True,
                ("未成年人监护人同意书", "Guardian consent for children"),
            ),
        ):
            parts = {
                lang: consent.starter_sections(
                    purposes, lang, minors=minors, business=business, contact=CONTACT[i], partner=PARTNER
                )
                for i, lang in enumerate(consent.LANGUAGES)
            }
            consent.add_text(
                vault, actor, key, purposes=purposes, sections=parts, title_zh=title[0], title_en=title[1]
            )
        latest = consent.get_text(vault, actor, "marketing")
        parts = {lang: dict(v) for lang, v in latest.sections.items()}
        parts["zh"]["retention"] = (
            "自最后一次交易或联系之日起保存两年，期满后删除；您也可以随时要求我们提前删除。"
        )
        parts["en"]["retention"] = (
            "Two years from your last purchase or contact, then deleted; ask us to delete it sooner."
        )
        consent.new_version(
            vault, actor, "marketing", sections=parts, note="retention shortened to two years"
        )
    return {
        (t.key, t.version): (t.id, t.sha256)
        for key in ("service", "marketing", "children")
        for t in consent.versions(vault, actor, key)
    }


def make_minors(rows: list[dict[str, str]], start: int) -> set[int]:
    """Rewrite a few ID numbers to show a child under 14; returns those customers' numbers."""
    today = date.today()
    minors = set()
    for offset, row in enumerate(rows):
        number = start + offset
        if row.get("id_number") and number * 2654435761 % 1000 < MINORS_PER_MILLE:
            born = today.replace(year=today.year - 4 - number % 9, day=1)
            body = f"{row['id_number'][:6]}{born:%Y%m%d}{number % 1000:03d}"
            row["id_number"] = body + cn_id_check_char(body)
            minors.add(number)
    return minors


def signature(number: int) -> bytes:
    """A drawn-looking signature for the first demo customers (the rest consented otherwise)."""
    from PIL import Image, ImageDraw

    rnd = random.Random(number)
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    points = [(20 + 40 * k, 60 + rnd.randrange(-35, 35)) for k in range(9)]
    ImageDraw.Draw(image).line(points, fill=(20, 20, 70, 255), width=3)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def decisions(
    start: int, count: int, seed: int, minors: set[int], texts: dict[tuple[str, int], tuple[int, str]]
) -> list[tuple]:
    """Rows for ``consents`` (without evidence) for customers start .. start+count-1."""
    rnd = random.Random(f"consent:{seed}:{start}")
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    stamp = now.isoformat()
    rows: list[tuple] = []
    guardian = json.dumps({"name": "家长", "relation": "母亲", "consented": True}, ensure_ascii=False)

    def add(number, purpose, status, key, version, channel, at, by, expires=None, withdraws=None, note=""):
        version_id, sha = texts[(key, version)]
        minor = number in minors
        witness = STAFF[(number + 1) % len(STAFF)] if channel == "verbal" else None
        rows.append(
            (
                number, purpose, "", status, version_id, sha, channel, at.isoformat(), by, stamp,
                expires.isoformat() if expires else None, int(minor), int(minor),
                guardian if minor and status != consent.WITHDRAWN else None, witness, withdraws, note,
            )
        )  # fmt: skip

    for number in range(start, start + count):
        r = rnd.getrandbits(64)
        r, days = divmod(r, SPAN_DAYS)
        r, pick = divmod(r, 1000)
        r, channel_pick = divmod(r, 4)
        r, staff = divmod(r, len(STAFF))
        at = now - timedelta(days=days + 1, minutes=r % 600)
        channel = (
            "signature"
            if number <= SIGNED_ON_SCREEN
            else ("electronic", "verbal", "phone", "imported")[channel_pick]
        )
        by = STAFF[staff]
        child = number in minors
        key = "children" if child else "service"
        # Service: most customers; some agreed for two years only, which may have passed.
        if pick < 880:
            expires = (at + timedelta(days=730)).date() if pick % 10 == 3 else None
            add(number, "service", consent.GIVEN, key, 1, channel, at, by, expires)
            if not child:
                if pick % 7 == 0:
                    add(number, "billing", consent.GIVEN, "service", 1, channel, at, by)
                if pick % 4 == 1:
                    add(number, "delivery", consent.GIVEN, "service", 1, channel, at, by)
            if pick % 50 == 7:
                withdrawn_at = at + timedelta(days=(today - at.date()).days // 2)
                add(
                    number,
                    "service",
                    consent.WITHDRAWN,
                    key,
                    1,
                    "phone",
                    withdrawn_at,
                    by,
                    note="客户来电撤回",
                )
        # Marketing: fewer; some refused, some withdrew, some lapsed after two years.
        m_at = at + timedelta(days=1)
        m_key, m_version = ("children", 1) if child else ("marketing", 2 if days < MARKETING_V2_DAYS else 1)
        if pick < 660:
            expires = (m_at + timedelta(days=730)).date() if pick % 12 == 5 else None
            add(number, "marketing", consent.GIVEN, m_key, m_version, channel, m_at, by, expires)
            if pick % 10 == 9:
                later = m_at + timedelta(days=max(1, (today - m_at.date()).days // 3))
                add(
                    number,
                    "marketing",
                    consent.WITHDRAWN,
                    m_key,
                    m_version,
                    "electronic",
                    later,
                    by,
                    note="退订短信",
                )
        elif pick < 740:
            add(number, "marketing", consent.REFUSED, m_key, m_version, channel, m_at, by)
        # Sales calls: about a third, on the marketing notice.
        if not child and (pick * 7919) % 1000 < 350:
            add(number, "sales", consent.GIVEN, "marketing", m_version, channel, m_at, by)
    return rows


_COLUMNS = (
    "id, customer_id, purpose, partner, status, text_version_id, text_sha256, channel, collected_at,"
    " collected_by, recorded_at, expires_on, separate, minor, guardian, witness, withdraws, note, evidence_id"
)
# One statement per batch reading the rows from a JSON array: a quarter less CPU than binding
# 19 parameters per row with executemany (measured at 120,000 rows). jsonb_each parses the text
# once and hands each row over as binary JSON, which ->> reads without parsing again: taking
# the 19 values apart cost 1.85 s of CPU per 100,000 customers' records with json_each (whose
# rows are text, parsed again for each ->>), 0.74 s with jsonb_each; the trigger keeping
# consent_current, first suspected, costs 0.2 s (bench/bench_core.py's demo build).
_VALUES = ", ".join(f"value->>{n}" for n in range(19))
INSERT = f"INSERT INTO consents ({_COLUMNS}) SELECT {_VALUES} FROM jsonb_each(?)"


def write(conn, rows: list[tuple]) -> None:
    """Insert decision rows in the caller's transaction. A withdrawal's ``withdraws`` is the
    record before it; a signature on screen gets its drawn signature as an evidence row."""
    if not rows:
        return
    first = conn.execute("SELECT ifnull(max(id), 0) + 1 FROM consents").fetchone()[0]
    last_given: dict[tuple[int, str], int] = {}
    evidence: dict[tuple[int, str], int] = {}
    out = []
    for offset, row in enumerate(rows):
        record_id = first + offset
        number, purpose, status, channel, at = row[0], row[1], row[3], row[6], row[7]
        withdraws = last_given.get((number, purpose)) if status == consent.WITHDRAWN else None
        if status != consent.WITHDRAWN:
            last_given[(number, purpose)] = record_id
        evidence_id = None
        if channel == "signature":
            if (number, at) not in evidence:
                data = signature(number)
                cursor = conn.execute(
                    "INSERT INTO consent_evidence (kind, mime, size, sha256, data, created_at)"
                    " VALUES ('signature', 'image/png', ?, ?, ?, ?)",
                    (len(data), hashlib.sha256(data).hexdigest(), data, row[9]),
                )
                evidence[(number, at)] = cursor.lastrowid
            evidence_id = evidence[(number, at)]
        out.append((record_id, *row[:15], withdraws, row[16], evidence_id))
    conn.execute(INSERT, (json.dumps(out, ensure_ascii=False),))
