"""Loaded by every Python process of the offline test (via PYTHONPATH): any socket connection
or name lookup that is not to this machine fails and is written to $NET_GUARD_LOG."""
import os
import socket

_LOG = os.environ.get("NET_GUARD_LOG")
_LOCAL = {"127.0.0.1", "::1", "localhost", "0.0.0.0", ""}


def _record(what):
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {what}\n")


# NET_GUARD_ALLOW=host:port (the answer server a test configured): then only that one address
# may be reached, loopback or not, and each connection to it is logged as "allowed ...", so the
# test can see the answer did come from there.
_ALLOW = os.environ.get("NET_GUARD_ALLOW")


def _is_local(address):
    if not isinstance(address, tuple):
        return True  # AF_UNIX paths
    if _ALLOW:
        if f"{address[0]}:{address[1]}" == _ALLOW:
            _record(f"allowed {address[0]}:{address[1]}")
            return True
        return False
    return str(address[0]) in _LOCAL or str(address[0]).startswith("127.")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def connect(self, address):
    if not _is_local(address):
        _record(f"connect {address!r}")
        raise OSError("network access blocked by the offline test")
    return _connect(self, address)


def connect_ex(self, address):
    if not _is_local(address):
        _record(f"connect_ex {address!r}")
        return 101
    return _connect_ex(self, address)


def getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL and not str(host).startswith("127."):
        _record(f"getaddrinfo {host!r}")
        raise socket.gaierror("name lookup blocked by the offline test")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = getaddrinfo
