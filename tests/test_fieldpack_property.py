"""The whole merge against the three-way rule: random office and field edits of the same customers
and fields, then one merge — every field ends as the rule says, and exactly the fields changed
on both sides to different values wait in the review queue."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import customers, fieldpack
from tests.fieldpack_helpers import FIELD_PASSWORD, FIELD_USER, make_office

FIELDS = ("name", "phone", "address")
CUSTOMERS = 3


def _value(key: str, side: str, i: int) -> str:
    return {
        "name": f"{side}改名{i}",
        "phone": f"{'137' if side == 'office' else '138'}2222000{i}",
        "address": f"北京市朝阳区{side}路{i}号",
    }[key]


actions = st.fixed_dictionaries(
    {
        (c, key): st.tuples(st.sampled_from(["keep", "change"]), st.sampled_from(["keep", "change", "same"]))
        for c in range(CUSTOMERS)
        for key in FIELDS
    }
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=actions)
def test_every_field_ends_as_the_three_way_rule_says(plan):
    with tempfile.TemporaryDirectory() as tmp:
        office = make_office(Path(tmp), count=CUSTOMERS * 2)
        vault, owner = office.vault, office.owner
        try:
            ids = office.north
            base = {cid: customers.get(vault, owner, cid).values for cid in ids}
            path = Path(tmp) / "p.custospack"
            fieldpack.prepare(vault, owner, FIELD_USER, path, tag="north")
            field = fieldpack.open_pack(path, FIELD_USER, FIELD_PASSWORD)
            try:
                for c, cid in enumerate(ids):
                    changes = {}
                    for key in FIELDS:
                        _office_action, field_action = plan[(c, key)]
                        if field_action == "change":
                            changes[key] = _value(key, "field", c)
                        elif field_action == "same":
                            changes[key] = _value(key, "office", c)
                    if changes:
                        customers.update(field, field.actor, cid, changes)
            finally:
                field.lock()
            for c, cid in enumerate(ids):
                changes = {key: _value(key, "office", c) for key in FIELDS if plan[(c, key)][0] == "change"}
                if changes:
                    customers.update(vault, owner, cid, changes)
            office_now = {cid: customers.get(vault, owner, cid).values for cid in ids}
            report = fieldpack.merge(vault, owner, path)
            queued = set()
            for c, cid in enumerate(ids):
                after = customers.get(vault, owner, cid).values
                for key in FIELDS:
                    field_action = plan[(c, key)][1]
                    field_value = {
                        "keep": base[cid][key],
                        "change": _value(key, "field", c),
                        "same": _value(key, "office", c),
                    }[field_action]
                    decision, taken = fieldpack.three_way(base[cid][key], office_now[cid][key], field_value)
                    expected = taken if decision == "take" else office_now[cid][key]
                    assert after[key] == expected, (c, key, plan[(c, key)])
                    if decision == "conflict":
                        queued.add((cid, key))
            assert {(x["customer_id"], x["field"]) for x in report.conflicts} == queued
            listed = fieldpack.list_conflicts(vault, owner)
            assert {(x.customer_id, x.field) for x in listed} == queued
        finally:
            vault.lock()
