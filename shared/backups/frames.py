"""Sealed parts: zstd-compressed, then encrypted with AES-256-GCM in framed chunks.

GCM authenticates a whole message, so a part is a sequence of frames, each its own GCM message:

    part   = MAGIC (4) | nonce prefix (8) | frame* | end frame
    frame  = kind (1: D data, E end) | length (4, big-endian) | ciphertext with tag

The nonce is the part's random prefix and the frame counter. The associated data binds each
frame to the snapshot, the part name, its index and its kind, so frames cannot be moved,
swapped between parts or snapshots, or dropped; a part without its end frame (truncated) or
with bytes after it is refused."""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Iterable, Iterator
from itertools import chain

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"PSB1"
FRAME_BYTES = 1 << 20  # compressed bytes per frame
DATA, END = b"D", b"E"
MAX_FRAME = FRAME_BYTES * 2 + 64
# Level 1 compresses the dump about twice as fast as level 3, for 1-2% more bytes. In the calling
# thread: on a busy machine a zstd worker thread only adds waiting (measured in bench_snapshot).
LEVEL = 1
DECOMPRESS_SLICE = 64 * 1024  # compressed bytes decompressed at once on restore


class CorruptPart(Exception):
    """A part fails its checks: tampered, truncated or not ours. The message holds no data."""


def derive(key: bytes, purpose: str) -> bytes:
    """Separate keys for the data and the manifest MAC, from the one backup key."""
    return hmac.new(key, f"incassotool-privacy-backup/{purpose}".encode(), hashlib.sha256).digest()


def _aad(snapshot_id: str, part: str, index: int, kind: bytes) -> bytes:
    return b"\x00".join([snapshot_id.encode(), part.encode(), str(index).encode(), kind])


def seal(chunks: Iterable[bytes], key: bytes, snapshot_id: str, part: str, *,
         frame_bytes: int = FRAME_BYTES, level: int = LEVEL) -> Iterator[bytes]:
    """Compress and encrypt a stream of plaintext chunks; yields the stored bytes."""
    aes, prefix = AESGCM(derive(key, "data")), os.urandom(8)
    compress = zstandard.ZstdCompressor(level=level).compressobj()
    pending = bytearray()
    index = 0

    def frame(kind: bytes, body: bytes) -> bytes:
        nonce = prefix + struct.pack(">I", index)
        sealed = aes.encrypt(nonce, body, _aad(snapshot_id, part, index, kind))
        return kind + struct.pack(">I", len(sealed)) + sealed

    yield MAGIC + prefix
    for chunk in chain(chunks, [None]):  # None: flush the compressor
        pending += compress.compress(chunk) if chunk is not None else compress.flush()
        while len(pending) >= frame_bytes or (chunk is None and pending):
            yield frame(DATA, bytes(pending[:frame_bytes]))
            del pending[:frame_bytes]
            index += 1
    yield frame(END, b"")


class ByteReader:
    """Exact reads over an iterator of byte chunks of any size."""

    def __init__(self, chunks: Iterable[bytes]):
        self._it, self._buf, self._pos = iter(chunks), b"", 0

    def read(self, n: int) -> bytes:
        while len(self._buf) - self._pos < n:
            nxt = next(self._it, None)
            if nxt is None:
                break
            self._buf = self._buf[self._pos:] + nxt
            self._pos = 0
        out = self._buf[self._pos:self._pos + n]
        self._pos += len(out)
        return out


def frames(chunks: Iterable[bytes], key: bytes, snapshot_id: str, part: str) -> Iterator[bytes]:
    """Authenticated compressed frames of a part, in order; raises CorruptPart."""
    aes, reader = AESGCM(derive(key, "data")), ByteReader(chunks)
    head = reader.read(12)
    if len(head) < 12 or head[:4] != MAGIC:
        raise CorruptPart("not a backup part (bad header)")
    prefix, index = head[4:], 0
    while True:
        top = reader.read(5)
        if len(top) < 5:
            raise CorruptPart("truncated: the end frame is missing")
        kind, length = top[:1], struct.unpack(">I", top[1:])[0]
        if kind not in (DATA, END) or length > MAX_FRAME:
            raise CorruptPart(f"frame {index} has a bad header")
        body = reader.read(length)
        if len(body) < length:
            raise CorruptPart("truncated: a frame is cut short")
        try:
            plain = aes.decrypt(prefix + struct.pack(">I", index), body, _aad(snapshot_id, part, index, kind))
        except InvalidTag:
            raise CorruptPart(f"frame {index} fails authentication (changed, moved or wrong key)") from None
        if kind == END:
            if reader.read(1):
                raise CorruptPart("bytes follow the end frame")
            return
        yield plain
        index += 1


def open_sealed(chunks: Iterable[bytes], key: bytes, snapshot_id: str, part: str) -> Iterator[bytes]:
    """Decrypt and decompress a part; yields plaintext chunks. Each frame is decompressed a slice
    at a time, so a chunk stays small however well the frame compressed (a frame of repeated
    text holds many megabytes). The last chunk is only yielded after the end frame is seen, so a
    truncated part never yields its full content."""
    decompress = zstandard.ZstdDecompressor().decompressobj()
    held: bytes | None = None
    for body in frames(chunks, key, snapshot_id, part):
        for start in range(0, len(body), DECOMPRESS_SLICE):
            out = decompress.decompress(body[start:start + DECOMPRESS_SLICE])
            if not out:
                continue
            if held:
                yield held
            held = out
    if held:
        yield held


def lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Split a plaintext stream into lines (without the newline); a line's pieces are joined once."""
    pending: list[bytes] = []
    for chunk in chunks:
        if b"\n" not in chunk:
            pending.append(chunk)
            continue
        first, *middle, last = chunk.split(b"\n")
        yield b"".join([*pending, first])
        yield from middle
        pending = [last]
    if rest := b"".join(pending):
        yield rest
