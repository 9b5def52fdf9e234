"""Random sequences of adding, deleting, erasing and purging customers: an id is never handed
out twice, and nobody erased can be read, searched or found in the index again."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import customers, erasure, retention
from app.errors import NotFoundError
from app.vault import Vault
from tests.conftest import OWNER, OWNER_PASSWORD

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(1, 3)),
        st.tuples(st.just("delete"), st.integers(0, 50)),
        st.tuples(st.just("erase"), st.integers(0, 50)),
        st.tuples(st.just("purge"), st.just(0)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_ids_are_unique_and_the_erased_stay_gone(tmp_path_factory, steps) -> None:
    folder = tmp_path_factory.mktemp("prop") / "vault"
    vault, _code = Vault.create(folder, owner=OWNER, password=OWNER_PASSWORD)
    owner = vault.actor
    issued: list[int] = []
    live: set[int] = set()
    deleted: set[int] = set()
    erased: set[int] = set()
    erasure.set_grace_days(vault, owner, 0)
    try:
        for op, n in steps:
            if op == "add":
                ids = customers.create_many(
                    vault, owner, [{"name": f"客户{len(issued) + i}"} for i in range(n)]
                )
                issued += ids
                live |= set(ids)
            elif op == "delete" and live:
                target = sorted(live)[n % len(live)]
                customers.delete(vault, owner, target)
                live.discard(target)
                deleted.add(target)
            elif op == "erase" and (live or deleted):
                pool = sorted(live | deleted)
                target = pool[n % len(pool)]
                erasure.erase(vault, owner, target)
                live.discard(target)
                deleted.discard(target)
                erased.add(target)
            elif op == "purge":
                review = retention.review(vault, owner)
                retention.apply(vault, owner, review.id)
                erased |= deleted
                deleted.clear()
            assert len(issued) == len(set(issued))
            conn = vault.connection()
            stored = {r[0] for r in conn.execute("SELECT id FROM customers")}
            assert stored == live | deleted
            assert not erased & {r[0] for r in conn.execute("SELECT rowid FROM search_trigram")}
            assert erased <= erasure.erased_ids(vault)
            for cid in erased:
                try:
                    customers.get(vault, owner, cid)
                except NotFoundError:
                    continue
                raise AssertionError(f"erased customer {cid} is readable")
    finally:
        vault.lock()
