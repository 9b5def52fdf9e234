"""A masked address shows only the city or district level, never the street."""

from __future__ import annotations

import pytest

from app import customers, masking, users
from app.access import Actor
from app.vault import Vault


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("广东省深圳市南山区科技园", "广东省深圳市南山区****"),
        ("浙江省杭州市余杭区五常街道", "浙江省杭州市余杭区****"),
        ("江苏省苏州市昆山市玉山镇", "江苏省苏州市昆山市****"),
        ("福建省厦门市思明区", "福建省厦门市思明区****"),
        ("黑龙江省哈尔滨市道里区中央大街", "黑龙江省哈尔滨市道里区****"),
        ("新疆维吾尔自治区乌鲁木齐市天山区解放路1号", "新疆维吾尔自治区乌鲁木齐市天山区****"),
        ("内蒙古自治区锡林郭勒盟正蓝旗上都镇", "内蒙古自治区锡林郭勒盟正蓝旗****"),
        ("长阳土家族自治县龙舟坪镇", "长阳土家族自治县****"),
        # no recognisable administrative level: nothing is shown
        ("花园路3号院东区", "****"),
        ("华联超市3楼", "****"),
    ],
)
def test_chinese_addresses_keep_only_province_city_and_district(address: str, masked: str) -> None:
    assert masking.mask_address(address) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("12 High Street, London", "****, London"),
        ("12 High Street, London SW1A 1AA, UK", "****, London, UK"),
        ("1600 Pennsylvania Ave NW, Washington, DC 20500, USA", "****, Washington, DC, USA"),
        ("Hauptstraße 5, 10115 Berlin, Germany", "****, Berlin, Germany"),
        ("Flat 3, 10 Downing St, Westminster, London", "****, Westminster, London"),
        # the street last, or a house number in the last part: when unsure, mask more
        ("London, 12 High Street", "****"),
        ("Berlin, Hauptstraße 5", "****"),
        ("London", "****"),
    ],
)
def test_western_addresses_keep_only_city_region_and_country(address: str, masked: str) -> None:
    assert masking.mask_address(address) == masked


def test_sales_sees_the_district_of_an_address_and_no_street(vault: Vault, owner: Actor) -> None:
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    sally = Actor("sally", "sales")
    wang = customers.create(vault, owner, {"name": "王芳", "address": "花园路3号院东区"})
    john = customers.create(vault, owner, {"name": "John", "address": "London, 12 High Street"})
    assert customers.get(vault, sally, wang.id).get("address") == "****"
    assert customers.get(vault, sally, john.id).get("address") == "****"
