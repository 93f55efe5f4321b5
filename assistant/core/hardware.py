"""What the machine has: physical cores (threads beyond them slow llama.cpp and torch down)."""
from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=1)
def physical_cores() -> int:
    try:
        import psutil

        n = psutil.cpu_count(logical=False)
        if n:
            return n
    except Exception:
        pass
    try:
        # Linux without psutil: count distinct (physical id, core id) pairs.
        cores, phys, core = set(), None, None
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            for line in f:
                if line.startswith("physical id"):
                    phys = line.split(":")[1].strip()
                elif line.startswith("core id"):
                    core = line.split(":")[1].strip()
                    cores.add((phys, core))
        if cores:
            return len(cores)
    except OSError:
        pass
    return max(1, (os.cpu_count() or 2) // 2)


@lru_cache(maxsize=1)
def has_amx() -> bool:
    """Intel AMX (bf16 tile multiply). Read from /proc/cpuinfo; other systems report False and
    keep the portable int8 path."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            for line in f:
                if line.startswith("flags"):
                    return "amx_bf16" in line.split()
    except OSError:
        pass
    return False
