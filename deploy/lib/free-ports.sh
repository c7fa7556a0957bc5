# Sourced by scripts that start servers on loopback: hands out ports no server listens on, below the ephemeral
# range so that no outgoing connection takes one before its server binds it, and never the same one twice.
#   free_block N   sets REPLY to the first of N consecutive free ports
#   free_port      sets REPLY to one free port
# (Not echoed: $(...) would run them in a subshell, which forgets the ports it handed out.)

listening_ports() {
  tail -q -n +2 /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r _ local _ state _; do
    [ "$state" = 0A ] && echo $((16#${local##*:}))
  done
  return 0
}

taken=" $(listening_ports | tr '\n' ' ') "

free_block() {
  local count=$1 first port ok
  while true; do
    first=$((20000 + RANDOM % (12000 - count)))
    ok=1
    for ((port = first; port < first + count; port++)); do
      case "$taken" in *" $port "*) ok=0; break ;; esac
    done
    if [ "$ok" = 1 ]; then
      for ((port = first; port < first + count; port++)); do taken+="$port "; done
      REPLY=$first
      return
    fi
  done
}

free_port() { free_block 1; }
