"""Where the files that ship with Custos are: the CJK font, the translations, the icons.

They live in the repository's ``resources/`` folder, beside the ``app`` and ``ui`` packages, and
every code path that needs one asks ``resource_path`` — never its own ``__file__`` arithmetic —
so the three ways Custos runs find them by the same rule:

- a source checkout: ``<checkout>/resources``;
- the frozen build (packaging/custos.spec): the bundle mirrors the checkout, ``resources/``
  beside ``app/`` (PyInstaller gives a bundled module the ``__file__`` it would have there);
- an installed wheel: the folder travels as the package ``custos_resources`` (setup.py maps it),
  because a top-level ``resources`` in site-packages would collide with any other project's.

The migrations and the core's gettext catalogues are package data of ``app`` itself and are read
with ``importlib.resources`` (app/vault/database.py, app/i18n.py); this covers what is not.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

INSTALLED_PACKAGE = "custos_resources"
# A file only Custos's own resources folder has: an unrelated ``resources`` folder next to
# ``app`` (another project's, in a shared site-packages) must not be taken for it.
MARKER = ("icons", "custos.svg")


class ResourcesMissingError(RuntimeError):
    """Custos was installed without its resources folder: a packaging bug, not a user error."""


@cache
def resources_dir() -> Path:
    """The folder holding ``fonts/``, ``translations/`` and ``icons/``."""
    beside = Path(__file__).resolve().parent.parent / "resources"
    if beside.joinpath(*MARKER).is_file():
        return beside
    spec = importlib.util.find_spec(INSTALLED_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    raise ResourcesMissingError(
        f"Custos's resources folder is missing (looked for {beside} and the {INSTALLED_PACKAGE} "
        "package). Reinstall Custos. / 缺少 Custos 的资源文件夹，请重新安装 Custos。"
    )


def resource_path(*parts: str) -> Path:
    """``resources/<parts…>``, e.g. ``resource_path("fonts", "wqy-microhei.ttc")``.

    Only the folder is looked up; whether the file exists is the caller's question, because each
    caller has its own message for a missing font, icon or catalogue.
    """
    return resources_dir().joinpath(*parts)
