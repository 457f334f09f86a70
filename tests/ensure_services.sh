#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1 and the test database exists.
# Starts them where installed, installs them with apt-get where not; never fails silently.
set -euo pipefail

PG_HOST=127.0.0.1 PG_PORT=5432 REDIS_PORT=6379 TEST_DB=mestmatch_test
log() { printf '[services] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
apt_install() {
  log "installing $* with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pg_psql() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -w "$@"; }

# A fresh apt install asks for a password on 127.0.0.1; the tests connect as `postgres`
# without one. Only a cluster this script installed is switched to trust for 127.0.0.1.
allow_local_trust() {
  local version=$1 hba
  hba=/etc/postgresql/$version/main/pg_hba.conf
  log "allowing passwordless connections from $PG_HOST in $hba (installed for the tests)"
  as_root sed -i "1i host all all $PG_HOST/32 trust" "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  for _ in $(seq 1 20); do pg_psql -qtAc "select 1" >/dev/null 2>&1 && return; sleep 0.3; done
  log "PostgreSQL still refuses passwordless connections from $PG_HOST"; exit 1
}

ensure_postgres() {
  local installed=no version
  command -v pg_ctlcluster >/dev/null || { apt_install postgresql postgresql-client; installed=yes; }
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; then
    log "starting PostgreSQL $version/main"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && break; sleep 0.5; done
  fi
  pg_isready -h "$PG_HOST" -p "$PG_PORT" || { log "PostgreSQL does not answer on $PG_HOST:$PG_PORT"; exit 1; }
  if ! pg_psql -qtAc "select 1" >/dev/null 2>&1; then
    [ "$installed" = yes ] || { log "cannot connect as postgres without a password on $PG_HOST:$PG_PORT (trust auth needed)"; exit 1; }
    allow_local_trust "$version"
  fi
  if ! pg_psql -tAc "select 1 from pg_database where datname='$TEST_DB'" | grep -q 1; then
    log "creating database $TEST_DB"
    pg_psql -qc "create database $TEST_DB"
  fi
}

ensure_redis() {
  command -v redis-server >/dev/null || apt_install redis-server redis-tools
  if ! redis-cli -h "$PG_HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
    log "starting Redis on $PG_HOST:$REDIS_PORT"
    mkdir -p /tmp/mestmatch-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
      --appendonly no --dir /tmp/mestmatch-redis --logfile /tmp/mestmatch-redis/redis.log
    for _ in $(seq 1 30); do redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.2; done
  fi
  redis-cli -h "$PG_HOST" -p "$REDIS_PORT" ping | grep -q PONG || { log "Redis does not answer"; exit 1; }
}

ensure_postgres
ensure_redis
log "PostgreSQL and Redis are up; test database $TEST_DB"
