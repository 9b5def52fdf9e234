"""app/resource_files.py: the one rule that finds fonts, translations and icons in a checkout,
the frozen bundle (same layout as the checkout) and an installed wheel (custos_resources)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import resource_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_lookup():
    resource_files.resources_dir.cache_clear()
    yield
    resource_files.resources_dir.cache_clear()


def _installed_layout(site: Path, monkeypatch, *, with_package: bool, foreign_resources: bool) -> None:
    """A site-packages with app/ (no resources beside it) and, optionally, custos_resources."""
    (site / "app").mkdir(parents=True)
    monkeypatch.setattr(resource_files, "__file__", str(site / "app" / "resource_files.py"))
    if foreign_resources:  # another project's top-level "resources" folder
        (site / "resources" / "icons").mkdir(parents=True)
        (site / "resources" / "icons" / "theirs.svg").write_text("<svg/>")
    if with_package:
        (site / "custos_resources" / "icons").mkdir(parents=True)
        (site / "custos_resources" / "icons" / "custos.svg").write_text("<svg/>")
    else:  # an editable install of this checkout (make test on a clean clone) provides the real one
        monkeypatch.setattr(resource_files, "INSTALLED_PACKAGE", "custos_resources_not_installed")
    monkeypatch.syspath_prepend(str(site))


def test_checkout_finds_the_resources_folder_beside_the_packages(fresh_lookup) -> None:
    assert resource_files.resources_dir() == ROOT / "resources"
    assert resource_files.resource_path("fonts", "wqy-microhei.ttc").is_file()
    assert resource_files.resource_path("translations", "custos_zh_CN.qm").is_file()


def test_installed_wheel_finds_the_custos_resources_package_not_a_foreign_resources_folder(
    fresh_lookup, monkeypatch, tmp_path
) -> None:
    site = tmp_path / "site-packages"
    _installed_layout(site, monkeypatch, with_package=True, foreign_resources=True)
    assert resource_files.resources_dir() == site / "custos_resources"


def test_missing_resources_fail_loudly_with_a_reinstall_message(fresh_lookup, monkeypatch, tmp_path) -> None:
    _installed_layout(tmp_path / "site-packages", monkeypatch, with_package=False, foreign_resources=True)
    with pytest.raises(resource_files.ResourcesMissingError, match="Reinstall Custos"):
        resource_files.resources_dir()
