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


def cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


@lru_cache(maxsize=1)
def has_amx() -> bool:
    """Intel AMX (bf16 tile multiply). Read from /proc/cpuinfo; other systems report False and
    keep the portable int8 path. ASSISTANT_NO_AMX=1 takes the path every other CPU takes (the
    suite and the benchmark run it on AMX machines to measure the ordinary path)."""
    if os.environ.get("ASSISTANT_NO_AMX", "") not in ("", "0"):
        return False
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            for line in f:
                if line.startswith("flags"):
                    return "amx_bf16" in line.split()
    except OSError:
        pass
    return False
