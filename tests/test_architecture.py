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
