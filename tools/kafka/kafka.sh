#!/usr/bin/env bash
# Local single-node Apache Kafka broker (KRaft combined mode: broker + controller in one JVM),
# run from the Maven Central jars listed in tools/kafka/pom.xml. No Docker needed.
#
#   tools/kafka/kafka.sh fetch|start|stop|restart|status|reset|logs|tool ...   (see `help`)
#
# Everything lives in $KAFKA_DIR (default: <repo>/.local/kafka): libs/, data/, logs/,
# server.properties, log4j2*.properties, kafka.pid.
set -euo pipefail

SCRIPT_PATH="$(readlink -f "${BASH_SOURCE[0]}")"
SCRIPT_DIR="$(cd "$(dirname "$SCRIPT_PATH")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"
ME="kafka.sh"

KAFKA_DIR="${KAFKA_DIR:-$REPO_ROOT/.local/kafka}"
# Canonical absolute path: it is part of the broker's command line, which identifies "our" broker.
KAFKA_DIR="$(readlink -m -- "$KAFKA_DIR")"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${KAFKA_HEAP:-768m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
MVN="${MVN:-mvn}"

LIBS_DIR="$KAFKA_DIR/libs"
DATA_DIR="$KAFKA_DIR/data"
LOG_DIR="$KAFKA_DIR/logs"
PID_FILE="$KAFKA_DIR/kafka.pid"
SERVER_PROPS="$KAFKA_DIR/server.properties"
LOG4J_BROKER="$KAFKA_DIR/log4j2.properties"
LOG4J_TOOLS="$KAFKA_DIR/log4j2-tools.properties"
SERVER_LOG="$LOG_DIR/server.log"
SERVER_OUT="$LOG_DIR/server.out"
READY_MARKER="Kafka Server started"
HOST="127.0.0.1"

info() { printf '%s: %s\n' "$ME" "$*"; }
warn() { printf '%s: warning: %s\n' "$ME" "$*" >&2; }
die() { printf '%s: error: %s\n' "$ME" "$*" >&2; exit 1; }

usage() {
  cat <<EOF
Usage: tools/kafka/kafka.sh <command>

Local single-node Apache Kafka broker (KRaft, broker+controller) from Maven Central jars.

Commands:
  fetch     copy the Kafka jars into \$KAFKA_DIR/libs (once per pom.xml content)
  start     start the broker in the background and wait until it is ready (idempotent)
  stop      stop the broker started by this script (SIGTERM, then SIGKILL after ${KAFKA_STOP_TIMEOUT}s)
  restart   stop, then start
  status    print running/stopped (exit 0 when running, 3 when stopped)
  reset     stop, then delete \$KAFKA_DIR/data (all topics); keeps the jars
  logs [tail args]          show the broker log (default: tail -n 100)
  tool <name|class> [args]  run a Kafka CLI tool from the jars; names: topics, console-producer,
                            console-consumer, consumer-groups, metadata-quorum, storage
                            (--bootstrap-server 127.0.0.1:\$KAFKA_PORT is added if not given)

Environment (current value):
  KAFKA_DIR=$KAFKA_DIR
  KAFKA_PORT=$KAFKA_PORT  KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT
  KAFKA_HEAP=$KAFKA_HEAP  KAFKA_START_TIMEOUT=$KAFKA_START_TIMEOUT  KAFKA_STOP_TIMEOUT=$KAFKA_STOP_TIMEOUT
  KAFKA_JAVA_OPTS (extra JVM options)  JAVA_HOME (else java on PATH; Java >= 17)  MVN=$MVN
Clients connect to: $HOST:$KAFKA_PORT
EOF
}

# ---------------------------------------------------------------- checks

validate_env() {
  local v
  for v in KAFKA_PORT KAFKA_CONTROLLER_PORT; do
    if ! [[ "${!v}" =~ ^[1-9][0-9]{0,4}$ ]] || (( ${!v} > 65535 )); then
      die "$v must be a TCP port number, got '${!v}'"
    fi
  done
  [[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both $KAFKA_PORT)"
  for v in KAFKA_START_TIMEOUT KAFKA_STOP_TIMEOUT; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number of seconds, got '${!v}'"
  done
  [[ "$KAFKA_HEAP" =~ ^[0-9]+[kKmMgG]$ ]] || die "KAFKA_HEAP must look like 768m or 1g, got '$KAFKA_HEAP'"
}

kafka_version() {
  local v
  [[ -f "$POM" ]] || die "missing $POM"
  v="$(sed -n 's:.*<kafka\.version>[[:space:]]*\([^<[:space:]]*\)[[:space:]]*</kafka\.version>.*:\1:p' "$POM" | head -n 1)"
  [[ -n "$v" ]] || die "no <kafka.version> property in $POM"
  printf '%s\n' "$v"
}

JAVA=""
find_java() {
  [[ -z "$JAVA" ]] || return 0
  if [[ -n "${JAVA_HOME:-}" ]]; then
    if [[ -x "$JAVA_HOME/bin/java" ]]; then
      JAVA="$JAVA_HOME/bin/java"
    else
      warn "JAVA_HOME=$JAVA_HOME has no bin/java; using java from PATH"
    fi
  fi
  if [[ -z "$JAVA" ]]; then
    JAVA="$(command -v java || true)"
    [[ -n "$JAVA" ]] || die "Java not found: set JAVA_HOME or put java (>= 17) on PATH (Debian: apt-get install openjdk-17-jre-headless)"
  fi
  local spec major
  spec="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^[[:space:]]*java\.specification\.version = //p' | head -n 1)" || true
  major="${spec#1.}"
  major="${major%%.*}"
  [[ "$major" =~ ^[0-9]+$ ]] || die "could not determine the version of $JAVA (is it a working JDK/JRE?)"
  (( major >= 17 )) || die "Kafka $(kafka_version) needs Java >= 17, but $JAVA is Java $spec (set JAVA_HOME to a Java 17+ installation)"
}

# ---------------------------------------------------------------- processes & ports

read_pid() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(tr -d '[:space:]' < "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$pid"
}

proc_cmdline() {
  if [[ -r "/proc/$1/cmdline" ]]; then
    tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null || true
  else
    ps -p "$1" -o command= 2>/dev/null || true
  fi
}

# True if $1 is a live (non-zombie) JVM running kafka.Kafka with *our* server.properties.
is_our_broker() {
  local pid="$1" cmd
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  cmd="$(proc_cmdline "$pid")"
  [[ "$cmd" == *" kafka.Kafka $SERVER_PROPS"* ]]
}

port_open() {
  if command -v timeout >/dev/null 2>&1; then
    # shellcheck disable=SC2016 # $0/$1 are expanded by the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
  fi
}

# Pid of the process listening on TCP port $1 (empty if unknown).
port_owner_pid() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1
}

describe_port_owner() {
  local pid cmd
  pid="$(port_owner_pid "$1")"
  if [[ -n "$pid" ]]; then
    cmd="$(proc_cmdline "$pid")"
    printf 'pid %s: %s' "$pid" "${cmd:0:200}"
  else
    printf 'unknown process'
  fi
}

# Port the running broker was started with (from the server.properties it was started with).
running_port() {
  sed -n "s#^listeners=.*PLAINTEXT://[^:,]*:\([0-9]*\).*#\1#p" "$SERVER_PROPS" 2>/dev/null | head -n 1
}
running_controller_port() {
  sed -n "s#^listeners=.*CONTROLLER://[^:,]*:\([0-9]*\).*#\1#p" "$SERVER_PROPS" 2>/dev/null | head -n 1
}

# Pid of our running broker, or nothing (exit 1). Uses the pid file; removes a stale one. If the
# pid file is missing but the process listening on the broker port is our broker (same
# server.properties), adopts it by rewriting the pid file.
our_pid() {
  local pid owner
  if pid="$(read_pid)" && is_our_broker "$pid"; then
    printf '%s\n' "$pid"
    return 0
  fi
  rm -f "$PID_FILE"
  for owner in "$(port_owner_pid "$KAFKA_PORT")" "$(port_owner_pid "$(running_port)")"; do
    if [[ -n "$owner" ]] && is_our_broker "$owner"; then
      echo "$owner" > "$PID_FILE"
      printf '%s\n' "$owner"
      return 0
    fi
  done
  return 1
}

LOCK_HELD=0
take_lock() {
  (( LOCK_HELD == 0 )) || return 0
  mkdir -p "$KAFKA_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>>"$KAFKA_DIR/.kafka.sh.lock"
    flock -w $(( KAFKA_START_TIMEOUT + 900 )) 9 || die "timed out waiting for another kafka.sh on $KAFKA_DIR to finish"
  fi
  LOCK_HELD=1
}

print_log_tail() {
  local f
  for f in "$SERVER_LOG" "$SERVER_OUT"; do
    if [[ -s "$f" ]]; then
      printf -- '----- last 40 lines of %s -----\n' "$f" >&2
      tail -n 40 "$f" >&2
    fi
  done
}

# ---------------------------------------------------------------- fetch

stamp_file() { printf '%s/.fetched-kafka_2.13-%s\n' "$LIBS_DIR" "$1"; }
pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

libs_ok() {
  local version="$1" stamp
  stamp="$(stamp_file "$version")"
  [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$(pom_hash)" ]] && [[ -f "$LIBS_DIR/kafka_2.13-$version.jar" ]]
}

do_fetch() {
  local version tmp
  version="$(kafka_version)"
  if libs_ok "$version"; then
    info "Kafka $version jars already in $LIBS_DIR"
    return 0
  fi
  command -v "$MVN" >/dev/null 2>&1 || die "Maven ('$MVN') not found; install Maven 3.8+ (Debian: apt-get install maven) or set MVN"
  info "fetching Kafka $version and its runtime dependencies from Maven Central into $LIBS_DIR ..."
  mkdir -p "$KAFKA_DIR"
  tmp="$KAFKA_DIR/libs.tmp.$$"
  rm -rf "$tmp"
  if ! "$MVN" -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" -DincludeScope=runtime </dev/null >"$KAFKA_DIR/fetch.log" 2>&1; then
    rm -rf "$tmp"
    tail -n 40 "$KAFKA_DIR/fetch.log" >&2
    die "Maven could not copy the Kafka jars (output above, full output in $KAFKA_DIR/fetch.log); is Maven Central reachable?"
  fi
  [[ -f "$tmp/kafka_2.13-$version.jar" ]] || { rm -rf "$tmp"; die "Maven finished but $tmp/kafka_2.13-$version.jar is missing"; }
  pom_hash > "$tmp/$(basename "$(stamp_file "$version")")"
  if our_pid >/dev/null; then
    warn "the broker is running on the old jars; restart it to use Kafka $version"
  fi
  rm -rf "$LIBS_DIR.old"
  [[ ! -e "$LIBS_DIR" ]] || mv "$LIBS_DIR" "$LIBS_DIR.old"
  mv "$tmp" "$LIBS_DIR"
  rm -rf "$LIBS_DIR.old"
  info "fetched $(find "$LIBS_DIR" -maxdepth 1 -name '*.jar' | wc -l) jars ($(du -sh "$LIBS_DIR" | cut -f1))"
}

# ---------------------------------------------------------------- config

write_file() { # write_file <path>  (content on stdin; atomic replace)
  local tmp="$1.tmp.$$"
  cat > "$tmp"
  mv -f "$tmp" "$1"
}

write_configs() {
  write_file "$SERVER_PROPS" <<EOF
# Generated by tools/kafka/kafka.sh on each start: edit the script, not this file.
# Single-node KRaft cluster: this node is both broker and (the only) controller.
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
# Dynamic quorum (KIP-853), storage formatted with --standalone.
controller.quorum.bootstrap.servers=$HOST:$KAFKA_CONTROLLER_PORT

log.dirs=$DATA_DIR
num.partitions=3
auto.create.topics.enable=false
delete.topic.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# After an unclean exit (kill -9) the restarted broker must wait for its old session to expire
# (default 9s); a single local node can use a shorter session.
broker.session.timeout.ms=5000
broker.heartbeat.interval.ms=1000

# Small footprint for development and tests (2 cores).
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.retention.hours=24
log.retention.bytes=104857600
log.segment.bytes=16777216
log.index.size.max.bytes=1048576
log.retention.check.interval.ms=60000
EOF
}

write_log4j_configs() {
  mkdir -p "$KAFKA_DIR"
  # Broker logging: everything to logs/server.log (rolled at 20 MB), INFO for Kafka, WARN for chatty loggers.
  write_file "$LOG4J_BROKER" <<'EOF'
# Generated by tools/kafka/kafka.sh. The broker is started with -Dkafka.logs.dir=<KAFKA_DIR>/logs.
status = warn
name = local-kafka

appender.server.type = RollingFile
appender.server.name = server
appender.server.fileName = ${sys:kafka.logs.dir}/server.log
appender.server.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.server.layout.type = PatternLayout
appender.server.layout.pattern = [%d] %p %m (%c)%n
appender.server.policies.type = Policies
appender.server.policies.size.type = SizeBasedTriggeringPolicy
appender.server.policies.size.size = 20MB
appender.server.strategy.type = DefaultRolloverStrategy
appender.server.strategy.max = 3

rootLogger.level = info
rootLogger.appenderRef.server.ref = server

logger.stateChange.name = state.change.logger
logger.stateChange.level = warn
logger.request.name = kafka.request.logger
logger.request.level = warn
logger.network.name = kafka.network
logger.network.level = warn
logger.log.name = kafka.log
logger.log.level = warn
logger.storage.name = org.apache.kafka.storage.internals
logger.storage.level = warn
logger.cluster.name = kafka.cluster
logger.cluster.level = warn
logger.replica.name = kafka.server.ReplicaFetcherManager
logger.replica.level = warn
logger.alterLogDirs.name = kafka.server.ReplicaAlterLogDirsManager
logger.alterLogDirs.level = warn
logger.config.name = org.apache.kafka.common.config
logger.config.level = warn
logger.coordinatorRuntime.name = org.apache.kafka.coordinator.common.runtime
logger.coordinatorRuntime.level = warn
logger.partitionChange.name = org.apache.kafka.controller.PartitionChangeBuilder
logger.partitionChange.level = warn
logger.clients.name = org.apache.kafka.clients
logger.clients.level = warn
logger.metadataLoader.name = org.apache.kafka.image
logger.metadataLoader.level = warn
logger.raft.name = org.apache.kafka.raft
logger.raft.level = warn
logger.snapshot.name = org.apache.kafka.snapshot
logger.snapshot.level = warn
EOF

  # CLI tools (storage format, topics, console producer/consumer): warnings to stderr only.
  write_file "$LOG4J_TOOLS" <<'EOF'
# Generated by tools/kafka/kafka.sh, for the Kafka CLI tools it runs.
status = warn
name = local-kafka-tools
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = stderr
EOF
}

run_tool_class() { # run_tool_class <main class> [args...]
  "$JAVA" -Xmx512m -Dlog4j2.configurationFile="$LOG4J_TOOLS" -cp "$LIBS_DIR/*" "$@"
}

format_storage_if_needed() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    return 0
  fi
  if [[ -d "$DATA_DIR" ]] && [[ -n "$(ls -A "$DATA_DIR" 2>/dev/null)" ]]; then
    warn "$DATA_DIR has no meta.properties (interrupted format?); clearing it"
    rm -rf "$DATA_DIR"
  fi
  local cluster_id out="$LOG_DIR/format.out"
  cluster_id="$(run_tool_class kafka.tools.StorageTool random-uuid 2>>"$out" | tail -n 1 | tr -d '[:space:]')" || true
  [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || { cat "$out" >&2 2>/dev/null || true; die "kafka-storage random-uuid failed (got '$cluster_id')"; }
  info "formatting $DATA_DIR (cluster id $cluster_id) ..."
  if ! run_tool_class kafka.tools.StorageTool format --config "$SERVER_PROPS" \
      --cluster-id "$cluster_id" --standalone > "$out" 2>&1; then
    cat "$out" >&2
    rm -rf "$DATA_DIR"
    die "formatting the Kafka storage failed (output above, also in $out)"
  fi
  [[ -f "$DATA_DIR/meta.properties" ]] || { cat "$out" >&2; die "format finished but $DATA_DIR/meta.properties is missing"; }
}

# ---------------------------------------------------------------- start / stop

heap_bytes() { # 768m -> bytes
  local n="${1%?}" u="${1: -1}"
  case "$u" in
    k|K) echo $(( n * 1024 ));;
    m|M) echo $(( n * 1024 * 1024 ));;
    g|G) echo $(( n * 1024 * 1024 * 1024 ));;
  esac
}

