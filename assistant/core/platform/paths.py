"""Where the library, models and settings live."""
import os
from pathlib import Path

APP_NAME = "assistant"


def _user_dir(override, env: str, kind: str) -> Path:
    """override, else $env, else the platform's per-user folder of that kind; created."""
    if override:
        path = Path(override)
    elif os.environ.get(env):
        path = Path(os.environ[env])
    else:
        import platformdirs

        folder = platformdirs.user_data_dir if kind == "data" else platformdirs.user_cache_dir
        path = Path(folder(APP_NAME, appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """--data-dir, else ASSISTANT_DATA_DIR, else the platform's per-user data folder."""
    return _user_dir(override, "ASSISTANT_DATA_DIR", "data")


def cache_dir() -> Path:
    """Rebuildable files shared by every library of this user (the embedder exported to ONNX):
    ASSISTANT_CACHE_DIR, else the platform's per-user cache folder. A second library, or a
    fresh --data-dir, does not export the embedder again."""
    return _user_dir(None, "ASSISTANT_CACHE_DIR", "cache")


def index_dir(root: Path) -> Path:
    return root / "index"


def models_dir(root: Path) -> Path:
    d = root / "models"
    d.mkdir(parents=True, exist_ok=True)
    return d


def local_path(path: str, mapping: dict) -> str:
    """`path` as another computer recorded it, where it is on this one: the longest folder of
    `mapping` that holds it is replaced by its counterpart here. Folders match whole names only
    (/mnt/docs does not hold /mnt/docs2), and a Windows path (C:\\Users\\x\\docs) maps to a
    POSIX one and back, its separators turned for the rest of the path."""
    best = None
    for there, here in mapping.items():
        if not isinstance(there, str) or not isinstance(here, str) or not there.strip() or not here.strip():
            continue
        there_n = there.strip().rstrip("/\\")
        windows = "\\" in there_n or (len(there_n) >= 2 and there_n[1] == ":")
        cmp_path, cmp_there = (path.lower(), there_n.lower()) if windows else (path, there_n)
        if cmp_path == cmp_there or cmp_path.startswith((cmp_there + "/", cmp_there + "\\")):
            if best is None or len(there_n) > len(best[0]):
                best = (there_n, here.strip().rstrip("/\\") or here.strip())
    if best is None:
        return path
    there, here = best
    rest = path[len(there):]
    sep = "\\" if "\\" in here or (len(here) >= 2 and here[1] == ":") else "/"
    rest = rest.replace("\\" if sep == "/" else "/", sep)
    return here + rest
