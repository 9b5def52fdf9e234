"""Who is acting: the ``Actor`` passed to every service that touches customer data.

The role decides (once the role policy lands) which fields the actor may see, mask or
write. Every customer read and write takes an Actor so that no code path can read customer
data anonymously.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("owner", "manager", "sales", "service", "field", "auditor")


@dataclass(frozen=True)
class Actor:
    user: str
    role: str

    def __post_init__(self) -> None:
        if not self.user:
            raise ValueError("an Actor needs a user name")
