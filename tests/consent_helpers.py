"""Building blocks for the consent tests: complete notice sections and evidence files."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw

from app import consent
from app.fields import cn_id_check_char

BUSINESS = "测试商店"
CONTACT_ZH = "电话 010-12345678，邮箱 privacy@example.cn"
CONTACT_EN = "phone 010-12345678, e-mail privacy@example.cn"


def sections(purposes, *, minors: bool = False, partner: str = "", languages=("zh", "en")) -> dict:
    """Every required section filled in each language (the starter text, placeholders replaced)."""
    out = {}
    for lang in languages:
        out[lang] = consent.starter_sections(
            purposes,
            lang,
            minors=minors,
            business=BUSINESS,
            contact=CONTACT_ZH if lang == "zh" else CONTACT_EN,
            partner=partner or "安装伙伴有限公司 400-800-1234",
        )
    return out


def add_text(vault, actor, key="marketing", purposes=("marketing", "service"), **kw):
    return consent.add_text(
        vault,
        actor,
        key,
        purposes=purposes,
        sections=sections(purposes, minors=kw.get("minors", False), partner=kw.get("partner", "")),
        title_zh=kw.pop("title_zh", "个人信息告知同意书"),
        title_en=kw.pop("title_en", "Notice and consent"),
        **kw,
    )


def signature_png(*, blank: bool = False, size=(400, 150)) -> bytes:
    """A PNG like the signature pad's: transparent, with a stroke unless ``blank``."""
    image = Image.new("RGBA", size, (255, 255, 255, 0))
    if not blank:
        draw = ImageDraw.Draw(image)
        draw.line([(20, 100), (80, 40), (140, 110), (220, 50), (360, 90)], fill=(10, 10, 60, 255), width=4)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def jpeg_scan() -> bytes:
    image = Image.new("RGB", (300, 400), "white")
    ImageDraw.Draw(image).rectangle([30, 30, 270, 120], outline="black", width=3)
    buf = io.BytesIO()
    image.save(buf, "JPEG")
    return buf.getvalue()


def id_number_born(born: date, area: str = "110105") -> str:
    body = f"{area}{born:%Y%m%d}123"
    return body + cn_id_check_char(body)


def child_id(years_old: int = 8) -> str:
    today = date.today()
    return id_number_born(date(today.year - years_old, 1, 15))
