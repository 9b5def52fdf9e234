"""No role gains rights it does not have: the recovery code, users, roles, the policy, fields.

The takeover the issue found — a manager mints a recovery code, resets the owner's password
with it and signs in as the owner — is closed at its first step, and a recovery-code reset
is shown to every owner. The state machine at the end drives random sequences of every
action a non-owner can try, as any account whose password it knows, and checks after each
step that nothing it can sign in as has more than it started with.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from app import access, cli, field_admin, fields, notices, users
from app.access import Actor
from app.errors import KnownError, PermissionDeniedError, WrongPasswordError
from app.vault import Vault
from tests.conftest import OWNER, OWNER_PASSWORD
from tests.keyfiles import slot_secrets

MANAGER, MANAGER_PASSWORD = "mia", "mia-pass-123"


@pytest.fixture
def with_manager(vault: Vault, owner: Actor) -> Vault:
    users.add(vault, owner, MANAGER, "initial-pass-1", "manager")
    mia = Vault.unlock(vault.folder, MANAGER, "initial-pass-1")
    mia.change_password("initial-pass-1", MANAGER_PASSWORD)  # as at a first sign-in
    mia.lock()
    return vault


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------------ the recovery code


def test_a_manager_cannot_replace_the_recovery_code(
    with_manager: Vault, vault_dir: Path, recovery_code
) -> None:
    manager = Vault.unlock(vault_dir, MANAGER, MANAGER_PASSWORD)
    try:
        with pytest.raises(PermissionDeniedError, match="Only an owner"):
            manager.start_recovery_code_replacement(manager.actor)
        # Claiming to be the owner does not help: the signed-in account's role decides.
        with pytest.raises(PermissionDeniedError, match="Only an owner"):
            manager.start_recovery_code_replacement(Actor(MANAGER, "owner"))
    finally:
        manager.lock()
    Vault.unlock_with_recovery_code(vault_dir, recovery_code).lock()  # the owner's code still works


def test_the_manager_takeover_through_the_command_line_is_refused(
    with_manager: Vault, vault_dir: Path, recovery_code: str, capsys, monkeypatch
) -> None:
    with_manager.lock()
    monkeypatch.setenv("CUSTOS_USER", MANAGER)
    monkeypatch.setenv("CUSTOS_PASSWORD", MANAGER_PASSWORD)
    code, out, err = _run(capsys, "new-recovery-code", "--vault", str(vault_dir))
    assert code == 1
    assert err.count("\n") == 1 and "Only an owner" in err
    assert "Recovery code" not in out
    Vault.unlock(vault_dir, OWNER, OWNER_PASSWORD).lock()  # the owner is not locked out
    Vault.unlock_with_recovery_code(vault_dir, recovery_code).lock()


def test_a_replacement_code_keeps_the_old_one_working_until_it_is_confirmed(
    vault: Vault, owner: Actor, vault_dir: Path, recovery_code: str
) -> None:
    first = vault.start_recovery_code_replacement(owner)
    second = vault.start_recovery_code_replacement(owner)  # starting again replaces the pending one
    Vault.unlock_with_recovery_code(vault_dir, recovery_code).lock()
    Vault.unlock_with_recovery_code(vault_dir, second).lock()  # shown, perhaps written down: it opens
    with pytest.raises(WrongPasswordError):
        Vault.unlock_with_recovery_code(vault_dir, first)
    vault.finish_recovery_code_replacement(owner)
    with pytest.raises(WrongPasswordError):
        Vault.unlock_with_recovery_code(vault_dir, recovery_code)
    Vault.unlock_with_recovery_code(vault_dir, second).lock()
    with pytest.raises(KnownError, match="No new recovery code"):
        vault.finish_recovery_code_replacement(owner)


def test_the_recovery_session_cannot_replace_the_code_it_opened_with(vault: Vault, vault_dir, recovery_code):
    recovered = Vault.unlock_with_recovery_code(vault_dir, recovery_code)
    try:
        with pytest.raises(PermissionDeniedError):
            recovered.start_recovery_code_replacement(recovered.actor)
    finally:
        recovered.lock()


def test_a_recovery_code_reset_of_an_owners_password_is_shown_to_every_owner_once(
    vault: Vault, owner: Actor, vault_dir: Path, recovery_code: str, capsys, monkeypatch
) -> None:
    users.add(vault, owner, "second", "second-pass-1", "owner")
    users.add(vault, owner, MANAGER, MANAGER_PASSWORD, "manager")
    vault.connection().execute("UPDATE users SET must_change_password = 0")
    vault.lock()
    monkeypatch.setenv("CUSTOS_RECOVERY_CODE", recovery_code)
    monkeypatch.setenv("CUSTOS_NEW_PASSWORD", "taken-over-1")
    code, _out, err = _run(capsys, "recover", "--vault", str(vault_dir), "--user", OWNER)
    assert code == 0, err

    second = Vault.unlock(vault_dir, "second", "second-pass-1")
    try:
        shown = notices.pending(second)
        assert [n.kind for n in shown] == [notices.RECOVERY_PASSWORD_RESET]
        assert shown[0].details["user"] == OWNER and OWNER in shown[0].message()
    finally:
        second.lock()

    monkeypatch.setenv("CUSTOS_USER", OWNER)
    monkeypatch.setenv("CUSTOS_PASSWORD", "taken-over-1")
    code, _out, err = _run(capsys, "users", "list", "--vault", str(vault_dir))
    assert code == 0
    assert "notice:" in err and "recovery code was used to reset the password of Owner" in err
    code, _out, err = _run(capsys, "users", "list", "--vault", str(vault_dir))
    assert "notice:" not in err  # shown once
    monkeypatch.setenv("CUSTOS_USER", MANAGER)
    monkeypatch.setenv("CUSTOS_PASSWORD", MANAGER_PASSWORD)
    code, _out, err = _run(capsys, "users", "list", "--vault", str(vault_dir))
    assert "notice:" not in err  # for owners only
    again = Vault.unlock(vault_dir, "second", "second-pass-1")
    try:
        assert len(notices.pending(again)) == 1  # not seen by "second" until acknowledged
        notices.acknowledge(again, notices.pending(again))
        assert notices.pending(again) == []
    finally:
        again.lock()


# ------------------------------------------------------------------------------ users


def test_a_manager_cannot_take_over_or_change_a_peer_manager(with_manager: Vault, owner: Actor) -> None:
    users.add(with_manager, owner, "max", "max-pass-123", "manager")
    mia = Actor(MANAGER, "manager")
    for attempt in (
        lambda: users.reset_password(with_manager, mia, "max", "hijack-pass-1"),
        lambda: users.set_role(with_manager, mia, "max", "sales"),
        lambda: users.disable(with_manager, mia, "max"),
        lambda: users.remove(with_manager, mia, "max"),
        lambda: users.add(with_manager, mia, "mo", "mo-pass-1234", "manager"),
        lambda: users.set_role(with_manager, mia, MANAGER, "sales"),  # not even their own
    ):
        with pytest.raises(PermissionDeniedError, match="same rights"):
            attempt()
    users.add(with_manager, mia, "sally", "sally-pass-1", "sales")  # staff, as before
    users.reset_password(with_manager, mia, "sally", "sally-pass-2")


def test_a_manager_cannot_re_enable_a_user_whose_role_is_not_weaker(
    with_manager: Vault, owner: Actor
) -> None:
    users.add(with_manager, owner, "max", "max-pass-123", "manager")
    users.disable(with_manager, owner, "max")
    with pytest.raises(PermissionDeniedError):
        users.enable(with_manager, Actor(MANAGER, "manager"), "max")


# ------------------------------------------------------------------------------ roles and the policy


ADMIN = ("manage_users", "edit_policy", "edit_fields")


def _permissions(vault: Vault, role: str) -> list[str]:
    """A built-in role's permissions: a custom role made from it starts with these, plus more."""
    return sorted(access.Policy.load(vault.connection()).role(role).permissions)


