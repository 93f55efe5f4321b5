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
