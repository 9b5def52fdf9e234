"""The start-up probe (ui/startup_probe.py), run from the source tree the way the frozen smoke
test runs the built program: a real process, offscreen, its own home and settings."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.dist_smoke import CUSTOMER, ROOT, Installed, add_customer, check_window

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def prepared_home(tmp_path_factory) -> Path:
    """A home with a vault holding one Chinese customer, made once (Argon2 at full cost is slow)."""
    home = tmp_path_factory.mktemp("probe") / "home"
    add_customer(_from_source(home))
    return home


def _from_source(home: Path) -> Installed:
    return Installed([sys.executable, "-m", "ui.launch"], home, env={"PYTHONPATH": str(ROOT)})


@pytest.fixture
def custos(prepared_home, tmp_path) -> Installed:
    home = tmp_path / "home"
    shutil.copytree(prepared_home, home)
    return _from_source(home)


def test_probe_signs_in_and_reports_both_windows_in_chinese_then_the_app_exits_cleanly(custos) -> None:
    report = check_window(custos)
    assert report["first_paint"] <= report["main_paint"]
    assert CUSTOMER in report["main_window"]["texts"]


def test_probe_without_a_password_reports_the_first_window_and_quits(custos) -> None:
    custos.env.pop("CUSTOS_PASSWORD")
    report = custos.open_window()
    assert report["first_window"]["class"] == "SignInDialog"
    assert "main_window" not in report and "main_paint" not in report


def test_probe_with_a_wrong_password_never_shows_the_main_window(custos) -> None:
    """The probe types the password like a person: a wrong one is refused by the real sign-in."""
    report_file = custos.home / "probe.json"
    done = custos.run(
        "--vault",
        str(custos.vault),
        env={
            "CUSTOS_STARTUP_PROBE": str(report_file),
            "CUSTOS_PASSWORD": "not-the-password-1",
            "CUSTOS_PROBE_DEADLINE_MS": "8000",
        },
    )
    report = json.loads(report_file.read_text("utf-8"))
    assert done.returncode == 3, done.stderr
    assert "main_window" not in report
    assert report["error"].startswith("no window painted and loaded")