@pytest.fixture
def lead(vault: Vault, owner: Actor) -> Actor:
    """A team lead: sales fields, and the owner let it manage users, the policy and fields."""
    access.add_role(
        vault, owner, "lead", based_on="sales", permissions=[*ADMIN, *_permissions(vault, "sales")]
    )
    users.add(vault, owner, "lee", "lee-pass-1234", "lead")
    return Actor("lee", "lead")


def test_a_policy_editor_cannot_raise_a_role_above_their_own(vault: Vault, lead: Actor) -> None:
    with pytest.raises(PermissionDeniedError, match="rights your own role does not have"):
        access.set_level(vault, lead, "sales", "id_number", "read")  # lead: hidden
    with pytest.raises(PermissionDeniedError, match="rights your own role does not have"):
        access.set_permissions(vault, lead, "sales", ["export"])
    with pytest.raises(PermissionDeniedError, match="rights your own role does not have"):
        access.add_role(vault, lead, "probe", based_on="manager")
    with pytest.raises(PermissionDeniedError, match="rights your own role does not have"):
        access.add_role(vault, lead, "probe", based_on="sales", permissions=["reveal"])
    with pytest.raises(PermissionDeniedError, match="cannot change the role manager"):
        access.set_level(vault, lead, "manager", "notes", "hidden")  # a stronger role, even lowered
    access.set_level(vault, lead, "sales", "company", "read")  # within the lead's own rights
    access.add_role(
        vault, lead, "junior", based_on="sales", permissions=["manage_users", *_permissions(vault, "sales")]
    )


