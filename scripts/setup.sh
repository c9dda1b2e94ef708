#!/usr/bin/env bash
# Idempotent machine set-up for ragchat: a JDK, PostgreSQL with pgvector, Redis, the databases, jq for the
# script itself, Chromium for the web page's browser tests and kubectl for the manifest tests.
# Sourced by ./ragchat; every step checks first and only then installs or starts what is missing.
# Each piece it cannot provide stops the run with a message that says what is missing and how to fix it.

RAGCHAT_DB_USER=${RAGCHAT_DB_USER:-ragchat}
RAGCHAT_DB_PASSWORD=${RAGCHAT_DB_PASSWORD:-ragchat}
PG_VERSION=${PG_VERSION:-15}
PGVECTOR_VERSION=0.8.0

log()  { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
fail() { printf '\033[1;31mragchat: %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

apt_updated=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq >/dev/null || return 1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

# A JDK 21 or newer: JAVA_HOME when it is one, else Temurin 25, else any JDK 21+ under /usr/lib/jvm.
ensure_java() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local major; major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME=$candidate
      return 0
    fi
  done
  fail "no JDK 21 or newer found. Install one (for example Temurin 25 into /usr/lib/jvm/temurin-25-jdk-amd64) or set JAVA_HOME to it."
}

pg_bin() { echo "/usr/lib/postgresql/$PG_VERSION/bin"; }

ensure_postgres() {
  if [ ! -x "$(pg_bin)/postgres" ]; then
    log "installing PostgreSQL $PG_VERSION"
    apt_install "postgresql-$PG_VERSION" || fail "PostgreSQL $PG_VERSION is not installed and could not be installed: run 'apt-get install postgresql-$PG_VERSION' as root."
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "starting PostgreSQL $PG_VERSION"
    as_root pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start \
      || fail "PostgreSQL is not running and could not be started: run 'pg_ctlcluster --skip-systemctl-redirect $PG_VERSION main start'."
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
    pg_isready -q -h 127.0.0.1 -p 5432 || fail "PostgreSQL did not come up on 127.0.0.1:5432."
  fi
}

pgvector_installed() { [ -f "/usr/share/postgresql/$PG_VERSION/extension/vector.control" ]; }

# pgvector: the distribution's package where one exists; on Debian 12, which has none, it is built
# from Debian 13's source package, fetched through a private apt configuration so that the system's
# own package sources stay untouched.
ensure_pgvector() {
  pgvector_installed && return 0
  log "installing pgvector"
  if apt_install "postgresql-$PG_VERSION-pgvector" 2>/dev/null && pgvector_installed; then return 0; fi
  apt_install "postgresql-server-dev-$PG_VERSION" make gcc dpkg-dev \
    || fail "pgvector needs postgresql-server-dev-$PG_VERSION, make and gcc: install them as root."
  local work; work=$(mktemp -d /tmp/ragchat-pgvector.XXXXXX)
  local uris; uris=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
  uris=${uris:-http://deb.debian.org/debian}
  mkdir -p "$work/apt/lists/partial"
  cat > "$work/apt/trixie-src.sources" <<SRC
Types: deb-src
URIs: $uris
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  local apt_opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/apt" -o "Dir::State::Lists=$work/apt/lists")
  ( cd "$work" \
    && apt-get "${apt_opts[@]}" update -qq >/dev/null 2>&1 \
    && apt-get "${apt_opts[@]}" source --download-only pgvector >/dev/null 2>&1 \
    && tar xzf pgvector_*.orig.tar.gz \
    && cd pgvector-*/ \
    && make -s OPTFLAGS="" PG_CONFIG="$(pg_bin)/pg_config" >/dev/null 2>&1 \
    && as_root make -s OPTFLAGS="" PG_CONFIG="$(pg_bin)/pg_config" install >/dev/null 2>&1 ) \
    || fail "building pgvector $PGVECTOR_VERSION failed (work files kept in $work). Install pgvector for PostgreSQL $PG_VERSION by hand and run again."
  rm -rf "$work"
  pgvector_installed || fail "pgvector was built but vector.control is missing."
}

ensure_redis() {
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
  if ! command -v redis-server >/dev/null 2>&1; then
    log "installing Redis"
    apt_install redis-server || fail "Redis is not installed and could not be installed: run 'apt-get install redis-server' as root."
  fi
  log "starting Redis"
  mkdir -p /var/lib/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis >/dev/null \
    || fail "Redis could not be started: run 'redis-server --daemonize yes --port 6379'."
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 0.25; done
  fail "Redis did not answer on 127.0.0.1:6379."
}

# Debian's Chromium, which the web page's browser tests (Playwright) drive instead of downloading one.
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  log "installing Chromium (for the browser tests)"
  apt_install chromium chromium-driver \
    || fail "Chromium is not installed and could not be installed: run 'apt-get install chromium chromium-driver' as root."
  [ -x /usr/bin/chromium ] || fail "Chromium was installed but /usr/bin/chromium is missing."
}

# openssl, with which the demo makes its signing key and signs tokens (./ragchat token).
ensure_openssl() {
  command -v openssl >/dev/null && return 0
  log "installing openssl (for the demo's tokens)"
  apt_install openssl || fail "openssl is not installed and could not be installed: run 'apt-get install openssl' as root."
}

# jq, with which ./ragchat writes the JSON it sends and reads the JSON and event streams it gets back.
ensure_jq() {
  command -v jq >/dev/null && return 0
  log "installing jq (for ./ragchat ask and ingest)"
  apt_install jq || fail "jq is not installed and could not be installed: run 'apt-get install jq' as root."
}

# kubectl, whose built-in kustomize renders the manifests under deploy/k8s for the manifest tests; they need
# kustomize v5, which kubectl embeds from 1.27 on (a standalone kustomize v5 does as well).
KUBECTL_HELP="install kubectl 1.27 or newer (https://kubernetes.io/docs/tasks/tools/) or kustomize v5 on the PATH"
ensure_kubectl() {
  command -v kustomize >/dev/null && return 0
  if ! command -v kubectl >/dev/null; then
    log "installing kubectl (Debian's kubernetes-client, for the manifest tests)"
    apt_install kubernetes-client || fail "neither kubectl nor kustomize is installed, and Debian's kubernetes-client could not be installed: $KUBECTL_HELP."
  fi
  local minor; minor=$(kubectl version --client -o json 2>/dev/null | jq -r '.clientVersion.minor // "0"' | tr -dc 0-9)
  [ "${minor:-0}" -ge 27 ] || fail "kubectl $(kubectl version --client -o json 2>/dev/null | jq -r '.clientVersion.gitVersion') embeds a kustomize too old for deploy/k8s: $KUBECTL_HELP."
}

# The retrieval-quality eval's corpus: the CMake documentation as HTML pages, from Debian's cmake-doc.
CMAKE_DOC_HTML=/usr/share/doc/cmake-data/html
ensure_eval_corpus() {
  [ -f "$CMAKE_DOC_HTML/index.html" ] && return 0
  log "installing cmake-doc (the eval's corpus: the CMake documentation)"
  apt_install cmake-doc || fail "cmake-doc is not installed and could not be installed: run 'apt-get install cmake-doc' as root."
  [ -f "$CMAKE_DOC_HTML/index.html" ] || fail "cmake-doc was installed but $CMAKE_DOC_HTML/index.html is missing."
}

psql_admin() { psql -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -U postgres "$@"; }

# The role, a database owned by it, and the vector extension (created by the superuser, since
# creating an extension needs more rights than the application's role has).
ensure_database() {
  local db=$1
  psql_admin -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$RAGCHAT_DB_USER'" | grep -q 1 \
    || psql_admin -d postgres -c "CREATE ROLE $RAGCHAT_DB_USER LOGIN PASSWORD '$RAGCHAT_DB_PASSWORD'" \
    || fail "could not create the PostgreSQL role $RAGCHAT_DB_USER."
  psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql_admin -d postgres -c "CREATE DATABASE $db OWNER $RAGCHAT_DB_USER" \
    || fail "could not create the database $db."
  psql_admin -d "$db" -c "CREATE EXTENSION IF NOT EXISTS vector" \
    || fail "could not create the vector extension in $db."
}

# A fresh, empty database: the test suite starts from nothing on every run.
recreate_database() {
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" || fail "could not drop the database $1."
  ensure_database "$1"
}

setup_machine() {
  ensure_java
  ensure_postgres
  ensure_pgvector
  ensure_redis
  ensure_chromium
  ensure_openssl
  ensure_jq
  ensure_kubectl
  local db
  for db in "$@"; do ensure_database "$db"; done
}
