"""One app per data dir: a second launch asks the first to come to the front and exits, so
two processes never write the same library."""
from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(data_dir) -> str:
    return "assistant-" + hashlib.sha1(str(data_dir).encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    activated = Signal()

    def __init__(self, data_dir, parent=None):
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server: QLocalServer | None = None

    def notify_running(self, timeout_ms: int = 500) -> bool:
        """True when another instance answered (and was told to show itself)."""
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(timeout_ms):
            return False
        sock.write(b"activate\n")
        sock.flush()
        sock.waitForBytesWritten(timeout_ms)
        sock.disconnectFromServer()
        return True

    def listen(self) -> bool:
        self.server = QLocalServer(self)
        if not self.server.listen(self.name):
            # A stale socket file from a crashed run: nobody answered above, so remove it.
            QLocalServer.removeServer(self.name)
            if not self.server.listen(self.name):
                return False
        self.server.newConnection.connect(self._on_connection)
        return True

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            # A bound slot (not a lambda holding the socket) so Qt owns the socket's lifetime.
            sock.readyRead.connect(self._on_ready_read)

    def _on_ready_read(self) -> None:
        sock = self.sender()
        if not isinstance(sock, QLocalSocket):
            return
        data = bytes(sock.readAll())
        sock.disconnectFromServer()
        sock.deleteLater()
        if data.strip().startswith(b"activate"):
            self.activated.emit()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