def test_reclassifying_a_field_cannot_raise_the_editors_own_access(vault: Vault, lead: Actor) -> None:
    # notes (internal, for service) is hidden from sales-based roles; a sales purpose would make it writable.
    with pytest.raises(PermissionDeniedError, match="raise your own role's access"):
        field_admin.update_field(vault, lead, "notes", purposes=["service", "sales"])
    assert "sales" not in fields.Catalogue.load(vault.connection()).get("notes").purposes
    field_admin.update_field(vault, lead, "notes", label_en="Remarks")  # a label is not a level


# ------------------------------------------------------------------------------ the state machine

NON_OWNER_ROLES = ("manager", "sales", "service", "field", "auditor", "senior", "lead", "clerk")
ROLE_POOL = (*NON_OWNER_ROLES, "owner", "extra1", "extra2")
USER_POOL = ("mgr", "sal", "ser", "fld", "aud", "sen", "lea", "clk", "new1", "new2", OWNER)
FIELD_POOL = ("name", "phone", "address", "notes", "company", "id_number", "source", "level")
PERMISSION_SETS = st.frozensets(st.sampled_from(sorted(access.PERMISSIONS)), max_size=4)
TEMPLATE: dict[str, Path] = {}


def _template(folder: Path) -> None:
    """A vault with a user for every built-in role and three custom ones (made once, copied)."""
    vault, _code = Vault.create(folder, owner=OWNER, password=OWNER_PASSWORD)
    try:
        owner = vault.actor
        field_admin.add_custom_field(
            vault, owner, key="level", label_zh="等级", label_en="Level", type="text"
        )
        access.add_role(
            vault,
            owner,
            "senior",
            based_on="manager",
            permissions=["manage_users", "edit_policy", "edit_fields"],
        )
        access.add_role(
            vault, owner, "lead", based_on="sales", permissions=[*ADMIN, *_permissions(vault, "sales")]
        )
        access.add_role(
            vault,
            owner,
            "clerk",
            based_on="service",
            permissions=["manage_users", *_permissions(vault, "service")],
        )
        for user, role in zip(USER_POOL, NON_OWNER_ROLES, strict=False):
            users.add(vault, owner, user, f"{user}-pass-1", role)
    finally:
        vault.lock()


def _power(vault: Vault, role: str) -> tuple[frozenset[str], dict[str, int]]:
    """A role's permissions and field levels (as ranks), read as the owner sees the policy."""
    policy = access.Policy.load(vault.connection())
    catalogue = fields.Catalogue.load(vault.connection())
    perms = frozenset(p for p in access.PERMISSIONS if policy.allows(role, p))
    return perms, {f.key: access.LEVEL_RANK[policy.level(role, f)] for f in catalogue}