launch() {
  local xms="256m" pid="" i extra=()
  (( $(heap_bytes "$KAFKA_HEAP") >= 256 * 1024 * 1024 )) || xms="$KAFKA_HEAP"
  read -r -a extra <<< "${KAFKA_JAVA_OPTS:-}"

  [[ ! -f "$SERVER_LOG" ]] || mv -f "$SERVER_LOG" "$SERVER_LOG.prev"
  : > "$SERVER_OUT"
  rm -f "$PID_FILE"

  local cmd=(
    "$JAVA" "-Xms$xms" "-Xmx$KAFKA_HEAP"
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    "-Dlog4j2.configurationFile=$LOG4J_BROKER" "-Dkafka.logs.dir=$LOG_DIR"
    ${extra[@]+"${extra[@]}"}
    -cp "$LIBS_DIR/*" kafka.Kafka "$SERVER_PROPS"
  )
  # Detached: own session (no controlling terminal, survives the caller and its process group),
  # SIGHUP ignored, stdio away from the caller. The inner shell records its pid, then execs java.
  # fd 9 (our lock) is closed so the broker does not hold it.
  # shellcheck disable=SC2016 # $$, $0 and $@ are expanded by the inner bash
  local launcher=(bash -c 'echo $$ > "$0"; exec "$@"' "$PID_FILE" "${cmd[@]}")
  if command -v setsid >/dev/null 2>&1; then
    (cd "$KAFKA_DIR" && nohup setsid -f "${launcher[@]}" >>"$SERVER_OUT" 2>&1 </dev/null 9>&-)
  else
    (cd "$KAFKA_DIR" && nohup "${launcher[@]}" >>"$SERVER_OUT" 2>&1 </dev/null 9>&- &)
  fi
  for (( i = 0; i < 100; i++ )); do
    pid="$(read_pid)" && break
    sleep 0.1
  done
  [[ -n "$pid" ]] || { print_log_tail; die "the broker process did not start (no pid in $PID_FILE)"; }
  printf '%s\n' "$pid"
}

