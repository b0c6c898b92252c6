#!/usr/bin/env bash
# Serve Backprop Lab to a class on the local network: REPLICAS Streamlit processes
# behind nginx (gzip, sticky sessions). Stop with Ctrl-C.
#
#   bash deploy/serve_class.sh                  # http://<this machine's LAN address>:8080
#   REPLICAS=2 LISTEN=127.0.0.1:8080 bash deploy/serve_class.sh
set -euo pipefail
cd "$(dirname "$0")/.."

REPLICAS=${REPLICAS:-$(nproc)}   # one Python process per core: a process uses one core
LISTEN=${LISTEN:-0.0.0.0:8080}
FIRST_PORT=${FIRST_PORT:-8501}
RUN_DIR=${RUN_DIR:-$(mktemp -d /tmp/backprop-lab.XXXXXX)}
mkdir -p "$RUN_DIR"
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 1; }

pids=()
cleanup() {
  [ -f "$RUN_DIR/nginx.pid" ] && kill "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

upstreams=""
for ((i = 0; i < REPLICAS; i++)); do
  port=$((FIRST_PORT + i))
  python -m streamlit run app.py --server.address 127.0.0.1 --server.port "$port" \
    >"$RUN_DIR/replica-$port.log" 2>&1 &
  pids+=("$!")
  upstreams+="        server 127.0.0.1:$port;"$'\n'
done
for ((i = 0; i < REPLICAS; i++)); do
  port=$((FIRST_PORT + i))
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null && break
    sleep 0.2
  done
done

mkdir -p "$RUN_DIR"/{body,proxy,fastcgi,uwsgi,scgi}
python - "$RUN_DIR" "$LISTEN" "$upstreams" <<'PY'
import sys
run_dir, listen, upstreams = sys.argv[1:]
text = open("deploy/nginx.conf.template").read()
text = text.replace("@RUN_DIR@", run_dir).replace("@LISTEN@", listen)
open(f"{run_dir}/nginx.conf", "w").write(text.replace("@UPSTREAMS@", upstreams.rstrip("\n")))
PY
echo "Backprop Lab: $REPLICAS replicas behind nginx on $LISTEN (logs in $RUN_DIR)"
nginx -c "$RUN_DIR/nginx.conf" -g "daemon off;" &
pids+=("$!")
wait "${pids[-1]}"
