"""moto's S3 server for the object-storage benchmark, with one change: a ranged GET reads only
its range. moto (5.x) reads and copies the whole object for every GET and slices afterwards, so
each of Lance's small range reads of a 300 MB data file cost a 300 MB read: that measures moto,
not S3. Everything else (routing, signing, XML, HTTP) is moto's own.

    python -m benchmarks.moto_ranged -H 127.0.0.1 -p PORT
"""
import re
import sys
import threading

from moto.s3 import models, responses

_state = threading.local()
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class _Ranged:
    """Stands in for a key's bytes: len() and one slice, read from the key's buffer."""

    def __init__(self, key):
        self.key = key

    def __len__(self):
        return self.key.size

    def __getitem__(self, s):
        start, stop, _ = s.indices(self.key.size)
        with self.key.lock:
            self.key._value_buffer.seek(start)
            return self.key._value_buffer.read(max(0, stop - start))


_value = models.FakeKey.value


def _value_get(self):
    return _Ranged(self) if getattr(_state, "ranged", False) else _value.fget(self)


models.FakeKey.value = property(_value_get, _value.fset)
_key_response = responses.S3Response.key_response


# MOTO_COUNT_FILE: requests and response bytes served so far, for the benchmark to read.
_COUNT_FILE = __import__("os").environ.get("MOTO_COUNT_FILE")
_counts = {"requests": 0, "bytes": 0}
_count_lock = threading.Lock()


def key_response(self, request, full_url, headers):
    _state.ranged = request.method == "GET" and bool(_RANGE.match(request.headers.get("range") or ""))
    try:
        out = _key_response(self, request, full_url, headers)
    finally:
        _state.ranged = False
    if _COUNT_FILE:
        with _count_lock:
            _counts["requests"] += 1
            body = out[2] if isinstance(out, tuple) and len(out) == 3 else b""
            _counts["bytes"] += len(body) if isinstance(body, (bytes, str)) else 0
            with open(_COUNT_FILE, "w") as f:
                f.write(f"{_counts['requests']} {_counts['bytes']}")
    return out


responses.S3Response.key_response = key_response

if __name__ == "__main__":
    from moto.server import main

    sys.exit(main(sys.argv[1:]))
