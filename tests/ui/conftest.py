"""Fixtures for UI tests: isolated settings, an inline task runner, seeded vaults.

UI tests run offscreen (QT_QPA_PLATFORM=offscreen is set here before Qt loads) and drive
real widgets with pytest-qt. The core fixtures (cheap KDF, memory keyring, temp folders)
come from tests/conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings

from app import customers
from app.vault import Vault
from ui.settings import Settings
from ui.tasks import InlineTaskRunner, TaskRunner

UI_OWNER = "老板"
UI_PASSWORD = "owner-pass-1"

SAMPLE_CUSTOMERS = [
    {
        "name": "王芳",
        "phone": "13812345678",
        "email": "wangfang@example.cn",
        "company": "北京华信科技有限公司",
        "tags": "vip",
    },
    {"name": "王小明", "phone": "13900001111", "email": "xm@example.cn", "address": "上海市徐汇区中山路1号"},
    {"name": "李娜", "phone": "15011112222", "company": "深圳远航贸易有限公司"},
    {
        "name": "John Smith",
        "phone": "+442079460958",
        "email": "john.smith@example.com",
        "company": "Acme Ltd",
    },
    {"name": "Mary Johnson", "email": "mary@example.com", "tags": "newsletter"},
    {"name": "欧阳娜娜", "phone": "18612345678", "notes": "喜欢周末来店"},
]


@pytest.fixture(autouse=True)
def home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the test's own (without Documents, as on a minimal Linux desktop):
    dialogs suggest saving there, and a test that accepts a suggestion must never write into
    the real home of whoever runs the suite."""
    home = tmp_path / "user-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def inline_runner() -> InlineTaskRunner:
    return InlineTaskRunner()


@pytest.fixture
def thread_runner(qapp) -> TaskRunner:
    runner = TaskRunner()
    yield runner
    runner.wait_all()


@pytest.fixture
def ui_vault(tmp_path: Path) -> Vault:
    """An unlocked vault with a few Chinese and Latin customers, owner 老板."""
    vault, _code = Vault.create(
        tmp_path / "ui-vault", owner=UI_OWNER, password=UI_PASSWORD, business_name="王记五金店"
    )
    customers.create_many(vault, vault.actor, SAMPLE_CUSTOMERS)
    yield vault
    vault.lock()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """Before pytest-qt closes a test's widgets, drop unsaved edits left in open customer
    editors (dialogs, or the card's Details): closing one would ask "Discard changes?" in a
    modal box nobody answers, and the suite would hang instead of moving on (the editor's own
    close-time question is tested where it matters, through its keyboard paths)."""
    from PySide6.QtWidgets import QApplication

    from ui.editor import CustomerEditor

    if QApplication.instance() is not None:
        # allWidgets, not topLevelWidgets: the customer card's Details is an embedded editor.
        for widget in QApplication.allWidgets():
            if isinstance(widget, CustomerEditor) and widget.isVisible():
                widget.discard()
    yield
