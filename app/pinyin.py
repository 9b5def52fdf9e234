"""Pinyin readings of names and companies, for the name sort and for pinyin search.

Chinese software sorts a contact list by the pinyin of each name, Latin names among them
letter by letter (王芳 sits among the W names), and finds 王芳 when someone types ``wangfang``,
``wang fang`` or its initials ``wf``. Readings come from pypinyin, which picks a character's
reading from its phrase dictionary. It has no notion of a *surname*, though (upstream issue
mozillazg/python-pinyin#297): 单 reads dan, 曾 ceng, 解 jie and 区 qu everywhere, while as the
first character of a personal name they are Shan, Zeng, Xie and Ou. ``SURNAME_READINGS`` picks,
for such surnames, which of pypinyin's own readings a surname takes (a test checks that every
one of them is among pypinyin's readings of that character); compound surnames (欧阳, 单于,
尉迟) are read by pypinyin's phrase dictionary. Companies and other text use pypinyin as it is.

Everything here is cached per distinct value or name part: a million demo customers share a
few hundred surnames and some tens of thousands of given names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# The reading a character takes as a surname where pypinyin's default reading differs.
SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "区": "ou",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "翟": "zhai",
    "缪": "miao",
    "种": "chong",
    "秘": "bi",
    "折": "she",
    "召": "shao",
    "重": "chong",
    "隗": "wei",
    "阚": "kan",
    "员": "yun",
    "繁": "po",
    "句": "gou",
    "洗": "xian",
    "薄": "bo",
    "都": "du",
    "能": "nai",
}
# Two-character surnames: pypinyin's phrase dictionary reads them (单于 chan yu, 尉迟 yu chi).
COMPOUND_SURNAMES = frozenset(
    (
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "司空",
        "夏侯",
        "轩辕",
        "令狐",
        "单于",
        "万俟",
        "端木",
        "南宫",
        "西门",
        "独孤",
        "百里",
        "呼延",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "太叔",
        "申屠",
        "闻人",
        "赫连",
        "钟离",
        "鲜于",
        "闾丘",
        "亓官",
        "拓跋",
        "东郭",
        "第五",
    )
)

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAS_CJK = re.compile(f"[{_CJK}]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits in any script
# A typed query that can be pinyin: Latin letters, with spaces or apostrophes (xi'an) between.
_PINYIN_QUERY = re.compile(r"^[a-z][a-z' ]*$")
TIE = "\x01"  # between a sort key's letters and its tie-breaker; sorts before every letter


def _fold(text: str) -> str:
    """Case-folded, accents dropped (Émile → emile): how Latin text is compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 17)
def _phrase(text: str) -> tuple[str, ...]:
    """Words of ``text``: a pinyin syllable per Chinese character (pypinyin, phrase-aware),
    and every run of Latin letters or digits as one folded word. Other characters drop out."""
    words: list[str] = []
    for part in lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: [chars]):
        if _HAS_CJK.search(part):
            continue  # a character pypinyin has no reading for (very rare): nothing to type
        words.extend(_WORD.findall(_fold(part)))
    return tuple(words)


@lru_cache(maxsize=1 << 12)
def _surname(text: str) -> tuple[str, ...]:
    if text in COMPOUND_SURNAMES:
        return _phrase(text)
    if text in SURNAME_READINGS:
        return (SURNAME_READINGS[text],)
    return _phrase(text)


def name_words(name: str) -> tuple[str, ...]:
    """The words of a personal name as typed in pinyin: 单田芳 → (shan, tian, fang),
    欧阳娜娜 → (ou, yang, na, na), "Émile Zola" → (emile, zola)."""
    name = name.strip()
    if not name or not _HAS_CJK.match(name):
        # A Chinese name starts with its surname; anything else is read as it is.
        return _phrase(name)
    size = 2 if name[:2] in COMPOUND_SURNAMES else 1
    return _surname(name[:size]) + _phrase(name[size:])


def text_words(text: str) -> tuple[str, ...]:
    """The words of other text (a company) as typed in pinyin, with pypinyin's readings."""
    return _phrase(text.strip())


def name_sort_key(name: str) -> str:
    """The stored key the name column sorts by: pinyin and Latin letters run together and
    compared letter by letter (wangfang, wanglei, williamsmith), then the name itself, so that
    王芳 and 汪芳 (both wangfang) each stay together. It starts with the full-pinyin text,
    so a typed full pinyin is a prefix search on the same index."""
    return "".join(name_words(name)) + TIE + (name or "").strip().casefold()


def name_initials(name: str) -> str:
    """The first letter of each word: 王芳 → wf, 欧阳娜娜 → oynn, Mary Smith → ms."""
    return "".join(word[0] for word in name_words(name))


def name_keys(name: str | None) -> tuple[str, str]:
    """(``name_sort_key``, ``name_initials``) to store beside a name, reading it once."""
    name = (name or "").strip()
    words = name_words(name)
    return "".join(words) + TIE + name.casefold(), "".join(word[0] for word in words)


def company_tokens(company: str | None) -> str:
    """Search tokens for a Chinese company name, space-separated: the full pinyin and the
    initials from each character on, so ``huaxin``, ``hxkj`` and ``bjhx`` all find
    北京华信科技有限公司 as a prefix of one token. Latin-only companies need none: the
    trigram index already finds them by any part."""
    if not company or not _HAS_CJK.search(company):
        return ""
    return _company_tokens(company)


@lru_cache(maxsize=1 << 16)
def _company_tokens(company: str) -> str:
    words = text_words(company)
    full = {"".join(words[i:]) for i in range(len(words))}
    initials = {"".join(w[0] for w in words[i:]) for i in range(len(words))}
    return " ".join(sorted(full | initials))


def pinyin_query(query: str) -> str:
    """The typed query as pinyin letters (spaces and apostrophes dropped), or "" when it
    cannot be pinyin (digits, Chinese characters, an e-mail address)."""
    folded = query.strip().casefold()
    if not _PINYIN_QUERY.match(folded):
        return ""
    return folded.replace(" ", "").replace("'", "")


def clear_caches() -> None:
    """Forget cached readings (they hold customer names; called when a vault locks)."""
    _phrase.cache_clear()
    _surname.cache_clear()
    _company_tokens.cache_clear()
