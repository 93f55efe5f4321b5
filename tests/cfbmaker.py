"""Writes small OLE2 compound files (the container of Outlook .msg), so the tests can make
.msg files without Outlook: 512-byte sectors, streams under 4096 bytes in the mini stream."""
from __future__ import annotations

import struct

END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR, MINI, CUTOFF = 512, 64, 4096


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\0" * (-len(data) % size)


def write_cfb(path, streams: dict[str, bytes]) -> None:
    """streams: {"storage/stream" or "stream": bytes}; storages are made as their paths need."""
    # Directory: root, then every storage and stream, children chained as right siblings.
    entries = [{"name": "Root Entry", "type": 5, "kids": [], "data": None}]
    index = {"": 0}
    for full in sorted(streams):
        parts = full.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            if key in index:
                continue
            index[key] = len(entries)
            is_stream = depth == len(parts)
            entries.append({"name": parts[depth - 1], "type": 2 if is_stream else 1, "kids": [],
                            "data": streams[full] if is_stream else None})
            entries[index["/".join(parts[:depth - 1])]]["kids"].append(index[key])
    sectors: list[bytes] = []
    fat: list[int] = []

    def allocate(data: bytes) -> int:
        data = _pad(data, SECTOR)
        first = len(sectors)
        n = len(data) // SECTOR
        for i in range(n):
            sectors.append(data[i * SECTOR:(i + 1) * SECTOR])
            fat.append(first + i + 1 if i < n - 1 else END)
        return first if n else END

    mini, minifat = b"", []
    for e in entries[1:]:
        data = e["data"]
        if data is None:
            e["start"], e["size"] = 0, 0
        elif len(data) >= CUTOFF:
            e["start"], e["size"] = allocate(data), len(data)
        else:
            first = len(mini) // MINI
            n = max(1, -(-len(data) // MINI)) if data else 0
            minifat += [first + i + 1 if i < n - 1 else END for i in range(n)]
            mini += _pad(data, MINI) if data else b""
            e["start"], e["size"] = (first if n else END), len(data)
    entries[0]["start"] = allocate(mini) if mini else END
    entries[0]["size"] = len(mini)
    minifat_start = allocate(b"".join(struct.pack("<I", x) for x in minifat)) if minifat else END
    minifat_n = -(-len(minifat) * 4 // SECTOR)
    dir_bytes = b""
    for i, e in enumerate(entries):
        right = NOSTREAM
        for parent in entries:
            if i in parent["kids"]:
                k = parent["kids"].index(i)
                right = parent["kids"][k + 1] if k + 1 < len(parent["kids"]) else NOSTREAM
        name = e["name"].encode("utf-16-le") + b"\0\0"
        dir_bytes += struct.pack("<64sHBBIII16sIQQIQ", name, len(name), e["type"], 1, NOSTREAM, right,
                                 e["kids"][0] if e["kids"] else NOSTREAM, b"\0" * 16, 0, 0, 0,
                                 e["start"], e["size"])
    dir_start = allocate(_pad(dir_bytes, SECTOR))
    # FAT sectors cover every sector, themselves included.
    n_fat = 1
    while (len(sectors) + n_fat) > n_fat * (SECTOR // 4):
        n_fat += 1
    fat_first = len(sectors)
    fat += [FATSECT] * n_fat
    fat += [FREE] * (n_fat * (SECTOR // 4) - len(fat))
    table = b"".join(struct.pack("<I", x) for x in fat)
    for i in range(n_fat):
        sectors.append(table[i * SECTOR:(i + 1) * SECTOR])
    difat = [fat_first + i for i in range(n_fat)] + [FREE] * (109 - n_fat)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, n_fat, dir_start, 0,
                            CUTOFF, minifat_start, minifat_n, END, 0)
              + b"".join(struct.pack("<I", x) for x in difat))
    with open(path, "wb") as f:
        f.write(header)
        f.write(b"".join(sectors))


def make_msg(path, subject: str, body: str | None, sender: str = "Alice Example", to: str = "Bob",
             attachments: dict[str, bytes] = {}, date: str = "Tue, 04 Mar 2025 10:15:00 +0100",
             rtf_compressed: bytes | None = None):
    """body None: no plain-text body, as in a rich-text mail that keeps only PR_RTF_COMPRESSED."""
    def u(text: str) -> bytes:
        return text.encode("utf-16-le")

    streams = {
        "__substg1.0_0037001F": u(subject),
        "__substg1.0_0C1A001F": u(sender),
        "__substg1.0_0C1F001F": u("alice@example.com"),
        "__substg1.0_0E04001F": u(to),
        "__substg1.0_007D001F": u(f"Date: {date}\r\nSubject: {subject}\r\n"),
        "__properties_version1.0": b"\0" * 32,
    }
    if body is not None:
        streams["__substg1.0_1000001F"] = u(body)
    if rtf_compressed is not None:
        streams["__substg1.0_10090102"] = rtf_compressed
    for i, (name, data) in enumerate(attachments.items()):
        storage = f"__attach_version1.0_#{i:08X}"
        streams[f"{storage}/__substg1.0_3707001F"] = u(name)
        streams[f"{storage}/__substg1.0_37010102"] = data
    write_cfb(path, streams)
    return path
