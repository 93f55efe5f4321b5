#!/usr/bin/env bash
# macOS .app and DMG, from the repository root (on the architecture you ship: arm64 or x86_64):
#
#   packaging/macos/build.sh
#
# Needs Python 3.11 (python.org or Homebrew) and the Xcode command line tools (llama-cpp-python
# compiles llama.cpp, with Metal on Apple silicon). Leaves dist/Assistant.app and
# dist/Assistant-VERSION-macos-ARCH.dmg. Optional, for a build other Macs open without a
# warning: CODESIGN_IDENTITY="Developer ID Application: NAME (TEAMID)" signs the app with the
# hardened runtime; NOTARY_PROFILE=NAME (made once with `xcrun notarytool store-credentials`)
# notarizes the DMG and staples the ticket.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-.venv/bin/python}
if [ ! -x "$PYTHON" ]; then
    python3 -m venv .venv
    PYTHON=.venv/bin/python
    "$PYTHON" -m pip install torch==2.13.0
    "$PYTHON" -m pip install -e '.[packaging]'
fi
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/assistant.spec

APP=dist/Assistant.app
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    # Inside out: every library and executable, then the bundle itself.
    find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 |
        xargs -0 codesign --force --timestamp --options runtime \
            --entitlements packaging/macos/entitlements.plist --sign "$CODESIGN_IDENTITY"
    codesign --force --timestamp --options runtime --entitlements packaging/macos/entitlements.plist \
        --sign "$CODESIGN_IDENTITY" "$APP"
    codesign --verify --strict --verbose=2 "$APP"
fi

VERSION=$("$PYTHON" -c 'import assistant; print(assistant.__version__)')
DMG=dist/Assistant-$VERSION-macos-$(uname -m).dmg
STAGE=build/dmg
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"  # drag the app onto it
hdiutil create -volname "Assistant" -srcfolder "$STAGE" -ov -format UDZO "$DMG"

if [ -n "${NOTARY_PROFILE:-}" ]; then
    [ -n "${CODESIGN_IDENTITY:-}" ] || { echo "notarization needs a signed app (CODESIGN_IDENTITY)" >&2; exit 1; }
    codesign --force --timestamp --sign "$CODESIGN_IDENTITY" "$DMG"
    xcrun notarytool submit "$DMG" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
fi
echo "app: $APP ($(du -sh "$APP" | cut -f1)); disk image: $DMG ($(du -sh "$DMG" | cut -f1))"
