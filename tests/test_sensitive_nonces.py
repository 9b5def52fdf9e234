"""AES-GCM nonces of sensitive values: drawn from the OS in blocks (a bulk load's hot loop),
yet never handed out twice — not across threads, not across a block, not after a fork."""

from __future__ import annotations

import base64
import os
import threading

from app.sensitive import PREFIX, SensitiveCipher


def nonce_of(stored: str) -> bytes:
    return base64.b64decode(stored[len(PREFIX) :])[:12]


def test_every_encryption_uses_a_fresh_nonce_across_threads_and_blocks() -> None:
    cipher = SensitiveCipher(os.urandom(32))
    results: list[list[str]] = [[] for _ in range(4)]

    def work(slot: int) -> None:
        for i in range(2500):  # 10,000 in all: more than two blocks of 4,096
            results[slot].append(cipher.encrypt(i, "id_number", f"value {slot} {i}"))

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = [s for chunk in results for s in chunk]
    assert len({nonce_of(s) for s in stored}) == len(stored) == 10_000
    assert cipher.decrypt(7, "id_number", results[2][7]) == "value 2 7"


def test_a_forked_child_does_not_reuse_its_parents_nonces() -> None:
    cipher = SensitiveCipher(os.urandom(32))
    cipher.encrypt(1, "id_number", "parent")  # the parent holds a block of nonces now
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(read_end)
        os.write(write_end, nonce_of(cipher.encrypt(1, "id_number", "child")))
        os._exit(0)
    os.close(write_end)
    child_nonce = os.read(read_end, 12)
    os.close(read_end)
    os.waitpid(child, 0)
    parent_nonce = nonce_of(cipher.encrypt(1, "id_number", "parent again"))
    assert len(child_nonce) == 12
    assert child_nonce != parent_nonce
