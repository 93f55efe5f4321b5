#!/usr/bin/env bash
# Linux one-folder bundle and its tarball, from the repository root:
#
#   packaging/linux/build.sh
#
# uses $PYTHON (default: .venv/bin/python, made and filled with the packaging extra when it is
# missing), leaves dist/assistant/ (run dist/assistant/assistant) and
# dist/assistant-VERSION-linux-ARCH.tar.gz (unpack it, run ./install.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-.venv/bin/python}
if [ ! -x "$PYTHON" ]; then
    echo "making .venv (torch CPU build for the export step, then the app and PyInstaller)" >&2
    python3 -m venv .venv
    PYTHON=.venv/bin/python
    # The CPU build of torch: the export needs no GPU, and PyPI's default Linux wheel pulls CUDA.
    "$PYTHON" -m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
        || "$PYTHON" -m pip install torch==2.13.0
    "$PYTHON" -m pip install -e '.[packaging]'
fi

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/assistant.spec

APP=dist/assistant
cp packaging/linux/install.sh packaging/linux/assistant.desktop "$APP/"
cp assistant/resources/icons/assistant-256.png "$APP/assistant.png"

VERSION=$("$PYTHON" -c 'import assistant; print(assistant.__version__)')
TARBALL=dist/assistant-$VERSION-linux-$(uname -m).tar.gz
tar -C dist -czf "$TARBALL" assistant
echo "bundle: $APP ($(du -sh "$APP" | cut -f1)); tarball: $TARBALL ($(du -sh "$TARBALL" | cut -f1))"