wait_ready() { # wait_ready <pid> <require log marker: 1|0>
  local pid="$1" need_marker="$2" deadline=$(( SECONDS + KAFKA_START_TIMEOUT ))
  while :; do
    if ! is_our_broker "$pid"; then
      rm -f "$PID_FILE"
      print_log_tail
      if grep -q 'OutOfMemoryError' "$SERVER_OUT" 2>/dev/null; then
        die "the broker ran out of memory during startup; raise KAFKA_HEAP (now $KAFKA_HEAP)"
      fi
      die "the broker exited during startup (logs above; full logs in $LOG_DIR)"
    fi
    if port_open "$KAFKA_PORT" && { (( need_marker == 0 )) || grep -qF "$READY_MARKER" "$SERVER_LOG" 2>/dev/null; }; then
      return 0
    fi
    if (( SECONDS >= deadline )); then
      print_log_tail
      warn "stopping the broker (pid $pid) that did not become ready"
      stop_pid "$pid" || true
      die "the broker was not ready after ${KAFKA_START_TIMEOUT}s (raise KAFKA_START_TIMEOUT if this machine is just slow)"
    fi
    sleep 0.25
  done
}

stop_pid() {
  local pid="$1" deadline
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( SECONDS + KAFKA_STOP_TIMEOUT ))
  while is_our_broker "$pid" && (( SECONDS < deadline )); do sleep 0.2; done
  if is_our_broker "$pid"; then
    warn "broker (pid $pid) still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$(( SECONDS + 10 ))
    while is_our_broker "$pid" && (( SECONDS < deadline )); do sleep 0.2; done
    ! is_our_broker "$pid" || { warn "broker (pid $pid) survived SIGKILL"; return 1; }
  fi
  rm -f "$PID_FILE"
}

