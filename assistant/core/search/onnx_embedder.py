"""The embedder on ONNX Runtime with int8 weights: about twice the throughput of PyTorch fp32 on
a CPU, and no torch import at query time (faster start-up).

The ONNX file is exported locally from the bundled sentence-transformers folder on first use
(torch is needed once, for the export) and cached beside the data. BERT-style graphs are first
fused by ONNX Runtime's transformer optimizer (one Attention node per layer, SkipLayerNorm,
BiasGelu); the fused Attention and the MatMul weights are then quantized per output channel.
Measured on 1,500 corpus passages (2 cores): 1.7x the throughput of the unfused int8 graph, and
the same agreement with fp32 sentence-transformers (mean cosine 0.993, worst 0.969). Quantizing
everything (embeddings included) moved vectors to a mean cosine of 0.91, so that is not done.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from functools import cached_property
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.core.platform import hardware

log = logging.getLogger(__name__)
EXPORT_VERSION = 2
# Passages are embedded from their first PASSAGE_TOKENS tokens (heading included): the length
# all-MiniLM-L6-v2 was trained on; the rest of a chunk is still found by keyword search and
# quoted from. Measured on the eval corpus (benchmarks/README.md): embedding 1.56x faster per
# passage on a 2-core AMD EPYC, English hybrid hit@5 0.800 -> 0.767 (one question of 30) and
# dense hit@1 0.400 -> 0.433, quotes unchanged. ASSISTANT_PASSAGE_TOKENS=0 embeds the whole window.
PASSAGE_TOKENS = int(os.environ.get("ASSISTANT_PASSAGE_TOKENS", "128"))


def _export(model_dir: Path, out: Path, fp32_out: Path | None = None) -> None:
    """model_dir (sentence-transformers / BERT) -> out (int8 ONNX), and the unquantized graph to
    fp32_out when given (OpenVINO's input). Writes atomically."""
    import torch
    from transformers import AutoModel

    class _Encoder(torch.nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".export-{os.getpid()}"
    tmp.mkdir(exist_ok=True)
    try:
        # Eager attention exports as plain MatMul/Softmax, the pattern the fuser recognises
        # (the default SDPA export is not fused).
        model = AutoModel.from_pretrained(str(model_dir), local_files_only=True,
                                          attn_implementation="eager").eval()
        ids = torch.ones(2, 16, dtype=torch.long)
        axes = {0: "batch", 1: "seq"}
        torch.onnx.export(_Encoder(model), (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                          str(tmp / "fp32.onnx"), input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["hidden"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                        "hidden": axes})
        cfg = model.config
        fused = _fuse(tmp / "fp32.onnx", tmp / "fused.onnx", cfg) if cfg.model_type == "bert" else None
        _quantize(fused or tmp / "fp32.onnx", tmp / "int8.onnx", fused=fused is not None)
        if fp32_out is not None:
            os.replace(tmp / "fp32.onnx", fp32_out)
        os.replace(tmp / "int8.onnx", out)
    finally:
        for p in tmp.glob("*"):
            p.unlink()
        tmp.rmdir()


def _fuse(src: Path, dst: Path, cfg) -> Path | None:
    """ONNX Runtime's BERT fusions; None when they did not take (then the plain graph is used)."""
    try:
        from onnxruntime.transformers.optimizer import optimize_model

        opt = optimize_model(str(src), model_type="bert", num_heads=cfg.num_attention_heads,
                             hidden_size=cfg.hidden_size, opt_level=1)
        if not opt.get_fused_operator_statistics().get("Attention"):
            return None
        opt.save_model_to_file(str(dst))
        return dst
    except Exception as exc:  # an architecture the fuser does not know: unfused still works
        log.info("transformer fusion skipped: %s", exc)
        return None


def _quantize(src: Path, dst: Path, fused: bool) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    if fused:
        # Fused nodes are in the com.microsoft domain, which shape inference cannot type:
        # every tensor here is float. (The quantizer's advice to pre-process goes to the root
        # logger; pre-processing cannot type fused nodes either, so it is not the user's business.)
        logging.disable(logging.WARNING)
        try:
            quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                             op_types_to_quantize=["MatMul", "Attention"], extra_options={"DefaultTensorType": 1})
        finally:
            logging.disable(logging.NOTSET)
        return
    from onnxruntime.quantization.shape_inference import quant_pre_process

    pre = src.with_name("pre.onnx")
    quant_pre_process(str(src), str(pre), skip_symbolic_shape=True)
    quantize_dynamic(str(pre), str(dst), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"])


def prebuilt_dir() -> Path | None:
    """Graphs exported at build time and shipped inside an installed app (packaging/), so the
    app never needs torch: ASSISTANT_PREBUILT_EMBEDDERS, else `embedders/` in a PyInstaller
    bundle."""
    if os.environ.get("ASSISTANT_PREBUILT_EMBEDDERS"):
        return Path(os.environ["ASSISTANT_PREBUILT_EMBEDDERS"])
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / "embedders" if bundle else None


def openvino_bf16_usable() -> bool:
    """OpenVINO installed and a CPU with AMX (bf16 matrix units), where it was measured faster;
    elsewhere ONNX Runtime int8 is the faster path."""
    import importlib.util

    return hardware.has_amx() and importlib.util.find_spec("openvino") is not None


class OnnxEmbedder:
    """Same interface as embedding.Embedder."""

    multilingual = False

    def __init__(self, name: str, model_dir: Path, cache_dir: Path, passages: str = "auto"):
        self.name = name
        self.model_dir = Path(model_dir)
        self.path = Path(cache_dir) / f"{Path(name).name}-int8-v{EXPORT_VERSION}.onnx"
        self.fp32_path = Path(cache_dir) / f"{Path(name).name}-fp32-v{EXPORT_VERSION}.onnx"
        # Passages (indexing) may run on OpenVINO in bf16 where the CPU has AMX; queries always
        # run on ONNX Runtime int8, which starts fast. Both approximate the same fp32 model.
        self.passage_backend = "openvino-bf16" if passages == "auto" and openvino_bf16_usable() else "onnx-int8"
        pre = prebuilt_dir()
        if pre is not None and (pre / self.path.name).exists():
            self.path = pre / self.path.name
            if (pre / self.fp32_path.name).exists():
                self.fp32_path = pre / self.fp32_path.name
            elif self.passage_backend == "openvino-bf16":
                self.passage_backend = "onnx-int8"  # without the fp32 graph, which needs torch to make

    @property
    def id(self) -> str:
        """The passage vectors' maker: a library moved to a machine that makes them differently
        is re-embedded there."""
        cut = f"+t{PASSAGE_TOKENS}" if PASSAGE_TOKENS and PASSAGE_TOKENS < self.max_tokens else ""
        return f"{Path(self.name).name}+{self.passage_backend}{cut}"

    @cached_property
    def counter(self):
        from assistant.core.search.embedding import TokenizerCounter

        return TokenizerCounter(self.model_dir)

    @cached_property
    def dim(self) -> int:
        cfg = json.loads((self.model_dir / "1_Pooling" / "config.json").read_text())
        return int(cfg["word_embedding_dimension"])

    @cached_property
    def max_tokens(self) -> int:
        try:
            return int(json.loads((self.model_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
        except (OSError, KeyError, ValueError):
            return 256

    @cached_property
    def _tokenizer(self):
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tok.enable_truncation(self.max_tokens)
        tok.no_padding()
        return tok

    @cached_property
    def _passage_tokenizer(self):
        if not PASSAGE_TOKENS or PASSAGE_TOKENS >= self.max_tokens:
            return self._tokenizer
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tok.enable_truncation(PASSAGE_TOKENS)  # [CLS] ... [SEP] within the limit
        tok.no_padding()
        return tok

    @cached_property
    def session(self):
        import onnxruntime as ort

        if not self.path.exists():
            import warnings

            log.info("exporting the embedder to ONNX int8 (once): %s", self.path)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # exporter chatter, not the user's business
                try:
                    _export(self.model_dir, self.path,
                            self.fp32_path if self.passage_backend == "openvino-bf16" else None)
                except ImportError as exc:
                    raise RuntimeError(f"the embedder {self.name} must be converted to ONNX once, which "
                                       "needs PyTorch; this installed app ships only the bundled "
                                       "embedder's converted model") from exc
            for old in self.path.parent.glob(f"{Path(self.name).name}-*-v*.onnx"):
                if old not in (self.path, self.fp32_path):  # an earlier export format: never read again
                    old.unlink(missing_ok=True)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = hardware.physical_cores()
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        return ort.InferenceSession(str(self.path), opts, providers=["CPUExecutionProvider"])

    @cached_property
    def _openvino(self):
        """OpenVINO in bf16 (AMX), one stream per core: 1.4x ONNX Runtime int8 on the corpus
        passages with one stream, and closer to fp32 (mean cosine 0.9999 vs 0.993). Streams of
        one thread each run different batches at once; measured 1.2x one stream of all threads,
        which waits on its slowest thread at every layer (and a parser process shares the cores)."""
        import openvino as ov

        if not self.fp32_path.exists():
            self.__dict__.pop("session", None)
            self.path.unlink(missing_ok=True)  # re-export, this time keeping the fp32 graph
            self.session  # noqa: B018
        core = ov.Core()
        cores = hardware.physical_cores()
        return core.compile_model(core.read_model(str(self.fp32_path)), "CPU",
                                  {"INFERENCE_PRECISION_HINT": "bf16", "PERFORMANCE_HINT": "THROUGHPUT",
                                   "NUM_STREAMS": cores, "INFERENCE_NUM_THREADS": cores})

    @property
    def model(self):
        return self.session

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Indexing: the passage backend (see __init__)."""
        if self.passage_backend != "openvino-bf16":
            return self.embed_rows(texts)
        # One request per stream, started round-robin: batches come sorted by length, so
        # neighbours cost about the same and waiting on the oldest wastes little. Plain requests
        # rather than AsyncInferQueue: its Python callbacks run on OpenVINO's threads, and the
        # queue's destructor has aborted the process at exit (seen here, once in a few runs).
        requests = self._requests
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        running: list = [None] * len(requests)

        def collect(slot):
            idx, mask = running[slot]
            requests[slot].wait()
            n = len(idx)
            out[idx] = _mean_pool(requests[slot].get_output_tensor(0).data[:n], mask[:n])
            running[slot] = None

        try:
            for k, (idx, feeds) in enumerate(self._batches(texts, 32, few_shapes=True,
                                                           tokenizer=self._passage_tokenizer)):
                slot = k % len(requests)
                if running[slot] is not None:
                    collect(slot)
                requests[slot].start_async(feeds)
                running[slot] = (idx, feeds["attention_mask"])
            for slot in range(len(requests)):
                if running[slot] is not None:
                    collect(slot)
        finally:
            for slot, req in enumerate(requests):  # an interrupt: never leave one running
                if running[slot] is not None:
                    req.wait()
        return out

    @cached_property
    def _requests(self) -> list:
        compiled = self._openvino
        n = int(compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS"))
        return [compiled.create_infer_request() for _ in range(max(n, 1))]

    def embed_rows(self, texts: Sequence[str]) -> np.ndarray:
        """Each passage on its own, with no padding: ONNX Runtime's dynamic int8 quantization
        picks one activation scale per call, so in a batch a passage's vector depended on its
        neighbours and on the padding (cosine down to 0.988 between two runs of the same file).
        Alone, a passage always gets the same vector, and the same one a query of the same text
        gets. Rows run on one single-threaded session per core, in threads (ONNX Runtime
        releases the GIL): small per-row matrices do not parallelise well inside one call.
        Measured on a 2-core AMD EPYC (AVX2): see benchmarks/README.md."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not len(texts):
            return out
        enc = self._passage_tokenizer.encode_batch(list(texts))
        sessions = self._row_sessions
        n_workers = min(len(sessions), len(enc))

        def run(worker: int) -> None:
            sess = sessions[worker]
            for i in range(worker, len(enc), n_workers):
                ids = np.asarray([enc[i].ids], dtype=np.int64)
                mask = np.ones_like(ids)
                hidden = sess.run(None, {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
                out[i] = _mean_pool(hidden, mask)[0]

        if n_workers == 1:
            run(0)
            return out
        import threading

        workers = [threading.Thread(target=run, args=(w,), daemon=True) for w in range(n_workers)]
        for t in workers:
            t.start()
        for t in workers:
            t.join()
        return out

    @cached_property
    def _row_sessions(self) -> list:
        import onnxruntime as ort

        self.session  # noqa: B018 - exports the model on first use
        sessions = []
        for _ in range(max(1, hardware.physical_cores())):
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = 1
            opts.inter_op_num_threads = 1
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            opts.log_severity_level = 3
            sessions.append(ort.InferenceSession(str(self.path), opts, providers=["CPUExecutionProvider"]))
        return sessions

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for idx, feeds in self._batches(texts, batch_size):
            out[idx] = _mean_pool(self.session.run(None, feeds)[0], feeds["attention_mask"])
        return out

    def _batches(self, texts: Sequence[str], batch_size: int, few_shapes: bool = False, tokenizer=None):
        """(row indices, model inputs) for batches of texts of similar length: padding is
        wasted work. few_shapes rounds the width up to a multiple of 8 and the rows of a short
        batch up to a power of two: OpenVINO prepares its kernels for every new input shape
        (measured ~90 ms each), and exact shapes gave 200 of them on the eval corpus, 37 so
        (for 3% more padded tokens). The extra rows are dropped again by the caller."""
        if not texts:
            return
        enc = (tokenizer or self._tokenizer).encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in enc], kind="stable")
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            width = max(len(enc[j].ids) for j in idx)
            rows = len(idx)
            if few_shapes:
                width = min(-(-width // 8) * 8, max(self.max_tokens, width))
                rows = 1 << (rows - 1).bit_length()
            ids = np.zeros((rows, width), dtype=np.int64)
            mask = np.zeros_like(ids)
            mask[len(idx):, 0] = 1  # filler rows: one token, so no row is all padding
            for r, j in enumerate(idx):
                n = len(enc[j].ids)
                ids[r, :n] = enc[j].ids
                mask[r, :n] = 1
            yield idx, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean over real tokens, then unit length: what the sentence-transformers pipeline of
    all-MiniLM-L6-v2 does (1_Pooling + Normalize)."""
    summed = (hidden * mask[..., None]).sum(axis=1)
    vecs = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
    return vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