class NoEscalation(RuleBasedStateMachine):
    """One non-owner account attacks; it may act as any account whose password it knows."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp()) / "vault"
        shutil.copytree(TEMPLATE["folder"], self.folder)
        self.passwords: dict[str, str] = {}
        self.got_recovery_code = False
        self.owner = Vault.unlock(self.folder, OWNER, OWNER_PASSWORD)  # to read the policy with
        self.sessions: dict[str, tuple[str, Vault]] = {}

    ATTACKER = "mgr"  # set per run: one machine per non-owner role

    @initialize()
    def start(self) -> None:
        attacker = self.attacker = self.ATTACKER
        self.passwords = {attacker: f"{attacker}-pass-1"}
        conn = self.owner.connection()
        role = conn.execute("SELECT role FROM users WHERE name = ?", (attacker,)).fetchone()[0]
        self.perms, self.levels = _power(self.owner, role)
        self.carries_sensitive = "sensitive" in slot_secrets(self.folder, attacker, self.passwords[attacker])

    def teardown(self) -> None:
        for _password, session in self.sessions.values():
            session.lock()
        self.owner.lock()
        shutil.rmtree(self.folder.parent, ignore_errors=True)

    def _session(self, account: str) -> Vault | None:
        """A signed-in session as ``account``, reused while its password and status still hold."""
        password = self.passwords[account]
        cached = self.sessions.get(account)
        if cached is not None and cached[0] == password:
            row = (
                self.owner.connection()
                .execute("SELECT status FROM users WHERE name = ?", (account,))
                .fetchone()
            )
            if row is not None and row[0] == "active":
                return cached[1]
        if cached is not None:
            cached[1].lock()
            del self.sessions[account]
        try:
            session = Vault.unlock(self.folder, account, password)
        except KnownError:
            return None  # disabled, removed, or its password was changed by someone else
        self.sessions[account] = (password, session)
        return session

    def _act(self, data, work) -> None:
        """As one account whose password the attacker knows, try ``work(vault, actor)``;
        refusals are expected."""
        session = self._session(data.draw(st.sampled_from(sorted(self.passwords))))
        if session is None:
            return
        with contextlib.suppress(KnownError):
            work(session, session.actor)

    # Targets are drawn half the time from what the attacker already reaches (its accounts and
    # their roles), so that two-step attacks (take over a weaker account, then raise its
    # role) turn up within a few dozen examples.

    def _user(self, data) -> str:
        return data.draw(st.sampled_from(sorted(self.passwords)) | st.sampled_from(USER_POOL))

    def _role(self, data) -> str:
        conn = self.owner.connection()
        held = {
            row[0]
            for name in self.passwords
            for row in conn.execute("SELECT role FROM users WHERE name = ?", (name,))
        }
        return data.draw(st.sampled_from(sorted(held)) | st.sampled_from(ROLE_POOL))

    @rule(data=st.data(), name=st.sampled_from(("new1", "new2")))
    def add_user(self, data, name: str) -> None:
        role = self._role(data)

        def work(vault: Vault, actor: Actor) -> None:
            users.add(vault, actor, name, f"{name}-pass-9", role)
            self.passwords[name] = f"{name}-pass-9"

        self._act(data, work)

    @rule(data=st.data())
    def reset_password(self, data) -> None:
        who = self._user(data)

        def work(vault: Vault, actor: Actor) -> None:
            users.reset_password(vault, actor, who, f"{who}-taken-1")
            self.passwords[who] = f"{who}-taken-1"

        self._act(data, work)

    @rule(data=st.data())
    def reset_every_password_it_may(self, data) -> None:
        """The greedy move: take over every account one known account may reset."""
        everyone = [r[0] for r in self.owner.connection().execute("SELECT name FROM users")]

        def work(vault: Vault, actor: Actor) -> None:
            for who in everyone:
                try:
                    users.reset_password(vault, actor, who, f"{who}-taken-2")
                except KnownError:
                    continue
                self.passwords[who] = f"{who}-taken-2"

        self._act(data, work)

    @rule(data=st.data())
    def set_role(self, data) -> None:
        who, role = self._user(data), self._role(data)
        self._act(data, lambda vault, actor: users.set_role(vault, actor, who, role))

    @rule(data=st.data(), enable=st.booleans())
    def disable_or_enable(self, data, enable: bool) -> None:
        who = self._user(data)
        change = users.enable if enable else users.disable
        self._act(data, lambda vault, actor: change(vault, actor, who))

    @rule(data=st.data())
    def remove_user(self, data) -> None:
        who = self._user(data)
        self._act(data, lambda vault, actor: users.remove(vault, actor, who))

    @rule(data=st.data(), name=st.sampled_from(("extra1", "extra2")), perms=PERMISSION_SETS)
    def add_role(self, data, name: str, perms: frozenset[str]) -> None:
        base = self._role(data)
        self._act(
            data, lambda vault, actor: access.add_role(vault, actor, name, based_on=base, permissions=perms)
        )

    @rule(data=st.data(), perms=PERMISSION_SETS)
    def set_permissions(self, data, perms: frozenset[str]) -> None:
        role = self._role(data)
        self._act(data, lambda vault, actor: access.set_permissions(vault, actor, role, perms))

    @rule(data=st.data(), field=st.sampled_from(FIELD_POOL), level=st.sampled_from((*access.LEVELS, None)))
    def set_level(self, data, field: str, level: str | None) -> None:
        role = self._role(data)
        self._act(data, lambda vault, actor: access.set_level(vault, actor, role, field, level))

    @rule(
        data=st.data(),
        field=st.sampled_from(FIELD_POOL),
        sensitivity=st.sampled_from(fields.SENSITIVITIES),
        purposes=st.lists(st.sampled_from(fields.PURPOSES), max_size=3, unique=True),
    )
    def reclassify_field(self, data, field: str, sensitivity: str, purposes: list[str]) -> None:
        self._act(
            data,
            lambda vault, actor: field_admin.update_field(
                vault, actor, field, sensitivity=sensitivity, purposes=purposes
            ),
        )

    @rule(data=st.data())
    def mint_recovery_code(self, data) -> None:
        def work(vault: Vault, actor: Actor) -> None:
            vault.start_recovery_code_replacement(actor)
            self.got_recovery_code = True

        self._act(data, work)

    @invariant()
    def nothing_the_attacker_can_sign_in_as_has_more_than_it_started_with(self) -> None:
        if not hasattr(self, "attacker"):
            return
        assert not self.got_recovery_code, f"{self.attacker} obtained a recovery code"
        conn = self.owner.connection()
        for account, password in self.passwords.items():
            row = conn.execute("SELECT role, status FROM users WHERE name = ?", (account,)).fetchone()
            if row is None or row[1] != "active":
                continue
            try:
                carried = slot_secrets(self.folder, account, password)
            except WrongPasswordError:
                continue  # someone else changed it: the attacker no longer knows it
            perms, levels = _power(self.owner, row[0])
            assert perms <= self.perms, (
                f"{self.attacker} reaches {account} ({row[0]}) with {perms - self.perms}"
            )
            for key, rank in self.levels.items():
                assert levels[key] <= rank, f"{self.attacker} reaches {account} ({row[0]}) with more of {key}"
            if "sensitive" in carried:
                assert self.carries_sensitive, f"{self.attacker} reaches the sensitive key through {account}"


@pytest.fixture
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once (with the tests' cheap KDF, hence not a module fixture) and copied per example."""
    if "built" not in TEMPLATE:
        TEMPLATE["built"] = tmp_path_factory.mktemp("escalation") / "template"
        _template(TEMPLATE["built"])
    return TEMPLATE["built"]


@pytest.mark.parametrize("attacker", USER_POOL[:8], ids=NON_OWNER_ROLES)
def test_no_sequence_of_actions_by_a_non_owner_gains_a_right(template: Path, attacker: str) -> None:
    TEMPLATE["folder"] = template
    machine = type(f"NoEscalationBy_{attacker}", (NoEscalation,), {"ATTACKER": attacker})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=40,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
