"""Signed audit checkpoints kept outside vault.db (``audit.anchor``).

Why: everything inside vault.db — rows, the head row, the chain's HMAC key — can be rewritten
by anyone holding the data key, and every user who can sign in holds it. So the log alone
cannot prove that nothing was deleted. A checkpoint is a statement "the log had entry N with
hash H" signed with a key that only one slot's password (or its saved keyring key) can
produce (``Slot.signing_seed``). Deleting entries, cutting the tail and moving the head back,
or copying in an older log all leave some signed checkpoint vouching for an entry that is no
longer there, or is different.

The file holds the newest checkpoint per signing key, written atomically (0600). Checkpoints
are written at sign-in (after the sign-in entry), after administrative changes, and at lock
or close; a key pair made for a new or reset password gets its first checkpoint before
vault.keys is saved, so a slot that signs checkpoints (``Slot.anchored``) always has one.

What it cannot see is stated by ``limits()`` (and printed by ``custos audit verify``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.files import write_atomic
from app.i18n import _

try:  # advisory lock so two processes on one vault do not lose each other's checkpoints
    import fcntl
except ImportError:  # Windows: replacing the file is still atomic; a race can drop one update
    fcntl = None  # type: ignore[assignment]

ANCHOR_FILE = "audit.anchor"
FORMAT = 1


def limits() -> str:
    """What the checkpoints cannot show, in the current language (printed with every verify)."""
    return _(
        "What this check cannot see: a whole vault folder put back to an earlier state (which is "
        "what restoring a backup does) carries its own older checkpoints and verifies as intact; "
        "entries written after the newest checkpoint of every other user can be removed by a user "
        "who holds the data key and signs their own checkpoints; a checkpoint made before a "
        "data-key rotation pins only its own entry until its user signs in again."
    )


def content_digest(seq: int, at: str, actor: str, action: str, obj: str, details: str) -> str:
    """SHA-256 of one entry's content: survives a data-key rotation, unlike the chain HMAC."""
    content = json.dumps([seq, at, actor, action, obj, details], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class Signer:
    """One slot's checkpoint signing key, held only while that slot is signed in."""

    slot: str
    user: str
    seed: bytes

    @property
    def private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def public_key(self) -> str:
        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return _b64(raw)


@dataclass(frozen=True)
class Checkpoint:
    slot: str
    user: str
    seq: int
    hash: str
    content: str
    key_id: str
    at: str
    public_key: str
    signature: str = ""

    def payload(self, vault_id: str) -> bytes:
        fields = [
            self.slot,
            self.user,
            self.seq,
            self.hash,
            self.content,
            self.key_id,
            self.at,
            self.public_key,
        ]
        return json.dumps(["custos checkpoint v1", vault_id, *fields], ensure_ascii=False).encode("utf-8")

    def signature_ok(self, vault_id: str) -> bool:
        try:
            public = Ed25519PublicKey.from_public_bytes(base64.b64decode(self.public_key, validate=True))
            public.verify(base64.b64decode(self.signature, validate=True), self.payload(vault_id))
            return True
        except (InvalidSignature, ValueError, TypeError):
            return False

    def describe(self) -> str:
        return _("{user}'s signed checkpoint of {at}").format(user=self.user, at=self.at)


def sign(vault_id: str, signer: Signer, seq: int, digest: str, content: str, key_id: str) -> Checkpoint:
    unsigned = Checkpoint(
        signer.slot,
        signer.user,
        seq,
        digest,
        content,
        key_id,
        datetime.now(UTC).isoformat(timespec="milliseconds"),
        signer.public_key,
    )
    signature = signer.private.sign(unsigned.payload(vault_id))
    return Checkpoint(**{**asdict(unsigned), "signature": _b64(signature)})


@dataclass
class Anchor:
    """The parsed file. ``exists`` is False when there is none; ``damage`` names a bad one."""

    checkpoints: dict[str, Checkpoint]
    exists: bool
    damage: str = ""

    def for_key(self, public_key: str) -> Checkpoint | None:
        return self.checkpoints.get(public_key)

    def naming_slot(self, slot: str) -> list[Checkpoint]:
        return [c for c in self.checkpoints.values() if c.slot == slot]


def load(folder: Path, vault_id: str) -> Anchor:
    path = Path(folder) / ANCHOR_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Anchor({}, exists=False)
    except OSError as exc:
        damage = _("{file} cannot be read ({error})").format(file=ANCHOR_FILE, error=type(exc).__name__)
        return Anchor({}, exists=True, damage=damage)
    return parse(data, vault_id)


def parse(data: bytes, vault_id: str) -> Anchor:
    """The checkpoints in ``data`` (a file's bytes; empty bytes: no file, as in a backup of a
    vault that had none)."""
    if not data:
        return Anchor({}, exists=False)
    try:
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        damage = _("{file} cannot be read ({error})").format(file=ANCHOR_FILE, error=type(exc).__name__)
        return Anchor({}, exists=True, damage=damage)
    try:
        if raw["format"] != FORMAT or raw["vault_id"] != vault_id:
            return Anchor(
                {}, exists=True, damage=_("{file} belongs to another vault").format(file=ANCHOR_FILE)
            )
        checkpoints = {}
        for item in raw["checkpoints"]:
            checkpoint = Checkpoint(**item)
            if not isinstance(checkpoint.seq, int) or not all(
                isinstance(getattr(checkpoint, name), str)
                for name in ("slot", "user", "hash", "at", "public_key")
            ):
                raise TypeError("field of the wrong type")
            checkpoints[checkpoint.public_key] = checkpoint
    except (KeyError, TypeError, AttributeError):
        return Anchor(
            {}, exists=True, damage=_("{file} is damaged or was edited by hand").format(file=ANCHOR_FILE)
        )
    return Anchor(checkpoints, exists=True)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Held while the file is read and replaced; a backup holds it while pinning its snapshot."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def update(folder: Path, vault_id: str, change: Callable[[Anchor], list[Checkpoint]]) -> None:
    """Read, let ``change`` pick the checkpoints to store, write atomically — under a lock.

    A damaged file is never overwritten: it is evidence (``change`` is not called).
    """
    folder = Path(folder)
    with folder_lock(folder):
        current = load(folder, vault_id)
        if current.damage:
            return
        new = change(current)
        if not new:
            return
        for checkpoint in new:
            current.checkpoints[checkpoint.public_key] = checkpoint
        data = {
            "format": FORMAT,
            "vault_id": vault_id,
            "checkpoints": [asdict(c) for c in sorted(current.checkpoints.values(), key=lambda c: c.at)],
        }
        write_atomic(folder / ANCHOR_FILE, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode())
