"""The core stays Qt-free: no module under assistant/core imports PySide6, and importing the
whole core (and running the CLI) never loads Qt."""
import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "assistant" / "core"


def test_no_core_module_imports_qt():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6") for n in names):
                offenders.append(str(path))
    assert offenders == []


def test_importing_the_core_loads_no_qt_and_no_torch():
    code = ("import sys, pkgutil, importlib, assistant.core as c\n"
            "for m in pkgutil.walk_packages(c.__path__, 'assistant.core.'):\n"
            "    importlib.import_module(m.name)\n"
            "import assistant.cli\n"
            "print(any(k.startswith('PySide6') for k in sys.modules), 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# The core's rooms read as the pipeline; each may import only from rooms below it, so there is
# no import cycle between them and a new module has an obvious home.
LAYERS = {"platform": 0, "text": 0, "models": 1, "search": 1, "ingest": 2, "answer": 2, "services": 3}


def test_core_rooms_import_only_downwards():
    top = sorted(p.name for p in CORE.iterdir() if p.name not in ("__pycache__",))
    assert top == ["__init__.py", "answer", "ingest", "models", "platform", "search", "services.py", "text"]
    wrong = []
    for path in CORE.rglob("*.py"):
        parts = path.relative_to(CORE).parts
        room = parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")
        if room == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = ([node.module] if isinstance(node, ast.ImportFrom) and node.module
                    else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for mod in mods:
                if mod.startswith("assistant.core."):
                    other = mod.split(".")[2]
                    if other != room and LAYERS[other] >= LAYERS[room]:
                        wrong.append(f"{path.relative_to(CORE)} imports {mod}")
    assert wrong == []