cmd_fetch() {
  take_lock
  do_fetch
}

cmd_start() {
  local pid port t0=$SECONDS
  validate_env
  take_lock
  mkdir -p "$LOG_DIR"

  if pid="$(our_pid)"; then
    port="$(running_port)"
    if [[ -n "$port" && "$port" != "$KAFKA_PORT" ]] || [[ -n "$(running_controller_port)" && "$(running_controller_port)" != "$KAFKA_CONTROLLER_PORT" ]]; then
      die "our broker is already running (pid $pid) on $HOST:$port (controller $(running_controller_port)), not on the requested $KAFKA_PORT/$KAFKA_CONTROLLER_PORT; run '$0 stop' first"
    fi
    if ! port_open "$KAFKA_PORT"; then
      info "broker (pid $pid) is running but $HOST:$KAFKA_PORT does not answer yet; waiting up to ${KAFKA_START_TIMEOUT}s"
      wait_ready "$pid" 0
    fi
    info "already running (pid $pid), bootstrap server $HOST:$KAFKA_PORT"
    return 0
  fi

  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$port"; then
      die "port $port on $HOST is already in use by another process ($(describe_port_owner "$port")), not by the broker of $KAFKA_DIR. Stop it, or choose other ports with KAFKA_PORT / KAFKA_CONTROLLER_PORT."
    fi
  done

  find_java
  do_fetch
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  write_configs
  write_log4j_configs
  format_storage_if_needed

  info "starting Kafka $(kafka_version) on $HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, heap $KAFKA_HEAP) ..."
  pid="$(launch)"
  wait_ready "$pid" 1
  info "ready after $(( SECONDS - t0 ))s: pid $pid, bootstrap server $HOST:$KAFKA_PORT (logs: $LOG_DIR)"
}

