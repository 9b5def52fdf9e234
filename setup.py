"""The one thing pyproject.toml cannot say: ship the repository's ``resources/`` folder (beside
the packages, where the source checkout and the frozen build keep it) in the wheel as the package
``custos_resources``, so an installed Custos finds its font, translations and icons
(app/resource_files.py). Which files go in is declared in pyproject.toml (package-data).

Folders that hold only data (app/locale/…, resources/fonts, …) are listed as namespace packages
too, so setuptools knows they are meant to ship rather than warning that they would be dropped.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).resolve().parent
RESOURCE_FOLDERS = sorted(p.name for p in (HERE / "resources").iterdir() if p.is_dir())

setup(
    packages=[
        *find_namespace_packages(include=["app", "app.*", "ui", "ui.*"], exclude=["*.__pycache__"]),
        "custos_resources",
        *(f"custos_resources.{name}" for name in RESOURCE_FOLDERS),
    ],
    package_dir={"custos_resources": "resources"},
)
