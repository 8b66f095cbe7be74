"""Sealed parts: what goes in comes out, and any change, move, cut or wrong key is refused."""

from __future__ import annotations

import os
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.backups.frames import MAGIC, CorruptPart, frames, lines, open_sealed, seal

KEY = b"k" * 32
SID = "20261124T020000Z-abcdef"


def sealed(data: bytes, part: str = "platform/debtors", frame_bytes: int = 64) -> bytes:
    chunks = [data[i:i + 100] for i in range(0, len(data), 100)] or [b""]
    return b"".join(seal(chunks, KEY, SID, part, frame_bytes=frame_bytes))


def opened(blob: bytes, part: str = "platform/debtors", key: bytes = KEY, sid: str = SID) -> bytes:
    return b"".join(open_sealed([blob[i:i + 37] for i in range(0, len(blob), 37)], key, sid, part))


def frame_offsets(blob: bytes) -> list[int]:
    out, pos = [], len(MAGIC) + 8
    while pos < len(blob):
        out.append(pos)
        pos += 5 + struct.unpack(">I", blob[pos + 1:pos + 5])[0]
    return out


PLAIN = os.urandom(3000) + b"Jan Jansen, jan.jansen@example.nl\n" * 50


def test_round_trip_over_many_frames():
    blob = sealed(PLAIN)
    assert len(frame_offsets(blob)) > 3
    assert opened(blob) == PLAIN


def test_empty_part_round_trips():
    assert opened(sealed(b"")) == b""


def test_plaintext_is_not_readable_in_the_sealed_bytes():
    blob = sealed(PLAIN)
    assert b"jan.jansen" not in blob and b"Jansen" not in blob


def test_every_flipped_byte_is_refused():
    blob = sealed(PLAIN[-600:], frame_bytes=40)
    for at in range(len(blob)):
        bad = bytearray(blob)
        bad[at] ^= 0x80
        with pytest.raises(CorruptPart):
            opened(bytes(bad))


def test_truncation_at_any_point_is_refused():
    blob = sealed(PLAIN[-400:], frame_bytes=40)
    for cut in range(len(blob)):
        with pytest.raises(CorruptPart):
            opened(blob[:cut])


def test_dropping_the_end_frame_is_refused_with_a_clear_reason():
    blob = sealed(PLAIN)
    with pytest.raises(CorruptPart, match="end frame is missing"):
        opened(blob[:frame_offsets(blob)[-1]])


def test_bytes_after_the_end_frame_are_refused():
    with pytest.raises(CorruptPart, match="follow the end frame"):
        opened(sealed(PLAIN) + b"x")


def test_swapping_two_frames_is_refused():
    blob = sealed(PLAIN)
    offs = frame_offsets(blob)
    a, b, c = blob[offs[0]:offs[1]], blob[offs[1]:offs[2]], blob[offs[2]:]
    assert len(a) == len(b)
    with pytest.raises(CorruptPart, match="frame 0"):
        opened(blob[:offs[0]] + b + a + c)


def test_a_part_cannot_pass_for_another_part_or_snapshot_or_key():
    blob = sealed(PLAIN)
    with pytest.raises(CorruptPart):
        opened(blob, part="platform/dossiers")
    with pytest.raises(CorruptPart):
        opened(blob, sid="20261125T020000Z-abcdef")
    with pytest.raises(CorruptPart):
        opened(blob, key=b"x" * 32)


def test_not_a_part_at_all():
    with pytest.raises(CorruptPart, match="bad header"):
        opened(b"hello world, not ours")


def test_frames_alone_authenticate_without_decompressing():
    blob = sealed(PLAIN)
    assert len(list(frames([blob], KEY, SID, "platform/debtors"))) == len(frame_offsets(blob)) - 1


def test_two_seals_of_the_same_data_differ():
    assert sealed(PLAIN) != sealed(PLAIN)  # a random nonce prefix per part


@settings(max_examples=50)
@given(st.binary(max_size=5000), st.integers(min_value=1, max_value=300))
def test_round_trip_any_bytes_any_frame_size(data, frame_bytes):
    assert opened(sealed(data, frame_bytes=frame_bytes)) == data


@given(st.lists(st.binary(max_size=30).filter(lambda b: b"\n" not in b), max_size=20),
       st.integers(min_value=1, max_value=7))
def test_lines_splits_across_any_chunking(items, size):
    data = b"".join(i + b"\n" for i in items)
    chunks = [data[i:i + size] for i in range(0, len(data), size)]
    assert list(lines(chunks)) == items
