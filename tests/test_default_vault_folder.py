"""Where a new vault goes by default on each OS: the user's local data folder, never the roaming
profile and never a vendor sub-folder (the installers and the README name these paths).

platformdirs picks its Windows and macOS rules by platform; each test swaps in that OS's rules
(they read the same environment variables the real systems set), so all three run anywhere.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
import platformdirs.macos
import platformdirs.unix
import platformdirs.windows

from app.vault import default_vault_folder


def test_linux_vault_goes_to_the_xdg_data_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.unix.Unix)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert default_vault_folder() == tmp_path / "share" / "Custos" / "vault"


def test_windows_vault_goes_to_local_appdata_not_the_roaming_profile(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    # Off Windows there is no shell API to ask; the environment holds the same answer.
    monkeypatch.setattr(
        platformdirs.windows, "get_win_folder", platformdirs.windows.get_win_folder_from_env_vars
    )
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert default_vault_folder() == tmp_path / "Local" / "Custos" / "vault"


def test_macos_vault_goes_to_application_support(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_vault_folder() == tmp_path / "Library" / "Application Support" / "Custos" / "vault"


def test_default_vault_is_the_demo_folders_sibling() -> None:
    """The demo vault goes beside the real one (ui/main.py), inside the same Custos folder."""
    assert default_vault_folder().parent.name == "Custos"
    assert Path(default_vault_folder()).name == "vault"
