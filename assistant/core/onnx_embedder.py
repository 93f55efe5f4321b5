"""The embedder on ONNX Runtime with int8 weights: about twice the throughput of PyTorch fp32 on
a CPU, and no torch import at query time (faster start-up).

The ONNX file is exported locally from the bundled sentence-transformers folder on first use
(torch is needed once, for the export) and cached beside the data. Only the MatMul weights are
quantized, per output channel: quantizing everything (embeddings, attention) moved vectors to a
mean cosine of 0.91 against fp32; this keeps them at 0.99.
"""
from __future__ import annotations

import json
import logging
import os
from functools import cached_property
from pathlib import Path
from typing import Sequence

import numpy as np

from assistant.core import hardware

log = logging.getLogger(__name__)
EXPORT_VERSION = 1


def _export(model_dir: Path, out: Path) -> None:
    """model_dir (sentence-transformers / BERT) -> out (int8 ONNX). Writes atomically."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process
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
        model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
        ids = torch.ones(2, 16, dtype=torch.long)
        axes = {0: "batch", 1: "seq"}
        torch.onnx.export(_Encoder(model), (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                          str(tmp / "fp32.onnx"), input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["hidden"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                        "hidden": axes})
        quant_pre_process(str(tmp / "fp32.onnx"), str(tmp / "pre.onnx"), skip_symbolic_shape=True)
        quantize_dynamic(str(tmp / "pre.onnx"), str(tmp / "int8.onnx"), weight_type=QuantType.QInt8,
                         per_channel=True, op_types_to_quantize=["MatMul"])
        os.replace(tmp / "int8.onnx", out)
    finally:
        for p in tmp.glob("*"):
            p.unlink()
        tmp.rmdir()


class OnnxEmbedder:
    """Same interface as embedding.Embedder."""

    multilingual = False

    def __init__(self, name: str, model_dir: Path, cache_dir: Path):
        self.name = name
        self.model_dir = Path(model_dir)
        self.path = Path(cache_dir) / f"{Path(name).name}-int8-v{EXPORT_VERSION}.onnx"

    @property
    def id(self) -> str:
        return f"{Path(self.name).name}+onnx-int8"

    @cached_property
    def counter(self):
        from assistant.core.embedding import TokenizerCounter

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
    def session(self):
        import onnxruntime as ort

        if not self.path.exists():
            import warnings

            log.info("exporting the embedder to ONNX int8 (once): %s", self.path)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # exporter chatter, not the user's business
                _export(self.model_dir, self.path)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = hardware.physical_cores()
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        return ort.InferenceSession(str(self.path), opts, providers=["CPUExecutionProvider"])

    @property
    def model(self):
        return self.session

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        enc = self._tokenizer.encode_batch(list(texts))
        # Batch texts of similar length together: padding is wasted work.
        order = np.argsort([len(e.ids) for e in enc], kind="stable")
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            width = max(len(enc[j].ids) for j in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, j in enumerate(idx):
                n = len(enc[j].ids)
                ids[r, :n] = enc[j].ids
                mask[r, :n] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            # Mean pooling over real tokens, then unit length: what the sentence-transformers
            # pipeline of all-MiniLM-L6-v2 does (1_Pooling + Normalize).
            summed = (hidden * mask[..., None]).sum(axis=1)
            vecs = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[idx] = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
