"""Roles and the field policy, enforced in the core and by the sensitive-field key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from app import access, cli, customers, field_admin, fields, masking, users
from app.access import Actor
from app.errors import KnownError, PermissionDeniedError, ValidationError
from app.vault import VAULT_DB, VAULT_KEYS, Vault
from app.vault.keyslots import KeyFile
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.keyfiles import slot_secrets

ID_NUMBER = "11010519491231002X"
PASSWORDS = {
    "sally": "sales-pass-1",
    "sam": "service-pass-1",
    "fred": "field-pass-1",
    "audrey": "audit-pass-1",
}
ROLES_OF = {"sally": "sales", "sam": "service", "fred": "field", "audrey": "auditor", "mia": "manager"}


def field_def(vault: Vault, key: str) -> fields.FieldDef:
    return fields.Catalogue.load(vault.connection()).get(key)


def actions(vault: Vault) -> list[str]:
    return [e.action for e in reversed(vault.audit().entries(limit=1000))]


@pytest.fixture
def staffed(vault: Vault, owner: Actor) -> Vault:
    for name, role in ROLES_OF.items():
        users.add(vault, owner, name, PASSWORDS.get(name, f"{name}-pass-1"), role)
    return vault


@pytest.fixture
def wang(vault: Vault, owner: Actor) -> customers.Customer:
    return customers.create(
        vault,
        owner,
        {
            "name": "王芳",
            "phone": "13812345678",
            "email": "wang.fang@example.com",
            "company": "北京华信科技有限公司",
            "address": "北京市朝阳区建国路88号",
            "tags": "vip",
            "notes": "喜欢绿茶",
            "source": "门店登记",
            "id_number": ID_NUMBER,
        },
    )


# ------------------------------------------------------------------------------ masking


@pytest.mark.parametrize(
    ("key", "value", "masked"),
    [
        ("phone", "13812345678", "138****5678"),
        ("phone", "010-58815678", "010-****5678"),
        ("email", "wang.fang@example.com", "w***@example.com"),
        ("id_number", "110105198001010016", "1101**********0016"),
        ("name", "王芳", "王*"),
        ("name", "欧阳娜娜", "欧阳**"),
        ("name", "John Smith", "J*** Smith"),
        ("address", "北京市朝阳区建国路88号", "北京市朝阳区****"),
        ("address", "12 High Street, London", "****, London"),
        ("address", "London, 12 High Street", "****"),
        ("notes", "喜欢绿茶", "****"),
        ("name", "王", "****"),  # a rule that would leave the value whole masks it fully
    ],
)
def test_masking_rules_per_field_type(vault: Vault, key: str, value: str, masked: str) -> None:
    assert masking.mask(field_def(vault, key), value) == masked


def test_custom_fields_are_masked_fully(vault: Vault, owner: Actor) -> None:
    level = field_admin.add_custom_field(
        vault, owner, key="level", label_zh="等级", label_en="Level", type="text"
    )
    assert masking.mask(level, "gold member") == "****"
    assert masking.mask(level, None) is None


# ------------------------------------------------------------------------------ defaults


def test_defaults_follow_classification(vault: Vault, owner: Actor) -> None:
    def levels(role: str) -> dict[str, str]:
        return {f["key"]: f["level"] for f in access.describe_role(vault, owner, role)["fields"]}

    sales, service, field_staff, auditor = (
        levels("sales"),
        levels("service"),
        levels("field"),
        levels("auditor"),
    )
    assert {k: sales[k] for k in ("name", "phone", "email", "company", "tags")} == dict.fromkeys(
        ("name", "phone", "email", "company", "tags"), "write"
    )
    assert sales["notes"] == "hidden" and sales["id_number"] == "hidden"
    assert service["notes"] == "write" and service["company"] == "hidden" and service["id_number"] == "hidden"
    assert field_staff["phone"] == "write" and field_staff["notes"] == "hidden"
    assert set(auditor.values()) == {"hidden"}
    assert set(levels("manager").values()) == {"write"}
    assert set(levels("owner").values()) == {"write"}


def test_a_field_added_later_gets_each_roles_default_unless_overridden(vault: Vault, owner: Actor) -> None:
    field_admin.add_custom_field(
        vault, owner, key="budget", label_zh="预算", label_en="Budget", type="number", purposes=["sales"]
    )
    field_admin.add_custom_field(
        vault, owner, key="health", label_zh="健康", label_en="Health", type="text", sensitivity="sensitive"
    )
    sales = {f.key: lvl for f, lvl in access.visible_fields(vault, Actor("x", "sales"))}
    assert sales["budget"] == "write" and "health" not in sales
    access.set_level(vault, owner, "sales", "budget", "read")
    sales = {f.key: lvl for f, lvl in access.visible_fields(vault, Actor("x", "sales"))}
    assert sales["budget"] == "read"


def test_visible_fields_are_in_display_order_without_hidden(vault: Vault) -> None:
    shown = access.visible_fields(vault, Actor("x", "sales"))
    keys = [f.key for f, _ in shown]
    assert keys == [f.key for f in fields.Catalogue.load(vault.connection()).active() if f.key in keys]
    assert "notes" not in keys and "id_number" not in keys
    assert dict((f.key, lvl) for f, lvl in shown)["source"] == "read"
    assert access.visible_fields(vault, Actor("x", "auditor")) == []


# ------------------------------------------------------------------------------ reads, writes, sort


def test_sales_sees_only_what_sales_needs(vault: Vault, wang: customers.Customer) -> None:
    seen = customers.get(vault, Actor("sally", "sales"), wang.id)
    assert "notes" not in seen.values and "id_number" not in seen.values
    assert seen.values["phone"] == "13812345678"
    assert seen.values["address"] == "北京市朝阳区****"
    assert seen.masked == {"address"}
    auditor = customers.get(vault, Actor("audrey", "auditor"), wang.id)
    assert auditor.values == {}
    assert customers.count(vault, Actor("audrey", "auditor")) == 1


def test_writes_to_fields_the_role_may_not_write_are_refused_by_name(
    vault: Vault, wang: customers.Customer
) -> None:
    sales = Actor("sally", "sales")
    with pytest.raises(PermissionDeniedError, match=r"Resident ID number \(id_number\)"):
        customers.update(vault, sales, wang.id, {"id_number": ID_NUMBER})
    with pytest.raises(PermissionDeniedError, match=r"\(notes\)"):
        customers.create(vault, sales, {"name": "李雷", "notes": "x"})
    with pytest.raises(PermissionDeniedError, match=r"\(address\)"):  # masked is not writable
        customers.update(vault, sales, wang.id, {"address": "上海市"})
    customers.create(vault, sales, {"name": "李雷", "phone": "13900001111", "notes": ""})
    customers.update(vault, sales, wang.id, {"company": "新公司"})
    assert customers.get(vault, vault.actor, wang.id).values["notes"] == "喜欢绿茶"


def test_sorting_by_a_field_the_role_cannot_read_is_refused(vault: Vault, wang: customers.Customer) -> None:
    with pytest.raises(PermissionDeniedError, match="sort by Company"):
        customers.CustomerView(vault, Actor("sam", "service"), sort="company")
    with pytest.raises(PermissionDeniedError, match="sort by"):
        customers.CustomerView(vault, Actor("audrey", "auditor"), query="王芳", sort="name")
    with pytest.raises(PermissionDeniedError, match="sort by Name"):
        customers.CustomerView(vault, Actor("audrey", "auditor"))  # the default sort is by name
    view = customers.CustomerView(vault, Actor("audrey", "auditor"), sort="created_at")
    assert view.ids(0, 10) == [wang.id]
    assert customers.CustomerView(vault, Actor("sally", "sales"), sort="company").count == 1


def test_deleting_needs_the_delete_permission(vault: Vault, wang: customers.Customer) -> None:
    with pytest.raises(PermissionDeniedError, match="delete customers"):
        customers.delete(vault, Actor("sally", "sales"), wang.id)
    customers.delete(vault, Actor("mia", "manager"), wang.id)


def test_search_does_not_match_hidden_or_masked_fields(vault: Vault, wang: customers.Customer) -> None:
    sales, service = Actor("sally", "sales"), Actor("sam", "service")
    for query in ("绿茶", "喜欢", "朝阳区", "建国路", ID_NUMBER, "19491231"):
        assert customers.search(vault, sales, query).ids == [], query
    assert customers.search(vault, service, "华信").ids == []  # company is hidden from service
    assert customers.search(vault, sales, "华信").ids == [wang.id]
    assert customers.CustomerView(vault, service, query="华信").count == 0
    auditor = Actor("audrey", "auditor")
    for query in ("王", "王芳", "wang", "138", "13812345678", "w", "vip"):
        assert customers.search(vault, auditor, query).ids == [], query


def test_short_prefix_paths_respect_the_columns(vault: Vault, owner: Actor, wang: customers.Customer) -> None:
    access.set_level(vault, owner, "sales", "phone", "masked")
    access.set_level(vault, owner, "sales", "name", "hidden")
    sales = Actor("sally", "sales")
    assert customers.search(vault, sales, "13").ids == []  # phone prefix
    assert customers.search(vault, sales, "王芳").ids == []  # exact name
    assert customers.search(vault, sales, "王").ids == []  # one Chinese character
    assert customers.search(vault, sales, "wa").ids == [wang.id]  # e-mail prefix still readable


# ------------------------------------------------------------------------------ reveal


def test_reveal_needs_permission_and_a_reason_and_is_audited(vault: Vault, owner: Actor, wang) -> None:
    sales = Actor("sally", "sales")
    with pytest.raises(PermissionDeniedError, match="reveal"):
        customers.reveal(vault, sales, wang.id, "address", reason="delivery")
    access.set_permissions(vault, owner, "sales", ["reveal"])
    with pytest.raises(ValidationError, match="reason"):
        customers.reveal(vault, sales, wang.id, "address", reason="  ")
    with pytest.raises(PermissionDeniedError):
        customers.reveal(vault, sales, wang.id, "id_number", reason="curious")  # hidden stays hidden
    assert customers.reveal(vault, sales, wang.id, "address", reason="送货") == "北京市朝阳区建国路88号"
    entry = vault.audit().entries(limit=1)[0]
    assert (entry.actor, entry.action, entry.object) == ("sally", "customer.reveal", f"customer:{wang.id}")
    assert entry.details == {"field": "address", "reason": "送货"}


# ------------------------------------------------------------------------------ users


def test_users_lifecycle_is_audited(vault: Vault, owner: Actor, vault_dir: Path) -> None:
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    users.set_role(vault, owner, "sally", "service")
    users.disable(vault, owner, "sally")
    users.enable(vault, owner, "sally")
    users.reset_password(vault, owner, "sally", "sales-pass-2")
    access.set_level(vault, owner, "service", "company", "read")
    log = actions(vault)
    for action in ("user.add", "user.role_change", "user.disable", "user.enable", "user.password_reset"):
        assert action in log
    assert log[-1] == "policy.set"
    vault.lock()
    sally = Vault.unlock(vault_dir, "sally", "sales-pass-2")
    try:
        assert sally.actor == Actor("sally", "service")
        assert sally.must_change_password
        sally.change_password("sales-pass-2", "sales-pass-3")
        assert not sally.must_change_password
    finally:
        sally.lock()
    again = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        assert actions(again)[-1] == "signin"
        assert "user.password_changed" in actions(again)
    finally:
        again.lock()


def test_a_disabled_users_slot_opens_no_key(vault: Vault, owner: Actor, vault_dir: Path) -> None:
    users.add(vault, owner, "sally", "sales-pass-1", "sales")
    users.disable(vault, owner, "sally")
    assert slot_secrets(vault_dir, "sally", "sales-pass-1") == {}
    with pytest.raises(PermissionDeniedError, match="disabled"):
        Vault.unlock(vault_dir, "sally", "sales-pass-1")
    users.enable(vault, owner, "sally")
    Vault.unlock(vault_dir, "sally", "sales-pass-1").lock()


def test_failed_signins_are_audited(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    with pytest.raises(KnownError):
        Vault.unlock(vault_dir, OWNER, "wrong-password")
    again = Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD)
    try:
        assert actions(again)[-2:] == ["signin.failed", "signin"]
    finally:
        again.lock()


def test_managing_users_needs_permission_and_cannot_escalate(staffed: Vault, owner: Actor) -> None:
    vault = staffed
    sales, manager = Actor("sally", "sales"), Actor("mia", "manager")
    with pytest.raises(PermissionDeniedError, match="manage users"):
        users.add(vault, sales, "x", "xxxx-pass-1", "sales")
    with pytest.raises(PermissionDeniedError, match="cannot give the role"):
        users.set_role(vault, manager, "mia", "owner")  # nobody raises their own role
    with pytest.raises(PermissionDeniedError, match="cannot add"):
        users.add(vault, manager, "boss2", "boss-pass-12", "owner")
    with pytest.raises(PermissionDeniedError, match="cannot reset the password"):
        users.reset_password(vault, manager, OWNER, "hijack-pass-1")
    users.set_role(vault, manager, "sally", "service")  # managers manage staff
    users.reset_password(vault, manager, "sally", "reset-pass-1")
    with pytest.raises(PermissionDeniedError, match="edit the access policy"):
        access.set_level(vault, manager, "sales", "id_number", "write")
    access.set_permissions(vault, owner, "manager", [*access.PERMISSIONS])
    with pytest.raises(PermissionDeniedError, match="own role"):
        access.set_level(vault, manager, "manager", "id_number", "write")


def test_the_last_owner_cannot_be_removed_disabled_or_demoted(vault: Vault, owner: Actor) -> None:
    for attempt in (
        lambda: users.remove(vault, owner, OWNER),
        lambda: users.set_role(vault, owner, OWNER, "manager"),
    ):
        with pytest.raises(PermissionDeniedError, match="last owner"):
            attempt()
    users.add(vault, owner, "second", "second-pass-1", "owner")
    with pytest.raises(PermissionDeniedError, match="own account"):
        users.disable(vault, owner, OWNER)
    second = Actor("second", "owner")
    users.disable(vault, second, OWNER)
    with pytest.raises(PermissionDeniedError, match="last owner"):
        users.set_role(vault, owner, "second", "manager")


# ------------------------------------------------------------------------------ the sensitive key


def test_sensitive_key_is_in_the_slots_of_roles_that_see_sensitive_fields(staffed: Vault, vault_dir) -> None:
    for name, role in ROLES_OF.items():
        carried = slot_secrets(vault_dir, name, PASSWORDS.get(name, f"{name}-pass-1"))
        assert ("sensitive" in carried) == (role == "manager"), name
        assert "data" in carried
    assert "sensitive" in slot_secrets(vault_dir, OWNER, OWNER_PASSWORD)


def test_role_change_and_policy_change_add_and_remove_the_sensitive_key(
    staffed: Vault, owner: Actor, vault_dir: Path
) -> None:
    users.set_role(staffed, owner, "sally", "manager")
    assert "sensitive" in slot_secrets(vault_dir, "sally", "sales-pass-1")
    users.set_role(staffed, owner, "sally", "sales")
    assert "sensitive" not in slot_secrets(vault_dir, "sally", "sales-pass-1")
    access.set_level(staffed, owner, "sales", "id_number", "masked")
    assert "sensitive" in slot_secrets(vault_dir, "sally", "sales-pass-1")
    assert "sensitive" not in slot_secrets(vault_dir, "sam", "service-pass-1")
    access.set_level(staffed, owner, "sales", "id_number", None)
    assert "sensitive" not in slot_secrets(vault_dir, "sally", "sales-pass-1")


def test_rotation_keeps_the_sensitive_key_where_it_belongs(staffed: Vault, owner: Actor, vault_dir) -> None:
    customer = customers.create(staffed, owner, {"name": "王芳", "id_number": ID_NUMBER})
    staffed.rotate_data_key(owner)
    assert "sensitive" not in slot_secrets(vault_dir, "sally", "sales-pass-1")
    assert "sensitive" in slot_secrets(vault_dir, "mia", "mia-pass-1")
    staffed.lock()
    mia = Vault.unlock(vault_dir, "mia", "mia-pass-1")
    try:
        assert customers.get(mia, mia.actor, customer.id).values["id_number"] == ID_NUMBER
    finally:
        mia.lock()


def test_a_sales_user_with_the_data_key_finds_no_plaintext_id_number(staffed: Vault, owner: Actor, vault_dir):
    customers.create(staffed, owner, {"name": "王芳", "id_number": ID_NUMBER})
    customer = customers.create(staffed, owner, {"name": "李雷"})
    customers.update(staffed, owner, customer.id, {"id_number": "110105198001010016"})
    staffed.lock()
    secrets = slot_secrets(vault_dir, "sally", "sales-pass-1")
    assert "sensitive" not in secrets
    conn = sqlcipher3.connect(str(vault_dir / VAULT_DB), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{secrets['data'].hex()}'\"")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dump = []
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                dump.append(" ".join(map(repr, row)))
        text = "\n".join(dump)
        assert "王芳" in text  # the data key does open the file …
        for secret in (ID_NUMBER, "110105198001010016", "19491231", "11010519"):
            assert secret not in text  # … but no ID number is in it, in any table
        stored = conn.execute("SELECT id_number FROM customers WHERE name = '王芳'").fetchone()[0]
        assert stored.startswith("enc1:")
    finally:
        conn.close()


def test_blind_index_finds_a_sensitive_value_for_allowed_roles_only(staffed: Vault, owner: Actor) -> None:
    wang = customers.create(staffed, owner, {"name": "王芳", "id_number": ID_NUMBER})
    customers.create(staffed, owner, {"name": "李雷", "id_number": "110105198001010016"})
    found = customers.find_by_sensitive(staffed, owner, "id_number", ID_NUMBER.lower())
    assert [c.id for c in found] == [wang.id]
    assert (
        customers.find_by_sensitive(staffed, Actor("mia", "manager"), "id_number", ID_NUMBER)[0].id == wang.id
    )
    with pytest.raises(PermissionDeniedError):
        customers.find_by_sensitive(staffed, Actor("sally", "sales"), "id_number", ID_NUMBER)
    tokens = staffed.connection().execute("SELECT token FROM sensitive_index").fetchall()
    assert len(tokens) == 2 and all(ID_NUMBER.encode() not in t[0] for t in tokens)
    customers.update(staffed, owner, wang.id, {"id_number": None})
    assert customers.find_by_sensitive(staffed, owner, "id_number", ID_NUMBER) == []
    assert actions(staffed).count("customer.lookup") == 3


def test_reclassifying_a_custom_field_as_sensitive_encrypts_its_values(vault: Vault, owner: Actor) -> None:
    field_admin.add_custom_field(
        vault, owner, key="passport", label_zh="护照", label_en="Passport", type="text"
    )
    customer = customers.create(vault, owner, {"name": "王芳", "passport": "E12345678"})
    field_admin.update_field(vault, owner, "passport", sensitivity="sensitive")
    extra = vault.connection().execute("SELECT extra FROM customers").fetchone()[0]
    assert "E12345678" not in extra
    assert customers.get(vault, owner, customer.id).values["passport"] == "E12345678"
    assert [c.id for c in customers.find_by_sensitive(vault, owner, "passport", "E12345678")] == [customer.id]
    assert "passport" not in customers.get(vault, Actor("s", "sales"), customer.id).values


# ------------------------------------------------------------------------------ upgrade of a v1 vault


def test_a_v1_vault_is_upgraded_and_its_id_numbers_encrypted(tmp_path: Path) -> None:
    from tests.keyfiles import data_key
    from tests.test_migrations import FIXTURE, FIXTURE_OWNER, FIXTURE_PASSWORD, raw_connect

    folder = tmp_path / "old"
    folder.mkdir()
    for name in (VAULT_DB, VAULT_KEYS):
        shutil.copyfile(FIXTURE / name, folder / name)
    key = data_key(folder, FIXTURE_OWNER, FIXTURE_PASSWORD)
    conn = raw_connect(folder, key)
    conn.execute("UPDATE customers SET id_number = ? WHERE name = '王芳'", (ID_NUMBER,))
    conn.close()
    vault = Vault.unlock(folder, FIXTURE_OWNER, FIXTURE_PASSWORD)
    try:
        assert "sensitive" in slot_secrets(folder, FIXTURE_OWNER, FIXTURE_PASSWORD)
        stored = (
            vault.connection().execute("SELECT id_number FROM customers WHERE name = '王芳'").fetchone()[0]
        )
        assert stored.startswith("enc1:")
        (wang,) = customers.find_by_sensitive(vault, vault.actor, "id_number", ID_NUMBER)
        assert wang.values["id_number"] == ID_NUMBER
        assert "vault.sensitive_upgrade" in actions(vault)
        assert vault.meta("sensitive_state") == "ready"
        assert vault.audit().verify().ok
    finally:
        vault.lock()


# ------------------------------------------------------------------------------ command line


@pytest.fixture
def cli_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    folder = tmp_path / "v"
    monkeypatch.setenv("CUSTOS_PASSWORD", "boss-pass-12")
    monkeypatch.delenv("CUSTOS_USER", raising=False)
    assert cli.main(["init", "--vault", str(folder), "--owner", "boss"]) == 0
    monkeypatch.setenv("CUSTOS_VAULT", str(folder))
    monkeypatch.setenv("CUSTOS_USER", "boss")
    add = [
        "customers",
        "add",
        "--name",
        "王芳",
        "--phone",
        "13812345678",
        "--set",
        "address=北京市朝阳区建国路88号",
    ]
    assert cli.main([*add, "--set", f"id_number={ID_NUMBER}"]) == 0
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "sales-pass-1")
    assert cli.main(["users", "add", "sally", "--role", "sales"]) == 0
    capsys.readouterr()
    return folder


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_runs_as_the_user_and_shows_only_the_roles_view(cli_vault: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("CUSTOS_USER", "sally")
    monkeypatch.setenv("CUSTOS_PASSWORD", "sales-pass-1")
    code, _, err = run(capsys, "customers", "list", "--json")
    assert code == 1 and "must change" in err
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "sales-pass-2")
    assert run(capsys, "users", "passwd")[0] == 0
    monkeypatch.setenv("CUSTOS_PASSWORD", "sales-pass-2")
    for argv in (("customers", "list", "--json"), ("customers", "search", "王芳", "--json")):
        code, out, _ = run(capsys, *argv)
        assert code == 0
        (row,) = json.loads(out)
        assert "id_number" not in row and "notes" not in row
        assert row["address"] == "北京市朝阳区****"
        assert ID_NUMBER not in out and "建国路" not in out
    code, out, _ = run(capsys, "customers", "show", "1")
    assert "北京市朝阳区****" in out and "(masked)" in out and "Resident ID" not in out
    assert run(capsys, "customers", "search", ID_NUMBER, "--json")[1].strip() == "[]"
    code, _, err = run(capsys, "customers", "reveal", "1", "address", "--reason", "delivery")
    assert code == 1 and "reveal" in err
    code, _, err = run(capsys, "users", "add", "x", "--role", "owner")
    assert code == 1 and "manage users" in err


def test_cli_users_roles_and_policy(cli_vault: Path, capsys, monkeypatch) -> None:
    code, out, _ = run(capsys, "roles", "list")
    assert code == 0 and "auditor" in out
    code, out, _ = run(capsys, "roles", "show", "sales", "--json")
    assert {f["key"]: f["level"] for f in json.loads(out)["fields"]}["id_number"] == "hidden"
    assert run(capsys, "policy", "set", "sales", "id_number", "masked")[0] == 0
    code, out, _ = run(capsys, "roles", "show", "sales", "--json")
    assert {f["key"]: f["override"] for f in json.loads(out)["fields"]}["id_number"] is True
    assert run(capsys, "users", "role", "sally", "service")[0] == 0
    assert run(capsys, "users", "disable", "sally")[0] == 0
    assert run(capsys, "users", "enable", "sally")[0] == 0
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "sales-pass-9")
    assert run(capsys, "users", "reset", "sally")[0] == 0
    code, out, _ = run(capsys, "users", "list", "--json")
    sally = next(u for u in json.loads(out) if u["name"] == "sally")
    assert sally["role"] == "service" and sally["must_change_password"] is True
    code, out, _ = run(capsys, "customers", "reveal", "1", "id_number", "--reason", "核对身份")
    assert code == 0 and out.strip() == ID_NUMBER
    code, out, _ = run(capsys, "customers", "lookup", "id_number", ID_NUMBER, "--json")
    assert [c["name"] for c in json.loads(out)] == ["王芳"]
    code, _, err = run(capsys, "policy", "set", "owner", "phone", "hidden")
    assert code == 1 and "owner" in err


def test_default_permissions_match_what_a_new_vault_is_seeded_with(vault) -> None:
    from app import access as access_mod

    for role in access_mod.list_roles(vault, vault.actor):
        assert role.permissions == access_mod.default_permissions(role), role.name


def test_rotation_turns_over_the_sensitive_key_and_keeps_values_readable(vault) -> None:
    from app import customers as customers_mod
    from app.fields import cn_id_check_char

    body = "11010519900307123"
    id_number = body + cn_id_check_char(body)
    owner = vault.actor
    created = customers_mod.create(vault, owner, {"name": "赵敏", "id_number": id_number})
    keys_path = vault.folder / "vault.keys"
    slot = KeyFile.load(keys_path).user_slot(owner.user)
    old_sensitive = slot.open(KeyFile.load(keys_path).vault_id, slot.derive("owner-pass-1"))["sensitive"]

    vault.rotate_data_key(owner)

    keys = KeyFile.load(keys_path)
    slot = keys.user_slot(owner.user)
    secrets = slot.open(keys.vault_id, slot.derive("owner-pass-1"))
    assert set(secrets) == {"data", "sensitive"}
    assert secrets["sensitive"] != old_sensitive
    assert customers_mod.get(vault, owner, created.id).get("id_number") == id_number
    assert [c for c in customers_mod.find_by_sensitive(vault, owner, "id_number", id_number)]
    stored = (
        vault.connection()
        .execute("SELECT id_number FROM customers WHERE id = ?", (created.id,))
        .fetchone()[0]
    )
    from app.errors import DamagedVaultError
    from app.sensitive import SensitiveCipher

    with pytest.raises(DamagedVaultError):
        SensitiveCipher(old_sensitive).decrypt(created.id, "id_number", stored)
    assert vault.audit().verify().ok


def test_a_rotation_cut_short_after_saving_the_keys_is_finished_at_the_next_unlock(vault) -> None:
    import os

    from app import customers as customers_mod
    from app.fields import cn_id_check_char

    body = "31010419851111002"
    id_number = body + cn_id_check_char(body)
    created = customers_mod.create(vault, vault.actor, {"name": "周芷若", "id_number": id_number})
    secrets = vault._secrets
    transitional = {
        **secrets,
        "data": os.urandom(32),
        "previous_data": secrets["data"],
        "sensitive": os.urandom(32),
        "previous_sensitive": secrets["sensitive"],
    }
    vault._seal_all(transitional)  # the first step of rotate_data_key, then the power goes
    folder = vault.folder
    vault.lock()

    again = Vault.unlock(folder, OWNER, OWNER_PASSWORD)
    assert customers_mod.get(again, again.actor, created.id).get("id_number") == id_number
    assert customers_mod.find_by_sensitive(again, again.actor, "id_number", id_number)
    keys = KeyFile.load(folder / "vault.keys")
    slot = keys.user_slot(OWNER)
    assert slot.open(keys.vault_id, slot.derive(OWNER_PASSWORD)) == {
        "data": transitional["data"],
        "sensitive": transitional["sensitive"],
    }
    assert again.audit().verify().ok
