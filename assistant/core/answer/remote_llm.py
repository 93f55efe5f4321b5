"""Answers from a server the user runs: any OpenAI-compatible endpoint (llama.cpp's server,
llama-cpp-python's, vLLM, Ollama) in place of the local GGUF, with the same interface as
LocalLLM so ask.answer() builds the same prompt, quotes, citations and checks.

Two ways to ask, as the model needs:
- "chat" (/v1/chat/completions): the instructions and the user part go as two messages and
  the server applies the model's own chat template (instruct models).
- "completions" (/v1/completions): the same plain "... Question: ... Answer:" text LocalLLM
  gives a base model, with the same stop strings.

Only the stdlib's http.client: it ignores proxy variables, so a request goes to the configured
host and nowhere else (the offline test holds this). The response is read on a helper thread
so that Stop works between tokens and while the server is still reading the prompt.
"""
from __future__ import annotations

import http.client
import json
import logging
import queue
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator
from urllib.parse import urlsplit

from assistant.core.answer.llm import Generation, ModelError
from assistant.core.platform import secrets

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10.0
# A big model on a busy server may think a while before its first token; stalls longer than
# this between two events end the answer with an error sentence.
READ_TIMEOUT_S = 300.0
_BASE_STOPS = ["\nQuestion:", "\nQUESTION:", "\nSources", "\n\n\n", "\n[", "<end_of_turn>", "<eos>"]
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


class RemotePrompt(str):
    """The prompt as text (what a base model is given, and what is counted) that also keeps its
    two parts for a chat endpoint."""
    system: str = ""
    user: str = ""

    @classmethod
    def of(cls, text: str, system: str, user: str) -> "RemotePrompt":
        p = cls(text)
        p.system, p.user = system, user
        return p