cmd_stop() {
  local pid
  take_lock
  if ! pid="$(our_pid)"; then
    info "not running"
    return 0
  fi
  info "stopping broker (pid $pid) ..."
  stop_pid "$pid" || die "could not stop the broker (pid $pid)"
  info "stopped"
}

cmd_status() {
  local pid
  if pid="$(our_pid)"; then
    if port_open "$KAFKA_PORT"; then
      echo "running (pid $pid, bootstrap server $HOST:$KAFKA_PORT)"
    else
      echo "running (pid $pid), but $HOST:$KAFKA_PORT does not answer (starting or stopping?)"
    fi
    return 0
  fi
  echo "stopped"
  return 3
}

cmd_reset() {
  take_lock
  cmd_stop
  info "deleting $DATA_DIR"
  rm -rf "$DATA_DIR"
}

cmd_logs() {
  [[ -f "$SERVER_LOG" ]] || die "no log yet ($SERVER_LOG)"
  if (( $# == 0 )); then set -- -n 100; fi
  tail "$@" "$SERVER_LOG"
}

cmd_tool() {
  (( $# >= 1 )) || die "usage: $0 tool <name|main class> [args...]"
  local name="$1" class bootstrap=1 a
  shift
  case "$name" in
    topics) class=org.apache.kafka.tools.TopicCommand;;
    console-producer) class=org.apache.kafka.tools.ConsoleProducer;;
    console-consumer) class=org.apache.kafka.tools.consumer.ConsoleConsumer;;
    consumer-groups) class=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;;
    metadata-quorum) class=org.apache.kafka.tools.MetadataQuorumCommand;;
    storage) class=kafka.tools.StorageTool; bootstrap=0;;
    *.*) class="$name"; bootstrap=0;;
    *) die "unknown tool '$name' (give a name from '$0 help' or a fully qualified main class)";;
  esac
  for a in "$@"; do
    case "$a" in --bootstrap-server|--bootstrap-server=*|--bootstrap-controller|--bootstrap-controller=*) bootstrap=0;; esac
  done
  find_java
  libs_ok "$(kafka_version)" || die "Kafka jars not fetched yet; run '$0 fetch' (or start)"
  [[ -f "$LOG4J_TOOLS" ]] || write_log4j_configs
  if (( bootstrap )); then
    port_open "$KAFKA_PORT" || die "no broker answers on $HOST:$KAFKA_PORT; run '$0 start' first"
    run_tool_class "$class" --bootstrap-server "$HOST:$KAFKA_PORT" "$@"
  else
    run_tool_class "$class" "$@"
  fi
}

main() {
  local command_name="${1:-help}"
  (( $# == 0 )) || shift
  case "$command_name" in
    fetch) cmd_fetch;;
    start) cmd_start;;
    stop) cmd_stop;;
    restart) cmd_stop; cmd_start;;
    status) cmd_status;;
    reset) cmd_reset;;
    logs) cmd_logs "$@";;
    tool) cmd_tool "$@";;
    help|-h|--help) usage;;
    *) usage >&2; die "unknown command '$command_name'";;
  esac
}

main "$@"
