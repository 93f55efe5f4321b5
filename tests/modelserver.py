"""An HTTP server on loopback that serves one model file the way a model hub does: Range
requests (206, 416 past the end), redirects, and, for the tests that need them, a server that
ignores Range, drops the connection mid-file, or sends slowly so a Cancel can land."""
import http.server
import threading
import time
from contextlib import contextmanager


class Handler(http.server.BaseHTTPRequestHandler):
    blob = b""
    drop_after: int | None = None  # close the connection after this many bytes of the body
    drops = None  # drop only the first N responses (None: every one)
    stall_s = 0.0  # after drop_after bytes, go silent this long instead of closing
    linked: tuple | None = None  # (size, sha256) sent as X-Linked-Size / X-Linked-ETag, like the hub
    commit: str | None = None  # sent as X-Repo-Commit
    paths: list | None = None  # GET paths seen, when a test wants them
    served = 0  # GET responses so far
    honour_range = True
    slow = False  # 1 MB pieces with pauses

    def log_message(self, *args):  # quiet
        pass

    def do_HEAD(self):  # noqa: N802
        # The hub answers a resolve URL with a redirect carrying the LFS file's size and sha256.
        self.send_response(302 if self.linked else 200)
        if self.commit:
            self.send_header("X-Repo-Commit", self.commit)
        if self.linked:
            self.send_header("X-Linked-Size", str(self.linked[0]))
            self.send_header("X-Linked-ETag", f'"{self.linked[1]}"')
            self.send_header("Location", "/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: N802
        type(self).served += 1
        if self.paths is not None:
            self.paths.append(self.path)
        if self.path.startswith("/redirect/"):
            self.send_response(302)
            self.send_header("Location", self.path[len("/redirect"):])
            self.end_headers()
            return
        blob, start = self.blob, 0
        rng = self.headers.get("Range")
        if rng and self.honour_range:
            start = int(rng.split("=")[1].split("-")[0])
            if start >= len(blob):
                self.send_response(416)
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(blob) - 1}/{len(blob)}")
        else:
            self.send_response(200)
        body = blob[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            dropping = self.drop_after is not None and (self.drops is None or self.served <= self.drops)
            if dropping:
                self.wfile.write(body[:self.drop_after])
                self.wfile.flush()
                if self.stall_s:
                    time.sleep(self.stall_s)
                self.connection.shutdown(2)
            elif self.slow:
                for i in range(0, len(body), 1 << 20):
                    self.wfile.write(body[i:i + (1 << 20)])
                    self.wfile.flush()
                    time.sleep(0.3)
            else:
                self.wfile.write(body)
        except OSError:
            pass  # the client went away (a Cancel)


@contextmanager
def serving():
    """(handler class to configure, base URL)."""
    handler = type("H", (Handler,), {})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield handler, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