def base_url(url: str) -> str:
    """http://host:port and http://host:port/v1 both mean the /v1 API."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ModelError(f"the answer server URL {url!r} is not an http:// or https:// address")
    return url if parts.path else url + "/v1"


def describe(url: str, model: str) -> str:
    """What the window says answers come from."""
    return f"{url} ({model})" if model else url


@dataclass
class RemoteLLM:
    url: str
    model: str = ""
    api: str = "chat"  # "chat" | "completions"
    n_ctx: int = 4096
    key: str | None = field(default=None, repr=False)
    note: str = ""
    _ready: bool = field(default=False, repr=False)

    def __post_init__(self):
        self.url = base_url(self.url)
        if self.api not in ("chat", "completions"):
            raise ModelError(f"llm_api must be chat or completions, not {self.api!r}")
        if self.key is None:
            self.key = secrets.api_key(self.url)

    # ---- what the rest of the app reads ---------------------------------------------------
    @property
    def name(self) -> str:
        return self.model or "server default"

    @property
    def where(self) -> str:
        return describe(self.url, self.model)

    @property
    def loaded(self) -> bool:
        return self._ready

    @property
    def device(self) -> str:
        # The status bar reads "Model: NAME (DEVICE)": here, where the answers come from.
        return f"answers from {self.url}"

    @property
    def offload_layers(self) -> int:
        return 0

    @property
    def context_length(self) -> int:
        return self.n_ctx

    @property
    def is_small(self) -> bool:
        # Asked as a base model: its answers need the same caution as the bundled one's.
        return self.api == "completions"

    def count_tokens(self, text: str) -> int:
        """The server's tokenizer is not at hand: an estimate on the safe side (about 3.5
        characters a token for Latin text, a token per CJK character), so the sources picked
        for the prompt do not overflow the server's context."""
        cjk = len(_CJK.findall(text))
        return cjk + (len(text) - cjk) * 2 // 7 + 1

    def format(self, system: str, user: str, completion_tail: str) -> tuple[str, list[str]]:
        text = f"{system}\n\n{user}\n{completion_tail}"
        return RemotePrompt.of(text, system, user), ([] if self.api == "chat" else list(_BASE_STOPS))

    # ---- connection -----------------------------------------------------------------------
    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        parts = urlsplit(self.url)
        if parts.scheme == "https":
            return http.client.HTTPSConnection(parts.hostname, parts.port or 443, timeout=timeout,
                                               context=ssl.create_default_context())
        return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)

    def _headers(self, stream: bool = False) -> dict:
        h = {"Content-Type": "application/json", "Accept": "text/event-stream" if stream else "application/json"}
        if self.key:
            h["Authorization"] = f"Bearer {self.key}"
        return h

    def _path(self, tail: str) -> str:
        return urlsplit(self.url).path.rstrip("/") + tail

    def _fail(self, status: int, body: bytes) -> ModelError:
        try:
            err = json.loads(body.decode("utf-8", "replace"))
            msg = err.get("error", err)
            msg = msg.get("message", msg) if isinstance(msg, dict) else msg
            msg = err.get("detail", msg) if isinstance(err, dict) and "detail" in err else msg
        except (ValueError, AttributeError):
            msg = body.decode("utf-8", "replace")[:200]
        if status in (401, 403):
            return ModelError(f"the answer server at {self.url} refused the API key (HTTP {status})")
        text = " ".join(str(msg).split())[:300] or http.client.responses.get(status, "")
        return ModelError(f"the answer server at {self.url} said: {text} (HTTP {status})")

    def load(self) -> "RemoteLLM":
        """Checks the server answers (and names its model when none is set)."""
        if self._ready:
            return self
        conn = self._connection(CONNECT_TIMEOUT_S)
        try:
            conn.request("GET", self._path("/models"), headers=self._headers())
            resp = conn.getresponse()
            body = resp.read()
        except (OSError, http.client.HTTPException) as exc:
            raise ModelError(f"the answer server at {self.url} cannot be reached "
                             f"({getattr(exc, 'strerror', None) or exc})") from None
        finally:
            conn.close()
        if resp.status != 200:
            raise self._fail(resp.status, body)
        try:
            ids = [m.get("id") for m in json.loads(body).get("data", []) if m.get("id")]
        except (ValueError, AttributeError):
            ids = []
        if not self.model:
            if not ids:
                raise ModelError(f"the answer server at {self.url} lists no model; set the model name")
            self.model = ids[0]
        elif ids and self.model not in ids:
            # llama.cpp's servers answer with their one model whatever the name: note, go on.
            self.note = f"the server does not list {self.model} (it has: {', '.join(ids[:5])})"
            log.warning(self.note)
        self._ready = True
        return self

    def close(self) -> None:
        self._ready = False

    # ---- generation -----------------------------------------------------------------------
    def _body(self, prompt: str, stops: list[str], max_tokens: int, temperature: float) -> dict:
        body = {"model": self.model, "max_tokens": max_tokens, "temperature": temperature,
                "top_p": 0.95, "stream": True}
        if self.api == "chat":
            system = getattr(prompt, "system", "") or ""
            user = getattr(prompt, "user", "") or str(prompt)
            body["messages"] = ([{"role": "system", "content": system}] if system else []) + \
                               [{"role": "user", "content": user}]
        else:
            body["prompt"] = str(prompt)
        if stops:
            body["stop"] = stops[:4] if self.api == "chat" else stops
        return body

    def stream(self, prompt: str, stops: list[str], max_tokens: int = 384, temperature: float = 0.2,
               cancel: Callable[[], bool] | None = None, stats: Generation | None = None) -> Iterator[str]:
        """Yields text pieces as the server streams them; checks `cancel` between pieces and
        every quarter second while waiting, and hangs up on the server when it is set."""
        self.load()
        stats = stats if stats is not None else Generation()
        path = self._path("/chat/completions" if self.api == "chat" else "/completions")
        payload = json.dumps(self._body(prompt, stops, max_tokens, temperature)).encode("utf-8")
        events: queue.Queue = queue.Queue()
        conn = self._connection(READ_TIMEOUT_S)
        reader = threading.Thread(target=_read_events, args=(conn, path, payload, self._headers(True), events),
                                  name="remote-llm", daemon=True)
        t0 = time.perf_counter()
        t_first = None
        reader.start()
        try:
            while True:
                if cancel is not None and cancel():
                    stats.cancelled = True
                    break
                try:
                    kind, value = events.get(timeout=0.25)
                except queue.Empty:
                    continue
                if kind == "end":
                    break
                if kind == "error":
                    raise value if isinstance(value, ModelError) else ModelError(
                        f"the answer server at {self.url} stopped answering ({value})")
                if kind == "status":
                    raise self._fail(*value)
                choice = (value.get("choices") or [{}])[0]
                piece = (choice.get("delta") or {}).get("content") if self.api == "chat" else choice.get("text")
                if choice.get("finish_reason"):
                    stats.stop_reason = choice["finish_reason"]
                if not piece:
                    continue
                stats.tokens += 1
                if t_first is None:
                    t_first = time.perf_counter()
                    stats.first_token_ms = (t_first - t0) * 1000
                stats.text += piece
                yield piece
        finally:
            _hang_up(conn)
            if t_first is not None and stats.tokens > 1:
                stats.tokens_per_s = (stats.tokens - 1) / max(time.perf_counter() - t_first, 1e-6)


def _read_events(conn, path: str, payload: bytes, headers: dict, out: queue.Queue) -> None:
    """POSTs the request and puts ("event", dict) for each server-sent event, then ("end", None);
    ("status", (code, body)) for an HTTP error; ("error", exc) when the connection fails."""
    try:
        conn.request("POST", path, body=payload, headers=headers)
        resp = conn.getresponse()
        if resp.status != 200:
            out.put(("status", (resp.status, resp.read())))
            return
        for raw in resp:
            line = raw.decode("utf-8", "replace").strip()
            if not line.startswith("data:"):
                continue  # comments (": ping"), event names, the blank line between events
            data = line[5:].strip()
            if data == "[DONE]":
                break
            try:
                event = json.loads(data)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("error"):
                err = event["error"]
                out.put(("error", ModelError("the answer server reported: " + str(
                    err.get("message", err) if isinstance(err, dict) else err))))
                return
            out.put(("event", event))
        out.put(("end", None))
    except Exception as exc:  # noqa: BLE001 - after a hang-up http.client fails in odd ways
        out.put(("error", exc))


def _hang_up(conn) -> None:
    """Close the connection, waking the reader thread if it is blocked in a read: the server
    sees the client gone and stops generating."""
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    try:
        conn.close()
    except Exception:  # noqa: BLE001
        pass
