# Sourced by bench/startup.sh and bench/compare.
# ready_wait PORT PATH PID: returns 0 as soon as GET PATH on 127.0.0.1:PORT answers 200, 1 when PID exits first or
# after 180 s. It starts no process while it polls (bash's /dev/tcp for the request, a read with a timeout on a FIFO
# for the 20 ms pause): curl and sleep every 20 ms took enough of a 2-core machine's CPU from the starting JVM to add
# ~400 ms to the time measured (bench/README.md, "Start-up").
ready_wait() {
  local port="$1" path="$2" pid="$3" line fifo pause conn i
  fifo=$(mktemp -u); mkfifo "$fifo"; exec {pause}<>"$fifo"; rm -f "$fifo"
  for ((i = 0; i < 9000; i++)); do
    if { exec {conn}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&"$conn"
      line=""; IFS= read -r -t 10 line <&"$conn" || true
      exec {conn}>&-
      if [[ "$line" == "HTTP/1."?" 200"* ]]; then exec {pause}>&-; return 0; fi
    fi
    kill -0 "$pid" 2>/dev/null || break
    read -r -t 0.02 -u "$pause" _ || true
  done
  exec {pause}>&-
  return 1
}
