# Sourced by ./mvnw, ./strata and .ci/run (POSIX sh): points JAVA_HOME at a JDK 25 or newer.
# Looks at JAVA_HOME, then `java` on PATH, then the usual JDK folders; says so in one line if none is found.
strata_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}
strata_is_jdk25() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  strata_major=$(strata_java_major "$1")
  [ -n "$strata_major" ] && [ "$strata_major" -ge 25 ]
}
strata_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && strata_is_jdk25 "$JAVA_HOME"; then printf '%s\n' "$JAVA_HOME"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    strata_candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if strata_is_jdk25 "$strata_candidate"; then printf '%s\n' "$strata_candidate"; return 0; fi
  fi
  for strata_candidate in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    if [ -d "$strata_candidate" ] && strata_is_jdk25 "$strata_candidate"; then printf '%s\n' "$strata_candidate"; return 0; fi
  done
  return 1
}
if STRATA_JDK=$(strata_find_jdk); then
  JAVA_HOME="$STRATA_JDK"
  export JAVA_HOME
else
  echo "strata: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm); install one or set JAVA_HOME" >&2
  exit 1
fi
