"""Deterministic synthetic customers for demos, tests and benchmarks.

They look like a Chinese shop's customers: mostly Chinese names with realistic surname
frequencies, mainland mobiles, Chinese addresses and companies, and a minority of Latin
ones. The same seed always gives the same customers, so benchmark runs compare like with
like. Nothing here is real personal data: ID numbers are checksum-valid but generated,
phones are random.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app import customers, demo_consent, search
from app.fields import cn_id_check_char
from app.vault import Vault, is_vault
from app.vault.database import bulk_load, transaction
from app.vault.keyslots import KdfParams

DEMO_OWNER = "owner"
DEMO_PASSWORD = "custos-demo"
DEMO_BUSINESS = "示例商店 Demo Shop"

# Surnames with their approximate share of China's population, per 10,000 people (national
# household-registration statistics, rounded), so that 王, 李 and 张 are each about one
# customer in fourteen, as in a real shop's list. A few rarer polyphonic surnames (单 Shan,
# 解 Xie, 区 Ou, 仇 Qiu, 查 Zha) are in it too: the name sort and pinyin search must read them
# as surnames. The remainder of the 10,000 goes to the listed surnames in proportion.
SURNAME_SHARES = (
    "王712 李700 张674 刘510 陈461 杨322 黄245 赵219 吴205 周197 徐145 孙138 马129 朱128 胡116"
    " 郭115 何107 林104 高101 罗95 郑87 梁84 谢74 宋67 唐65 许63 韩58 邓57 冯56 曹53 彭53 曾52"
    " 肖51 田49 董48 潘45 袁45 蔡43 蒋43 余42 于41 杜41 叶40 程39 魏38 苏38 吕37 丁36 任35 卢35"
    " 姚34 沈34 钟33 姜33 崔32 谭31 陆30 范29 汪29 廖28 石28 金28 韦27 贾27 夏26 付26 方26 邹25"
    " 熊25 白25 孟24 秦24 邱24 侯23 江23 尹22 薛22 闫21 段21 雷21 龙20 黎20 史20 陶19 贺19 毛18"
    " 郝18 顾18 龚17 邵17 万16 覃16 武16 钱16 戴15 严15 莫14 孔14 向13 常13 汤13 翟6 单5 解4"
    " 仇3 查3 区2"
)
SURNAME_TABLE = tuple(
    entry[0] for entry in SURNAME_SHARES.split() for _ in range(int(entry[1:]))
)  # one entry per 1/10,000 share: a uniform pick from it follows the shares
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方")
# Common given-name characters, men's and women's.
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹"
    "香月瑞凡佳嘉琼勤珍贞莉叶璐琦晶妍茜秋珊莎锦青倩婷婉瑾颖露瑶怡丹蓉君琴蕊薇菁梦岚馨韵悦冰爽宁欣晓欢"
    "鹏辉斌宇浩凯健俊帆帅旭龙林晨鑫亮飞波海文志国建东成杰峰博宏振昊然轩子睿泽豪诚毅明德永立新金"
)
# (province, city, district, area code of the district: the start of a resident ID number)
CITIES = (
    ("", "北京市", "朝阳区", "110105"),
    ("", "北京市", "海淀区", "110108"),
    ("", "上海市", "浦东新区", "310115"),
    ("", "上海市", "徐汇区", "310104"),
    ("", "天津市", "和平区", "120101"),
    ("", "重庆市", "渝中区", "500103"),
    ("广东省", "广州市", "天河区", "440106"),
    ("广东省", "深圳市", "南山区", "440305"),
    ("广东省", "佛山市", "南海区", "440605"),
    ("浙江省", "杭州市", "西湖区", "330106"),
    ("江苏省", "南京市", "鼓楼区", "320106"),
    ("江苏省", "苏州市", "姑苏区", "320508"),
    ("四川省", "成都市", "武侯区", "510107"),
    ("湖北省", "武汉市", "洪山区", "420111"),
    ("湖南省", "长沙市", "岳麓区", "430104"),
    ("陕西省", "西安市", "雁塔区", "610113"),
    ("河南省", "郑州市", "金水区", "410105"),
    ("山东省", "济南市", "历下区", "370102"),
    ("福建省", "厦门市", "思明区", "350203"),
    ("安徽省", "合肥市", "蜀山区", "340104"),
)
STREETS = (
    "建国路",
    "中山路",
    "人民路",
    "解放路",
    "科技园路",
    "长江路",
    "南京路",
    "文三路",
    "天府大道",
    "珠江路",
    "和平街",
    "新华路",
    "学府路",
    "滨江大道",
    "幸福路",
    "朝阳路",
)
CN_COMPANY_WORDS = (
    "华信",
    "东方",
    "长城",
    "金鼎",
    "新世纪",
    "远航",
    "明珠",
    "天成",
    "宏达",
    "瑞丰",
    "博远",
    "恒通",
    "鑫源",
    "永盛",
    "德顺",
    "嘉禾",
    "万家",
    "中创",
    "汇通",
    "锦程",
)
CN_COMPANY_KINDS = (
    "科技有限公司",
    "贸易有限公司",
    "餐饮管理有限公司",
    "五金店",
    "建材商行",
    "文化传媒有限公司",
    "服装店",
    "电子商务有限公司",
    "物流有限公司",
)
# Mainland mobile number blocks in use (the first three digits; phonenumbers accepts only
# assigned ranges: 154 and 174 are not).
MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "184",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)
LATIN_SHARE = 12  # per cent of customers with Latin names: a minority, as in a Chinese shop
FIRST = (
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Daniel",
    "Nancy",
    "Matthew",
    "Lisa",
    "Anthony",
    "Betty",
    "Mark",
    "Sandra",
    "Paul",
    "Emily",
    "Olivia",
    "Noah",
    "Liam",
    "Emma",
    "Sophia",
    "Lucas",
    "Mia",
    "Amelia",
    "Ethan",
    "Chloe",
)
LAST = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
)
LATIN_COMPANY_KINDS = ("Trading Ltd", "Consulting", "& Sons", "Imports GmbH", "Design Studio", "Logistics")
LATIN_STREETS = ("High Street", "Station Road", "Main Street", "Church Lane", "Park Avenue", "Mill Road")
LATIN_TOWNS = ("London", "Manchester", "Berlin", "Toronto", "Sydney", "Dublin", "Singapore")
TAGS = ("vip", "新客", "回头客", "批发", "wholesale", "newsletter", "企业客户", "")
SOURCES = ("门店登记", "电话咨询", "微信小程序", "trade fair", "website form", "referral")


def _cn_id(rnd: random.Random, area: str) -> str:
    body = (
        f"{area}{rnd.randrange(1950, 2005)}{rnd.randrange(1, 13):02d}{rnd.randrange(1, 29):02d}"
        f"{rnd.randrange(1000):03d}"
    )
    return body + cn_id_check_char(body)


def synthetic_customers(count: int, seed: int = 1, start: int = 1) -> list[dict[str, str]]:
    """``count`` customers (numbered from ``start``) as field dicts, already in stored form.

    Random numbers are split into the row's choices: a million rows take seconds, and the
    same (seed, start) always gives the same rows.
    """
    rnd = random.Random(f"{seed}:{start}")
    bits = rnd.getrandbits
    rows = []
    for i in range(start, start + count):
        r = bits(64)
        r, c = divmod(r, 100)
        r, tag = divmod(r, len(TAGS))
        r, source = divmod(r, len(SOURCES))
        r, number = divmod(r, 399)
        r, company_pick = divmod(r, len(CN_COMPANY_WORDS) * len(CN_COMPANY_KINDS))
        r, language = divmod(r, 100)
        r, block = divmod(r, len(MOBILE_PREFIXES))
        phone = f"{MOBILE_PREFIXES[block]}{r % 10**8:08d}"
        r = bits(64)
        if language >= LATIN_SHARE:
            r, g1 = divmod(r, len(GIVEN))
            r, g2 = divmod(r, len(GIVEN))
            r, surname = divmod(r, len(SURNAME_TABLE))
            r, place = divmod(r, len(CITIES))
            r, building = divmod(r, 30)
            province, city, district, area = CITIES[place]
            name = (
                (COMPOUND_SURNAMES[i % len(COMPOUND_SURNAMES)] if c == 0 else SURNAME_TABLE[surname])
                + GIVEN[g1]
                + (GIVEN[g2] if c > 28 else "")  # most given names have two characters
            )
            company_word, company_kind = divmod(company_pick, len(CN_COMPANY_KINDS))
            flat = f"{building + 1}栋{r % 28 + 1}{r // 28 % 4 + 1:02d}室" if c % 3 else ""
            row = {
                "name": name,
                "phone": phone,
                "email": f"user{i}@example.cn" if c > 60 else "",
                "company": (
                    f"{city[:2]}{CN_COMPANY_WORDS[company_word]}{CN_COMPANY_KINDS[company_kind]}"
                    if c > 50
                    else ""
                ),
                "address": f"{province}{city}{district}{STREETS[number % len(STREETS)]}{number + 1}号{flat}",
                "id_number": _cn_id(rnd, area) if c < 25 else "",
            }
        else:
            r, first = divmod(r, len(FIRST))
            r, last = divmod(r, len(LAST))
            first_name, last_name = FIRST[first], LAST[last]
            company = f"{LAST[company_pick % len(LAST)]} {LATIN_COMPANY_KINDS[r % len(LATIN_COMPANY_KINDS)]}"
            street, town = LATIN_STREETS[r % len(LATIN_STREETS)], LATIN_TOWNS[c % len(LATIN_TOWNS)]
            row = {
                "name": f"{first_name} {last_name}",
                "phone": phone if c > 30 else f"+44{7000000000 + i}",
                "email": f"{first_name.lower()}.{last_name.lower()}{i}@example.com",
                "company": company if c > 50 else "",
                "address": f"{number + 1} {street}, {town}",
                "id_number": "",
            }
        row["tags"] = TAGS[tag]
        row["source"] = SOURCES[source]
        rows.append(row)
    return rows


def _batch(
    count: int, seed: int, start: int, texts: dict
) -> tuple[list[dict[str, str]], list[tuple[str, ...]], list[tuple]]:
    """Customers, their keys and their consent decisions: all of it on the generator thread."""
    rows = synthetic_customers(count, seed, start)
    minors = demo_consent.make_minors(rows, start)
    return rows, customers.derive(rows), demo_consent.decisions(start, count, seed, minors, texts)


def build_demo(
    folder: Path,
    count: int,
    seed: int = 1,
    *,
    password: str = DEMO_PASSWORD,
    kdf: KdfParams | None = None,
    batch: int = 50_000,
    progress: Callable[[int, int], None] | None = None,
) -> Vault:
    """Open the vault at ``folder`` (creating it as the demo owner if missing) and fill it up to
    ``count`` customers; running it again with the same count adds nothing."""
    folder = Path(folder)
    if is_vault(folder):
        vault = Vault.unlock(folder, DEMO_OWNER, password)
    else:
        vault, _code = Vault.create(
            folder, owner=DEMO_OWNER, password=password, business_name=DEMO_BUSINESS, kdf=kdf
        )
    actor = vault.actor
    texts = demo_consent.install_texts(vault, actor, DEMO_BUSINESS)
    done = 0
    existing = customers.count(vault, actor)
    starts = range(existing + 1, max(count, existing) + 1, batch)
    # At least doubling the vault: dropping the indexes and building them once at the end
    # is cheaper than updating them row by row (see bulk_load).
    defer = (
        ("customers", "sensitive_index", "consents", "consent_current")
        if count - existing >= existing
        else ()
    )
    # Generating the next batch (and its pinyin keys and search tokens) overlaps with SQLite
    # writing this one: SQLite releases the GIL.
    with (
        ThreadPoolExecutor(max_workers=1) as generator,
        bulk_load(vault.connection(), defer_indexes=defer if starts else (), fts_tables=search.FTS_TABLES),
    ):
        # Two batches ahead at most; a written batch is let go (a million rows would not fit).
        pending = deque(
            generator.submit(_batch, min(batch, count + 1 - s), seed, s, texts) for s in starts[:2]
        )
        for index, start in enumerate(starts):
            chunk, keys, decided = pending.popleft().result()
            if index + 2 < len(starts):
                s = starts[index + 2]
                pending.append(generator.submit(_batch, min(batch, count + 1 - s), seed, s, texts))
            # The batch's customers and their consent commit together (one transaction).
            with transaction(vault.connection()) as conn:
                ids = customers.create_many(
                    vault,
                    actor,
                    chunk,
                    audit_each=False,
                    assume_clean=True,
                    keys=keys,
                    source_note=f"demo seed {seed}",
                )
                shift = ids[0] - start  # ids follow deleted rows' ids in a reused vault
                demo_consent.write(conn, [(row[0] + shift, *row[1:]) for row in decided])
                vault.audit().append(
                    actor.user,
                    "consent.import",
                    f"customer:{ids[0]}..{ids[-1]}",
                    {"records": len(decided), "source": f"demo seed {seed}"},
                )
            done += len(chunk)
            if progress:
                progress(existing + done, count)
    return vault
