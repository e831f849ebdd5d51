#!/bin/sh
# Builds dialtone and the conformance tests, then runs the SIPp conformance suite
# (src/test/resources/sipp/suite.tsv) and prints its table. Extra arguments go to SuiteRunner:
#   --parallel N   rows at a time (default 6)      --only REGEX   rows whose scenario matches
#   --logs DIR     where each row's logs go (default conformance/target/conformance/SuiteRunner)
# Needs sipp on the PATH. Exit 0 when every row passed. Add -o to MVN_FLAGS to build offline.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
mvn -q ${MVN_FLAGS:-} -DskipTests -f "$root/pom.xml" -pl conformance -am package
cd "$root/conformance"
exec java -cp "$root/conformance/target/test-classes:$root/client/target/dialtone.jar" \
    io.dialtone.conformance.SuiteRunner "$@"
