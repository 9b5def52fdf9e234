"""Restriction of processing (PIPL Art. 44): an accepted 'restrict' request keeps the customer
out of exports, consent lists, import updates and merges until a handler lifts it; storage,
the card and the handling of the customer's own requests go on. Through the core and the CLI,
with weaker roles trying to get around it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from app import (
    access,
    cli,
    consent,
    customers,
    datacopy,
    duplicates,
    exporting,
    requests,
    restrictions,
    users,
)
from app.access import Actor
from app.errors import PermissionDeniedError, ValidationError
from app.exporting import Selection
from app.vault import Vault
from tests.export_helpers import exporting_user, give, request, shop
from tests.import_files import write_csv
from tests.test_importing import import_file

OTHER_BASIS = {"legal_basis": "contract", "basis_note": "delivering the orders the customers placed"}
NAME_PHONE = [("id", "full"), ("name", "full"), ("phone", "full")]


def _restrict(vault, actor, customer_id: int) -> restrictions.Restriction:
    req = requests.add(
        vault,
        actor,
        type="restrict",
        requester="王芳",
        customer_id=customer_id,
        identity_method="身份证原件",
        identity_verified=True,
        details="在核实号码前请停止用于营销",
    )
    return requests.restrict(vault, actor, req.id)


def _exported_ids(vault, actor, tmp_path: Path, name: str, **kw) -> tuple[list[int], dict[str, int]]:
    out = tmp_path / name
    result = exporting.run(vault, actor, request(NAME_PHONE, purpose="sales", **{**OTHER_BASIS, **kw}), out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    return [int(r[0]) for r in rows], {k: v for k, v in result.left_out.items() if v}


def test_an_accepted_restrict_request_keeps_the_customer_out_of_exports_until_lifted(
    vault, owner, tmp_path
) -> None:
    ids = shop(vault, owner)
    restriction = _restrict(vault, owner, ids[0])
    exported, left_out = _exported_ids(vault, owner, tmp_path, "a.csv")
    assert ids[0] not in exported and sorted(exported) == sorted(ids[1:])
    assert left_out == {"restricted": 1}
    plan = exporting.prepare(vault, owner, request(NAME_PHONE, purpose="sales", **OTHER_BASIS))
    assert plan.included == len(ids) - 1
    # Naming the customer outright does not bring them back.
    named, left_out = _exported_ids(
        vault, owner, tmp_path, "b.csv", selection=Selection("ids", ids=(ids[0],))
    )
    assert named == [] and left_out == {"restricted": 1}

    lifted = requests.lift_restriction(vault, owner, restriction.id, reason="号码已核实，客户同意恢复")
    assert not lifted.in_force and lifted.lift_reason == "号码已核实，客户同意恢复"
    exported, left_out = _exported_ids(vault, owner, tmp_path, "c.csv")
    assert ids[0] in exported and left_out == {}
    kinds = [e.kind for e in requests.get(vault, owner, restriction.request_id).events]
    assert kinds[-2:] == ["restricted", "restriction_lifted"]
    actions = [e.action for e in vault.audit().entries()]
    assert "restriction.place" in actions and "restriction.lift" in actions


def test_a_restricted_customer_is_in_no_consent_based_marketing_list(vault, owner) -> None:
    ids = shop(vault, owner)
    for cid in ids[:3]:
        give(vault, owner, cid, "marketing")
    assert list(consent.customer_ids(vault, owner, "marketing")) == ids[:3]
    _restrict(vault, owner, ids[1])
    assert list(consent.customer_ids(vault, owner, "marketing")) == [ids[0], ids[2]]
    assert consent.may_include(vault, owner, "marketing", ids) == [ids[0], ids[2]]
    assert consent.count_current(vault, owner, "marketing") == 2
    view = customers.CustomerView(vault, owner, consent="marketing")
    assert view.count == 2 and ids[1] not in {c.id for c in view.rows(0, 10)}


def test_an_import_never_updates_a_restricted_customer(vault, owner, tmp_path) -> None:
    cid = customers.create(vault, owner, {"name": "王芳", "phone": "13812345678", "tags": "老客"}).id
    _restrict(vault, owner, cid)
    path = write_csv(tmp_path / "a.csv", ["姓名", "手机号", "标签"], [["王芳", "13812345678", "新标签"]])
    result = import_file(vault, path, on_duplicate="overwrite")
    assert result.counts.restricted == 1 and result.counts.updated == 0
    assert customers.get(vault, owner, cid).get("tags") == "老客"


def test_merging_a_restricted_customer_is_refused_and_changes_nothing(vault, owner) -> None:
    keep = customers.create(vault, owner, {"name": "王芳", "phone": "13812345678"}).id
    other = customers.create(vault, owner, {"name": "王芳", "phone": "13812345679"}).id
    _restrict(vault, owner, other)
    with pytest.raises(restrictions.RestrictedError, match="restricted"):
        duplicates.merge(vault, owner, keep, other, take=["phone"])
    assert customers.get_live(vault, owner, other).get("phone") == "13812345679"


def test_storage_the_card_and_the_customers_own_requests_still_work(vault, owner) -> None:
    cid = customers.create(vault, owner, {"name": "王芳", "phone": "13812345678"}).id
    _restrict(vault, owner, cid)
    assert customers.view(vault, owner, cid).name == "王芳"
    assert restrictions.current(vault, owner, cid) is not None
    fix = requests.add(
        vault,
        owner,
        type="correct",
        requester="王芳",
        customer_id=cid,
        identity_method="身份证",
        identity_verified=True,
    )
    requests.correct(vault, owner, fix.id, {"phone": "13900001111"})
    know = requests.add(
        vault,
        owner,
        type="know",
        requester="王芳",
        customer_id=cid,
        identity_method="身份证",
        identity_verified=True,
    )
    copy = json.loads(datacopy.render(vault, owner, cid, "json", request_id=know.id))
    assert "13900001111" in json.dumps(copy, ensure_ascii=False)


def test_a_restriction_needs_a_verified_restrict_request_for_a_customer(vault, owner) -> None:
    cid = customers.create(vault, owner, {"name": "王芳"}).id
    other_type = requests.add(
        vault,
        owner,
        type="know",
        requester="王芳",
        customer_id=cid,
        identity_method="x",
        identity_verified=True,
    )
    unverified = requests.add(vault, owner, type="restrict", requester="王芳", customer_id=cid)
    unlinked = requests.add(vault, owner, type="restrict", requester="王芳")
    for req, problem in ((other_type, "type"), (unverified, "identity"), (unlinked, "customer_id")):
        with pytest.raises(ValidationError) as caught:
            requests.restrict(vault, owner, req.id)
        assert problem in caught.value.errors
    assert restrictions.in_force(vault.connection()) == set()
    _restrict(vault, owner, cid)
    with pytest.raises(ValidationError, match="restricted already"):
        _restrict(vault, owner, cid)


def test_closing_or_relinking_the_request_does_not_lift_the_restriction(vault, owner, tmp_path) -> None:
    ids = shop(vault, owner)
    restriction = _restrict(vault, owner, ids[0])
    requests.update(vault, owner, restriction.request_id, customer_id=ids[1])
    requests.close(vault, owner, restriction.request_id, outcome="done")
    assert restrictions.in_force(vault.connection()) == {ids[0]}
    exported, _left = _exported_ids(vault, owner, tmp_path, "a.csv")
    assert ids[0] not in exported and ids[1] in exported
    with pytest.raises(ValidationError, match="reason"):
        requests.lift_restriction(vault, owner, restriction.id, reason="  ")
    requests.lift_restriction(vault, owner, restriction.id, reason="客户撤回限制请求")
    with pytest.raises(ValidationError, match="lifted already"):
        requests.lift_restriction(vault, owner, restriction.id, reason="again")
    # The lift is recorded on the (closed) request that placed it.
    assert requests.get(vault, owner, restriction.request_id).events[-1].kind == "restriction_lifted"


def test_a_role_that_may_export_but_not_handle_requests_can_neither_lift_nor_export_around_it(
    vault, owner, tmp_path
) -> None:
    ids = shop(vault, owner)
    restriction = _restrict(vault, owner, ids[0])
    users.add(vault, owner, "sally", "sally-pass-123", "sales")
    sally = exporting_user(vault, owner, "sales", "sally")
    with pytest.raises(PermissionDeniedError):
        requests.lift_restriction(vault, sally, restriction.id, reason="我需要导出")
    with pytest.raises(PermissionDeniedError):
        requests.restrict(vault, sally, restriction.request_id)
    for selection in (Selection("all"), Selection("ids", ids=tuple(ids)), Selection("search", query="王芳")):
        exported, left_out = _exported_ids(vault, sally, tmp_path, "s.csv", selection=selection)
        assert ids[0] not in exported and left_out == {"restricted": 1}
    # Everyone sees that the record is restricted (the card's banner), without handling requests.
    assert restrictions.current(vault, sally, ids[0]).id == restriction.id
    assert restrictions.in_force(vault.connection()) == {ids[0]}


def test_a_service_role_that_handles_requests_may_lift_but_the_lift_is_audited_under_its_name(
    vault, owner
) -> None:
    cid = customers.create(vault, owner, {"name": "王芳"}).id
    restriction = _restrict(vault, owner, cid)
    users.add(vault, owner, "sam", "sam-pass-1234", "service")
    sam = Actor("sam", "service")
    assert access.access_for(vault, sam).allows("handle_requests")
    requests.lift_restriction(vault, sam, restriction.id, reason="客户来电要求恢复")
    entry = next(e for e in vault.audit().entries() if e.action == "restriction.lift")
    assert entry.actor == "sam" and entry.object == f"customer:{cid}"


# ------------------------------------------------------------------------------- command line

PASSWORD = "cli-pass-123"


@pytest.fixture
def v(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    folder = tmp_path / "vault"
    monkeypatch.setenv("CUSTOS_PASSWORD", PASSWORD)
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    monkeypatch.delenv("CUSTOS_VAULT", raising=False)
    assert cli.main(["init", "--vault", str(folder), "--owner", "老板", "--business", "王记五金"]) == 0
    for name, phone in (("王芳", "13812345678"), ("李娜", "15011112222")):
        assert cli.main(["customers", "add", "--vault", str(folder), "--name", name, "--phone", phone]) == 0
    return str(folder)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _export(capsys, v: str, out: Path) -> tuple[int, str, str]:
    return run(
        capsys, "export", "--vault", v, "--format", "csv", "--purpose", "sales", "--fields", "name",
        "--legal-basis", "contract", "--basis-note", "the sales contracts signed", "--out", str(out),
    )  # fmt: skip


def test_restrict_and_lift_from_the_command_line_with_the_export_in_between(v: str, capsys, tmp_path) -> None:
    capsys.readouterr()
    code, out, err = run(
        capsys, "requests", "add", "--vault", v, "--type", "restrict", "--requester", "王芳",
        "--customer", "1", "--identity-method", "身份证原件", "--identity-verified", "--json",
    )  # fmt: skip
    assert code == 0, err
    ref = json.loads(out)["reference"]
    code, out, err = run(capsys, "requests", "restrict", "--vault", v, ref, "--json")
    assert code == 0, err
    restriction = json.loads(out)
    assert restriction["customer_id"] == 1 and restriction["lifted_at"] is None
    code, out, err = _export(capsys, v, tmp_path / "a.csv")
    assert code == 0 and "Exported 1 customers" in out, err
    assert "Left out: 1 customer asked to restrict the processing of their data" in out
    assert "王芳" not in (tmp_path / "a.csv").read_text("utf-8-sig")
    code, out, err = run(
        capsys, "requests", "lift", "--vault", v, str(restriction["id"]), "--reason", "已核实"
    )
    assert code == 0 and "lifted" in out, err
    code, out, _ = _export(capsys, v, tmp_path / "b.csv")
    assert "Exported 2 customers" in out and "王芳" in (tmp_path / "b.csv").read_text("utf-8-sig")
    code, out, _ = run(capsys, "requests", "show", "--vault", v, ref)
    assert "restricted" in out and "restriction_lifted" in out


def test_a_sales_user_cannot_lift_a_restriction_from_the_command_line(
    v: str, capsys, tmp_path, monkeypatch
) -> None:
    vault = Vault.unlock(Path(v), "老板", PASSWORD)
    restriction = _restrict(vault, vault.actor, 1)
    users.add(vault, vault.actor, "sally", "sally-pass-123", "sales")
    exporting_user(vault, vault.actor, "sales", "sally")
    vault.connection().execute("UPDATE users SET must_change_password = 0")
    vault.lock()
    capsys.readouterr()
    monkeypatch.setenv("CUSTOS_USER", "sally")
    monkeypatch.setenv("CUSTOS_PASSWORD", "sally-pass-123")
    code, _out, err = run(
        capsys, "requests", "lift", "--vault", v, str(restriction.id), "--reason", "导出需要"
    )
    assert code == 1 and "may not" in err and err.count("\n") == 1
    code, out, err = _export(capsys, v, tmp_path / "s.csv")
    assert code == 0 and "Exported 1 customers" in out, err
    assert "王芳" not in (tmp_path / "s.csv").read_text("utf-8-sig")
    code, _out, err = run(capsys, "requests", "lift", "--vault", v, "999", "--reason", "x")
    assert code == 1


@pytest.mark.parametrize(
    "argv", [("customers", "reveal"), ("customers", "hold"), ("requests", "lift")], ids=lambda a: " ".join(a)
)
def test_the_help_for_a_reason_says_it_stays_in_the_audit_log_after_erasure(capsys, argv) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main([*argv, "--help"])
    assert done.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "kept in the audit log even after erasure: no personal data here" in help_text
