#!/bin/sh
# Installs this unpacked bundle for the current user (no root): the app in
# ~/.local/opt/assistant, `assistant` on the PATH in ~/.local/bin, and a menu entry with its icon.
# Your library, settings and chats live in ~/.local/share/assistant and are never touched here:
# installing a newer version over this one keeps them. `./install.sh --uninstall` removes the app.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
DEST=$HOME/.local/opt/assistant
BIN=$HOME/.local/bin

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$DEST" "$BIN/assistant" "$DATA/applications/assistant.desktop" \
        "$DATA/icons/hicolor/256x256/apps/assistant.png"
    echo "removed the app; your library is still in $DATA/assistant"
    exit 0
fi

if [ "$HERE" != "$DEST" ]; then
    mkdir -p "$DEST.new"
    cp -a "$HERE/." "$DEST.new/"
    rm -rf "$DEST.old"
    if [ -d "$DEST" ]; then mv "$DEST" "$DEST.old"; fi
    mv "$DEST.new" "$DEST"
    rm -rf "$DEST.old"
fi
mkdir -p "$BIN" "$DATA/applications" "$DATA/icons/hicolor/256x256/apps"
ln -sf "$DEST/assistant" "$BIN/assistant"
cp "$DEST/assistant.png" "$DATA/icons/hicolor/256x256/apps/assistant.png"
sed "s|^Exec=assistant|Exec=\"$DEST/assistant\"|" "$DEST/assistant.desktop" > "$DATA/applications/assistant.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$DATA/applications" || true
echo "installed in $DEST; start it from the menu (Assistant) or run: $BIN/assistant"
