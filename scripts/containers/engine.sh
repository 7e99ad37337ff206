#!/usr/bin/env bash
# A Docker engine for the containers stage.
#   scripts/containers/engine.sh start    prints the DOCKER_HOST to use ("" = the user's default engine)
#   scripts/containers/engine.sh stop     stops the engine this script started (never the user's)
#   scripts/containers/engine.sh status
#
# `start` uses the user's engine when one answers. Otherwise (a CI machine: root, Debian, no engine
# running) it installs Debian's docker.io with apt if dockerd is missing, and starts dockerd with its
# own data root, exec root, socket and pid file under $TRIBUTARY_CONTAINERS_DIR/docker. It exits
# non-zero, naming the reason, when no engine can be had: callers must fail, not skip.
set -euo pipefail
# shellcheck source=scripts/containers/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PIDFILE="$ENGINE_DIR/run/docker.pid"
LOGFILE="$ENGINE_DIR/dockerd.log"
OWN_HOST="unix://$ENGINE_SOCKET"

answers() { timeout 20 docker ${1:+--host "$1"} info --format '{{.ServerVersion}}' >/dev/null 2>&1; }

own_engine_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  command -v docker >/dev/null || ct_apt_install docker.io
  if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != "$OWN_HOST" ] && answers "$DOCKER_HOST"; then
    ct_log "using the Docker engine at DOCKER_HOST=$DOCKER_HOST"
    echo "$DOCKER_HOST"
    return
  fi
  if [ -z "${DOCKER_HOST:-}" ] && answers ""; then
    ct_log "using the default Docker engine"
    echo ""
    return
  fi
  if answers "$OWN_HOST"; then
    ct_log "using the project's engine ($OWN_HOST)"
    echo "$OWN_HOST"
    return
  fi
  if ! command -v dockerd >/dev/null; then
    ct_log "no Docker engine answers; installing Debian's docker.io"
    ct_apt_install docker.io
  fi
  command -v dockerd >/dev/null || ct_fail "dockerd is still missing after installing docker.io"
  [ "$(id -u)" = 0 ] || ct_fail "starting dockerd needs root (or start a Docker engine and set DOCKER_HOST)"
  mkdir -p "$ENGINE_DIR/run" "$ENGINE_DIR/data" "$ENGINE_DIR/exec"
  rm -f "$ENGINE_SOCKET" "$PIDFILE"
  ct_log "starting dockerd (data $ENGINE_DIR/data, socket $ENGINE_SOCKET, log $LOGFILE)"
  # setsid: the engine outlives this stage (it is reused by the next run); stop it with `stop`.
  setsid dockerd \
    --host "$OWN_HOST" \
    --data-root "$ENGINE_DIR/data" \
    --exec-root "$ENGINE_DIR/exec" \
    --pidfile "$PIDFILE" \
    --log-level warn \
    >>"$LOGFILE" 2>&1 </dev/null &
  local waited=0
  until answers "$OWN_HOST"; do
    if [ "$waited" -ge 60 ]; then
      tail -n 20 "$LOGFILE" >&2 || true
      ct_fail "dockerd did not answer within 60 s (log: $LOGFILE)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  ct_log "dockerd $(docker --host "$OWN_HOST" info --format '{{.ServerVersion}}') ready after ${waited} s"
  echo "$OWN_HOST"
}

stop() {
  local pid
  if ! pid="$(own_engine_pid)"; then
    ct_log "the project's engine is not running"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || {
      ct_log "stopped dockerd ($pid)"
      return 0
    }
    sleep 1
  done
  ct_fail "dockerd ($pid) did not stop within 30 s"
}

status() {
  if pid="$(own_engine_pid)"; then
    echo "project engine: running (pid $pid, $OWN_HOST)"
  else
    echo "project engine: stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 64
    ;;
esac
