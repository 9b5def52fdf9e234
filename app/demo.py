"""Deterministic synthetic customers for demos, tests and benchmarks.

About half get Chinese names, companies and addresses, half Latin ones. The same seed
always gives the same customers, so benchmark runs compare like with like. Nothing here is
real personal data: ID numbers are checksum-valid but generated, phones are random.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app import customers
from app.fields import cn_id_check_char
from app.vault import Vault, is_vault
from app.vault.database import bulk_cache
from app.vault.keyslots import KdfParams

DEMO_OWNER = "owner"
DEMO_PASSWORD = "custos-demo"
DEMO_BUSINESS = "示例商店 Demo Shop"

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方")
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹"
    "香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁"
    "梦岚苑婕馨韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可舒影荔思"
)
CITIES = (
    ("北京市", "朝阳区", "110105"),
    ("北京市", "海淀区", "110108"),
    ("上海市", "浦东新区", "310115"),
    ("上海市", "徐汇区", "310104"),
    ("广州市", "天河区", "440106"),
    ("深圳市", "南山区", "440305"),
    ("杭州市", "西湖区", "330106"),
    ("成都市", "武侯区", "510107"),
    ("武汉市", "洪山区", "420111"),
    ("南京市", "鼓楼区", "320106"),
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
    "珠江新城",
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
)
CN_COMPANY_KINDS = (
    "科技有限公司",
    "贸易有限公司",
    "餐饮管理有限公司",
    "五金店",
    "建材商行",
    "文化传媒有限公司",
)
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
# Mobile network prefixes in use (phonenumbers accepts only assigned ranges: 154, 174 are not).
MOBILE_PREFIXES = ("138", "139", "135", "136", "150", "151", "152", "158", "159", "186", "187", "188", "177")
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

    One 64-bit random number per row is split into the row's choices: a million rows take
    seconds, and the same (seed, start) always gives the same rows.
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
        r, company_pick = divmod(r, 1024)
        phone = f"{MOBILE_PREFIXES[r % len(MOBILE_PREFIXES)]}{(r >> 4) % 10**8:08d}"
        r = bits(32)
        if i % 2:
            r, g1 = divmod(r, len(GIVEN))
            r, g2 = divmod(r, len(GIVEN))
            r, surname = divmod(r, len(SURNAMES))
            city, district, area = CITIES[r % len(CITIES)]
            name = (
                (COMPOUND_SURNAMES[i % 5] if c < 2 else SURNAMES[surname])
                + GIVEN[g1]
                + (GIVEN[g2] if c > 33 else "")
            )
            row = {
                "name": name,
                "phone": phone,
                "email": f"user{i}@example.cn" if c > 30 else "",
                "company": (
                    city[:2]
                    + CN_COMPANY_WORDS[company_pick % len(CN_COMPANY_WORDS)]
                    + CN_COMPANY_KINDS[company_pick % len(CN_COMPANY_KINDS)]
                )
                if c > 50
                else "",
                "address": f"{city}{district}{STREETS[number % len(STREETS)]}{number + 1}号",
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
    done = 0
    existing = customers.count(vault, actor)
    starts = range(existing + 1, max(count, existing) + 1, batch)
    # Generating the next batch overlaps with SQLite writing this one (SQLite releases the GIL).
    with ThreadPoolExecutor(max_workers=1) as generator, bulk_cache(vault.connection()):
        pending = [
            generator.submit(synthetic_customers, min(batch, count + 1 - s), seed, s) for s in starts[:2]
        ]
        for index, _start in enumerate(starts):
            chunk = pending[index].result()
            if index + 2 < len(starts):
                s = starts[index + 2]
                pending.append(generator.submit(synthetic_customers, min(batch, count + 1 - s), seed, s))
            customers.create_many(
                vault, actor, chunk, audit_each=False, assume_clean=True, source_note=f"demo seed {seed}"
            )
            done += len(chunk)
            if progress:
                progress(existing + done, count)
    return vault
