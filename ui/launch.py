"""The ``custos`` console script: subcommands go to the command line, anything else opens the app.

``custos``, ``custos --vault DIR`` and ``custos --demo`` open the desktop app (see ui.main);
``custos init``, ``custos demo`` and the other subcommands run app.cli. Lives in ui/ because
the core (app/) never imports the UI; PySide6 is imported only when the desktop app is
actually opened, so scripted use stays light.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

APP_OPTIONS = ("--vault", "--demo")


def opens_app(args: Sequence[str]) -> bool:
    """No arguments, or the desktop app's own options (``--vault DIR``, ``--vault=DIR``, ``--demo``).

    ``--vault F`` followed by a command (``custos --vault li.custospack customers search 王``)
    runs that command on F: the command line's field mode on a field pack (app/fieldpack.py).
    """
    if not args:
        return True
    if args[0].split("=", 1)[0] not in APP_OPTIONS:
        return False
    rest = args[2:] if args[0] == "--vault" else args[1:]
    return args[0] == "--demo" or not rest or rest[0].startswith("-")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not opens_app(args):
        from app.cli import main as cli_main

        return cli_main(args)
    from ui.main import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
