"""Where the library, models and settings live."""
import os
from pathlib import Path

APP_NAME = "assistant"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """--data-dir, else ASSISTANT_DATA_DIR, else the platform's per-user data folder."""
    if override:
        path = Path(override)
    elif os.environ.get("ASSISTANT_DATA_DIR"):
        path = Path(os.environ["ASSISTANT_DATA_DIR"])
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Rebuildable files shared by every library of this user (the embedder exported to ONNX):
    ASSISTANT_CACHE_DIR, else the platform's per-user cache folder. A second library, or a
    fresh --data-dir, does not export the embedder again."""
    if os.environ.get("ASSISTANT_CACHE_DIR"):
        path = Path(os.environ["ASSISTANT_CACHE_DIR"])
    else:
        import platformdirs

        path = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    path = path.expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def index_dir(root: Path) -> Path:
    return root / "index"


def models_dir(root: Path) -> Path:
    d = root / "models"
    d.mkdir(parents=True, exist_ok=True)
    return d
