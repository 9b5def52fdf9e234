"""Password strength: zxcvbn's estimate, and the core refusing guessable passwords for accounts
that can manage users (owner, manager, any custom role given 'manage users')."""

from __future__ import annotations

import pytest

from app import users
from app.access import add_role
from app.errors import KnownError
from app.passwords import MANAGER_MIN_SCORE, WeakPasswordError, estimate
from app.vault import Vault

WEAK = "Password1234"  # the hand-written meter called this "good"


def test_a_common_password_with_digits_is_rated_weak() -> None:
    strength = estimate(WEAK)
    assert strength.score < MANAGER_MIN_SCORE
    assert strength.warning == "This is similar to a commonly used password."
    assert estimate("correct-horse-battery-9").score == 4


def test_the_account_and_business_names_count_against_a_password() -> None:
    assert estimate("xiaowang88!").score == 4
    assert estimate("xiaowang88!", ["xiaowang", "小王五金店"]).score < MANAGER_MIN_SCORE


def test_creating_a_vault_with_a_weak_owner_password_is_refused(vault_dir) -> None:
    with pytest.raises(WeakPasswordError) as refused:
        Vault.create(vault_dir, owner="Owner", password=WEAK, business_name="测试商店")
    assert "too easy to guess for an account that can manage users" in str(refused.value)
    assert "commonly used password" in str(refused.value)
    assert not vault_dir.exists() or not any(vault_dir.iterdir())  # nothing half-made


def test_too_short_is_refused_for_everyone(vault, owner) -> None:
    with pytest.raises(KnownError, match="at least 8 characters"):
        users.add(vault, owner, "clerk", "short1", "sales")


def test_a_sales_user_may_have_a_weak_password_but_a_manager_may_not(vault, owner) -> None:
    users.add(vault, owner, "clerk", WEAK, "sales")
    with pytest.raises(WeakPasswordError):
        users.add(vault, owner, "boss2", WEAK, "manager")
    assert sorted(u.name for u in users.list_users(vault, owner)) == ["Owner", "clerk"]
    users.add(vault, owner, "boss2", "manager-pass-1", "manager")


def test_resetting_a_managers_password_to_a_weak_one_is_refused(vault, owner) -> None:
    users.add(vault, owner, "boss2", "manager-pass-1", "manager")
    with pytest.raises(WeakPasswordError):
        users.reset_password(vault, owner, "boss2", WEAK)
    Vault.unlock(vault.folder, "boss2", "manager-pass-1").lock()  # unchanged


def test_a_custom_role_with_manage_users_gets_the_same_rule(vault, owner) -> None:
    add_role(vault, owner, "office", based_on="service", permissions=["manage_users"])
    with pytest.raises(WeakPasswordError):
        users.add(vault, owner, "ada", WEAK, "office")


def test_changing_ones_own_password_to_a_weak_one_is_refused_for_the_owner(vault) -> None:
    with pytest.raises(WeakPasswordError):
        vault.change_password("owner-pass-1", WEAK)
    vault.change_password("owner-pass-1", "a-new-owner-pass-7")


def test_the_refusal_is_in_the_users_language(vault, owner) -> None:
    from app import i18n

    previous = i18n.current_language()
    i18n.set_language("zh_CN")
    try:
        with pytest.raises(WeakPasswordError) as refused:
            users.add(vault, owner, "boss2", WEAK, "manager")
    finally:
        i18n.set_language(previous)
    assert str(refused.value) == (
        "对于可以管理用户的账户，此密码太容易被猜到（这与一个常用密码相似）。请再加几个不常见的词，或者把它加长。"
    )
