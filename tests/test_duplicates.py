"""Duplicate customers: the check before saving, its policy, the likely pairs and merging."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app import access, cli, customers, duplicates, users
from app.access import Actor
from app.duplicates import DuplicateError
from app.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from app.vault import Vault
from tests.conftest import OWNER, OWNER_PASSWORD

ID_NUMBER = "11010519491231002X"
OTHER_ID_NUMBER = "110105198001010016"
SALES = Actor("sally", "sales")
MANAGER = Actor("mia", "manager")


@pytest.fixture
def wang(vault: Vault, owner: Actor) -> customers.Customer:
    return customers.create(
        vault,
        owner,
        {
            "name": "王娜",
            "phone": "138 1234 5678",
            "email": "wang.na@example.com",
            "company": "华信科技",
            "id_number": ID_NUMBER,
        },
    )


def audit_actions(vault: Vault) -> list[tuple[str, str, dict]]:
    return [(e.action, e.object, e.details) for e in reversed(vault.audit().entries(limit=1000))]


# ------------------------------------------------------------------------------- the check


def test_a_phone_typed_with_the_country_code_matches_the_stored_number(vault, owner, wang) -> None:
    before = customers.count(vault, owner)
    with pytest.raises(DuplicateError) as refused:
        duplicates.add_customer(vault, owner, {"name": "王娜", "phone": "+86 138 1234 5678"})
    assert refused.value.existing_ids == [wang.id]
    assert refused.value.matches[0].fields == ("phone",)
    assert f"customer {wang.id} (王娜)" in str(refused.value)
    assert customers.count(vault, owner) == before


def test_save_anyway_adds_the_second_record(vault, owner, wang) -> None:
    added = duplicates.add_customer(
        vault, owner, {"name": "王娜", "phone": "13812345678"}, allow_duplicate=True
    )
    assert added.id != wang.id
    assert customers.count(vault, owner) == 2


def test_an_email_in_other_letter_case_and_the_same_id_number_are_duplicates(vault, owner, wang) -> None:
    with pytest.raises(DuplicateError) as refused:
        duplicates.add_customer(
            vault, owner, {"name": "Nina", "email": "Wang.Na@Example.COM", "id_number": ID_NUMBER.lower()}
        )
    assert refused.value.existing_ids == [wang.id]
    assert set(refused.value.matches[0].fields) == {"email", "id_number"}


def test_an_id_number_match_is_audited_as_a_lookup_without_the_value(vault, owner, wang) -> None:
    matches = duplicates.find_duplicates(vault, owner, {"id_number": ID_NUMBER})
    assert [m.customer.id for m in matches] == [wang.id]
    action, obj, details = audit_actions(vault)[-1]
    assert (action, obj) == ("customer.lookup", "id_number")
    assert details["matches"] == 1
    assert ID_NUMBER not in repr(details)


def test_different_values_are_no_duplicate(vault, owner, wang) -> None:
    added = duplicates.add_customer(
        vault, owner, {"name": "王娜", "phone": "139 1234 5678", "email": "other@example.com"}
    )
    assert added.get("phone") == "13912345678"


def test_a_deleted_customer_is_no_duplicate(vault, owner, wang) -> None:
    customers.delete(vault, owner, wang.id)
    assert duplicates.find_duplicates(vault, owner, {"phone": "13812345678", "id_number": ID_NUMBER}) == []


def test_an_invalid_value_is_refused_before_any_duplicate_question(vault, owner, wang) -> None:
    with pytest.raises(ValidationError) as refused:
        duplicates.add_customer(vault, owner, {"name": "王娜", "phone": "13812345678", "email": "nope"})
    assert set(refused.value.errors) == {"email"}


def test_changing_a_phone_to_another_customers_is_refused_but_the_customer_never_matches_itself(
    vault, owner, wang
) -> None:
    li = customers.create(vault, owner, {"name": "李雷", "phone": "13900000000"})
    with pytest.raises(DuplicateError) as refused:
        duplicates.update_customer(vault, owner, li.id, {"phone": "138-1234-5678"})
    assert refused.value.existing_ids == [wang.id]
    assert customers.get(vault, owner, li.id).get("phone") == "13900000000"
    # Saving wang's own phone again (with a note) is no duplicate of wang.
    kept = duplicates.update_customer(vault, owner, wang.id, {"phone": "13812345678", "notes": "回访"})
    assert kept.get("notes") == "回访"
    moved = duplicates.update_customer(vault, owner, li.id, {"phone": "13812345678"}, allow_duplicate=True)
    assert moved.get("phone") == "13812345678"


# ------------------------------------------------------------------------------- the policy


def test_a_role_that_cannot_see_id_numbers_learns_nothing_about_an_id_match(vault, owner, wang) -> None:
    assert not access.access_for(vault, SALES).can_see("id_number")
    assert duplicates.find_duplicates(vault, SALES, {"id_number": ID_NUMBER}) == []
    assert "customer.lookup" not in [a for a, _o, _d in audit_actions(vault)]


def test_a_role_that_sees_phones_masked_is_not_told_of_a_phone_match(vault, owner, wang) -> None:
    access.set_level(vault, owner, "sales", "phone", "masked")
    assert duplicates.find_duplicates(vault, SALES, {"phone": "13812345678"}) == []
    # E-mail it still reads in full: that match is reported, and only that field is named.
    matches = duplicates.find_duplicates(
        vault, SALES, {"phone": "13812345678", "email": "wang.na@example.com"}
    )
    assert [(m.customer.id, m.fields) for m in matches] == [(wang.id, ("email",))]


def test_a_match_shows_the_existing_customer_only_as_the_role_may_see_them(vault, owner, wang) -> None:
    (match,) = duplicates.find_duplicates(vault, SALES, {"phone": "13812345678"})
    assert match.customer.name == "王娜"
    assert "id_number" not in match.customer.values


# ------------------------------------------------------------------------------- likely duplicates


def test_likely_pairs_name_every_reason_and_pair_a_group_with_its_lowest_id(vault, owner, wang) -> None:
    twin = customers.create(vault, owner, {"name": "王娜", "phone": "13812345678", "company": "华信科技"})
    third = customers.create(vault, owner, {"name": "Nina Wang", "email": "WANG.NA@example.com"})
    fourth = customers.create(vault, owner, {"name": "王 娜", "id_number": ID_NUMBER})
    customers.create(vault, owner, {"name": "王娜", "company": "别的公司"})  # same name only: not listed
    found = duplicates.likely_duplicates(vault, owner)
    reasons = {(p.first.id, p.second.id): set(p.reasons) for p in found.pairs}
    assert reasons == {
        (wang.id, twin.id): {"phone", duplicates.NAME_AND_COMPANY},
        (wang.id, third.id): {"email"},
        (wang.id, fourth.id): {"id_number"},
    }
    assert not found.more


def test_likely_pairs_are_limited_and_say_when_there_are_more(vault, owner) -> None:
    for n in range(5):
        customers.create_many(
            vault, owner, [{"name": f"客户{n}", "phone": f"1380000000{n}"} for _ in range(2)]
        )
    found = duplicates.likely_duplicates(vault, owner, limit=3)
    assert len(found.pairs) == 3
    assert found.more


def test_only_owners_managers_and_roles_given_the_permission_may_list_or_merge(vault, owner, wang) -> None:
    twin = customers.create(vault, owner, {"name": "王娜", "phone": "13812345678"})
    users.add(vault, owner, "mia", "manager-pass-1", "manager")
    assert duplicates.likely_duplicates(vault, MANAGER).pairs
    for role in ("sales", "service", "field", "auditor"):
        actor = Actor("x", role)
        with pytest.raises(PermissionDeniedError):
            duplicates.likely_duplicates(vault, actor)
        with pytest.raises(PermissionDeniedError):
            duplicates.merge(vault, actor, wang.id, twin.id)
    assert customers.get(vault, owner, twin.id).merged_from is None


def test_a_custom_role_with_the_permission_lists_only_fields_it_reads_in_full(vault, owner, wang) -> None:
    access.add_role(vault, owner, "desk", based_on="sales", permissions=["merge_customers"])
    access.set_level(vault, owner, "desk", "phone", "masked")
    customers.create(vault, owner, {"name": "Twin", "phone": "13812345678", "email": "wang.na@example.com"})
    found = duplicates.likely_duplicates(vault, Actor("dora", "desk"))
    assert [p.reasons for p in found.pairs] == [("email",)]


# ------------------------------------------------------------------------------- merging


@pytest.fixture
def twin(vault, owner, wang) -> customers.Customer:
    return customers.create(
        vault,
        owner,
        {
            "name": "王娜",
            "phone": "13812345678",
            "email": "nana@example.com",
            "address": "北京市朝阳区建国路88号",
            "id_number": OTHER_ID_NUMBER,
        },
    )


def test_merge_takes_the_chosen_fields_and_the_merged_id_leads_to_the_kept_customer(
    vault, owner, wang, twin
) -> None:
    kept = duplicates.merge(vault, owner, wang.id, twin.id, ["email", "address", "id_number"])
    assert kept.id == wang.id
    assert kept.get("email") == "nana@example.com"
    assert kept.get("address") == "北京市朝阳区建国路88号"
    assert kept.get("id_number") == OTHER_ID_NUMBER  # re-encrypted for the kept record
    assert kept.get("company") == "华信科技"
    redirected = customers.get(vault, owner, twin.id)
    assert (redirected.id, redirected.merged_from) == (wang.id, twin.id)
    assert customers.count(vault, owner) == 1
    assert customers.search(vault, owner, "nana@example").ids == [wang.id]
    assert customers.search(vault, owner, "13812345678").ids == [wang.id]
    assert [c.id for c in customers.find_by_sensitive(vault, owner, "id_number", OTHER_ID_NUMBER)] == [
        wang.id
    ]
    assert customers.find_by_sensitive(vault, owner, "id_number", ID_NUMBER) == []
    assert duplicates.likely_duplicates(vault, owner).pairs == []


def test_a_merged_away_customer_cannot_be_changed_and_the_message_says_where_it_went(
    vault, owner, wang, twin
) -> None:
    duplicates.merge(vault, owner, wang.id, twin.id)
    for attempt in (
        lambda: customers.update(vault, owner, twin.id, {"notes": "x"}),
        lambda: customers.delete(vault, owner, twin.id),
        lambda: duplicates.merge(vault, owner, twin.id, wang.id),
    ):
        with pytest.raises(NotFoundError, match=f"Customer {twin.id} was merged into customer {wang.id}"):
            attempt()


def test_merge_is_audited_on_both_ids_and_both_histories_stay_reachable(vault, owner, wang, twin) -> None:
    duplicates.merge(vault, owner, wang.id, twin.id, ["email"])
    entries = audit_actions(vault)
    assert ("customer.merge", f"customer:{wang.id}", {"merged": twin.id, "taken": ["email"]}) in entries
    assert ("customer.merged_into", f"customer:{twin.id}", {"into": wang.id}) in entries
    assert ("customer.update", f"customer:{wang.id}", {"fields": ["email"]}) in entries
    assert duplicates.history_ids(vault, owner, wang.id) == [wang.id, twin.id]
    history = {o for _a, o, _d in entries if o in {f"customer:{i}" for i in (wang.id, twin.id)}}
    assert history == {f"customer:{wang.id}", f"customer:{twin.id}"}
    assert vault.audit().verify().ok


def test_merging_a_kept_customer_again_repoints_the_earlier_redirect(vault, owner, wang, twin) -> None:
    third = customers.create(vault, owner, {"name": "王娜", "phone": "13812345678"})
    duplicates.merge(vault, owner, twin.id, third.id)
    duplicates.merge(vault, owner, wang.id, twin.id)
    assert customers.get(vault, owner, third.id).id == wang.id
    assert duplicates.history_ids(vault, owner, wang.id) == [wang.id, twin.id, third.id]


def test_merge_refuses_a_field_the_role_may_not_write_and_changes_nothing(vault, owner, wang, twin) -> None:
    access.add_role(vault, owner, "desk", based_on="sales", permissions=["merge_customers"])
    desk = Actor("dora", "desk")
    with pytest.raises(PermissionDeniedError, match="address"):
        duplicates.merge(vault, desk, wang.id, twin.id, ["address"])
    assert customers.count(vault, owner) == 2
    assert customers.get(vault, owner, wang.id).get("address") is None
    kept = duplicates.merge(vault, desk, wang.id, twin.id, ["email"])
    assert "id_number" not in kept.values
    assert customers.get(vault, owner, wang.id).get("id_number") == ID_NUMBER


def test_merge_refuses_one_customer_twice_and_unknown_fields(vault, owner, wang, twin) -> None:
    with pytest.raises(KnownError, match="two different"):
        duplicates.merge(vault, owner, wang.id, wang.id)
    with pytest.raises(ValidationError):
        duplicates.merge(vault, owner, wang.id, twin.id, ["shoe_size"])
    assert customers.count(vault, owner) == 2


def test_default_choices_keep_the_kept_values_and_fill_its_empty_fields(vault, owner, wang, twin) -> None:
    choices = duplicates.default_choices(wang, twin, duplicates.mergeable_fields(vault, owner))
    assert choices["address"] == duplicates.OTHER
    assert choices["email"] == duplicates.KEEP
    assert choices["id_number"] == duplicates.KEEP
    assert choices["company"] == duplicates.KEEP


def test_an_upgraded_vault_gives_managers_the_merge_permission(vault, owner) -> None:
    described = access.describe_role(vault, owner, "manager")
    assert "merge_customers" in described["permissions"]
    assert "merge_customers" not in access.describe_role(vault, owner, "sales")["permissions"]


# ------------------------------------------------------------------------------- crash safety

_MERGE_AND_DIE = textwrap.dedent(
    """
    import os, signal, sys
    from app import duplicates
    from app.vault import Vault

    folder, user, password, keep, other, die_at = sys.argv[1:]
    vault = Vault.unlock(folder, user, password)
    conn = vault.connection()
    count = 0

    def trace(_statement):
        global count
        count += 1
        if count == int(die_at):
            os.kill(os.getpid(), signal.SIGKILL)

    conn.set_trace_callback(trace)
    duplicates.merge(vault, vault.actor, int(keep), int(other), ["email", "id_number"])
    conn.set_trace_callback(None)
    print(count)
    """
)


def test_kill_9_at_any_statement_of_a_merge_leaves_the_old_or_the_new_state(
    created, tmp_path: Path, owner
) -> None:
    vault, _code = created
    wang = customers.create(vault, owner, {"name": "王娜", "phone": "13812345678", "id_number": ID_NUMBER})
    twin = customers.create(
        vault,
        owner,
        {"name": "王娜", "phone": "13812345678", "email": "nana@example.com", "id_number": OTHER_ID_NUMBER},
    )
    folder = vault.folder
    vault.lock()
    pristine = tmp_path / "pristine"
    shutil.copytree(folder, pristine)
    script = tmp_path / "merge_and_die.py"
    script.write_text(_MERGE_AND_DIE)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}

    def run(die_at: int) -> subprocess.CompletedProcess:
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        return subprocess.run(
            [
                sys.executable,
                str(script),
                str(folder),
                OWNER,
                OWNER_PASSWORD,
                str(wang.id),
                str(twin.id),
                str(die_at),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    finished = run(10**6)
    assert finished.returncode == 0, finished.stderr
    statements = int(finished.stdout.strip())
    assert statements > 10
    seen = set()
    # Every statement up to and including COMMIT; past the end the merge has happened.
    for die_at in sorted(
        {1, 2, 3, *range(4, statements + 1, max(1, statements // 8)), statements, statements + 1}
    ):
        died = run(die_at)
        if die_at <= statements:
            assert died.returncode == -signal.SIGKILL, (die_at, died.stderr)
        reopened = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
        try:
            actor = reopened.actor
            assert reopened.audit().verify().ok
            live = customers.count(actor=actor, vault=reopened)
            kept = customers.get(reopened, actor, wang.id)
            if live == 2:  # the old state, whole
                seen.add("old")
                assert customers.get(reopened, actor, twin.id).merged_from is None
                assert kept.get("email") is None and kept.get("id_number") == ID_NUMBER
                assert "customer.merge" not in [e.action for e in reopened.audit().entries(limit=50)]
            else:  # the new state, whole
                seen.add("new")
                assert live == 1
                assert customers.get(reopened, actor, twin.id).merged_from == twin.id
                assert (kept.get("email"), kept.get("id_number")) == ("nana@example.com", OTHER_ID_NUMBER)
                assert [
                    c.id for c in customers.find_by_sensitive(reopened, actor, "id_number", OTHER_ID_NUMBER)
                ] == [wang.id]
                assert customers.search(reopened, actor, "nana@example").ids == [wang.id]
        finally:
            reopened.lock()
    assert seen == {"old", "new"}


# ------------------------------------------------------------------------------- the command line


@pytest.fixture
def cli_vault(created, monkeypatch: pytest.MonkeyPatch) -> str:
    vault, _code = created
    customers.create(vault, vault.actor, {"name": "王娜", "phone": "13812345678", "company": "华信科技"})
    folder = str(vault.folder)
    vault.lock()
    monkeypatch.setenv("CUSTOS_PASSWORD", OWNER_PASSWORD)
    monkeypatch.setenv("CUSTOS_USER", OWNER)
    return folder


def test_cli_add_refuses_a_duplicate_in_one_line_naming_the_existing_id(cli_vault, capsys) -> None:
    code = cli.main(
        ["customers", "add", "--vault", cli_vault, "--name", "王娜", "--phone", "+86 138 1234 5678"]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1
    assert "customer 1 (王娜)" in err and "--allow-duplicate" in err
    assert "Added" not in out
    assert cli.main(["customers", "list", "--vault", cli_vault]) == 0
    assert "-- 1 customer\n" in capsys.readouterr().out
    code = cli.main(
        [
            "customers",
            "add",
            "--vault",
            cli_vault,
            "--name",
            "王娜",
            "--phone",
            "+86 138 1234 5678",
            "--allow-duplicate",
        ]
    )
    assert code == 0
    assert "Added customer 2" in capsys.readouterr().out


def test_cli_update_refuses_a_duplicate_unless_allowed(cli_vault, capsys) -> None:
    assert (
        cli.main(["customers", "add", "--vault", cli_vault, "--name", "李雷", "--phone", "13900000000"]) == 0
    )
    capsys.readouterr()
    assert cli.main(["customers", "update", "--vault", cli_vault, "2", "--phone", "138 1234 5678"]) == 1
    assert "customer 1" in capsys.readouterr().err
    args = ["customers", "update", "--vault", cli_vault, "2", "--phone", "138 1234 5678", "--allow-duplicate"]
    assert cli.main(args) == 0


def test_cli_lists_duplicates_merges_them_and_show_follows_the_redirect(cli_vault, capsys) -> None:
    args = ["customers", "add", "--vault", cli_vault, "--name", "王娜", "--phone", "13812345678"]
    assert cli.main([*args, "--set", "address=上海市", "--allow-duplicate"]) == 0
    capsys.readouterr()
    assert cli.main(["customers", "duplicates", "--vault", cli_vault]) == 0
    out = capsys.readouterr().out
    assert "same phone" in out and "-- 1 likely duplicate pair\n" in out
    assert cli.main(["customers", "merge", "--vault", cli_vault, "1", "2", "--take", "name=other"]) == 0
    out = capsys.readouterr().out
    assert "Merged customer 2 into 1" in out and "address" in out  # filled: the kept one had none
    assert cli.main(["customers", "show", "--vault", cli_vault, "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Customer 2 was merged into customer 1.")
    assert "上海市" in out
    assert cli.main(["customers", "merge", "--vault", cli_vault, "1", "2"]) == 1
    assert "was merged into customer 1" in capsys.readouterr().err
    assert cli.main(["customers", "merge", "--vault", cli_vault, "1", "3", "--take", "phone=maybe"]) == 1
