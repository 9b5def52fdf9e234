"""The ``custos`` console script: subcommands go to the command line, no arguments opens the app.

Lives in ui/ because the core (app/) never imports the UI; PySide6 is imported only when the
desktop app is actually opened, so scripted use stays light.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] not in ("--vault",) and not args[0].startswith("--open"):
        from app.cli import main as cli_main

        return cli_main(args)
    from ui.main import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
