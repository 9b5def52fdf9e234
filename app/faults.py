"""Crash points: where a test kills the process to prove a change survives kill -9 at any step.

Changes that write both vault.db and a file (vault.keys, audit.anchor) are tested by running
them in a subprocess that dies (``os._exit``, no cleanup, like kill -9) at each point
``step`` is called on the way: the n-th point reached when ``CUSTOS_FAULT_AT=n`` is set.
With ``CUSTOS_FAULT_TRACE=FILE`` every point reached is appended to FILE, so a test can list
them first and then crash at each one. Without these variables ``step`` does nothing.
"""

from __future__ import annotations

import os

FAULT_AT = "CUSTOS_FAULT_AT"
FAULT_TRACE = "CUSTOS_FAULT_TRACE"
CRASH_STATUS = 137  # what a shell reports for a process killed with SIGKILL

_reached = 0


def step(name: str) -> None:
    """A named point between two writes."""
    at, trace = os.environ.get(FAULT_AT), os.environ.get(FAULT_TRACE)
    if not at and not trace:
        return
    global _reached
    _reached += 1
    if trace:
        with open(trace, "a", encoding="utf-8") as fh:
            fh.write(f"{name}\n")
    if at and int(at) == _reached:
        os._exit(CRASH_STATUS)
