#!/usr/bin/env bash
# Lints Relance's sequences and element templates: what CI checks before the Java tests.
#   1. bpmnlint on every bpmn/**/*.bpmn, with tools/lint/.bpmnlintrc: bpmnlint's correctness rules,
#      Camunda Modeler's Camunda 7.24 compatibility rules (plugin:camunda-compat/camunda-platform-7-24)
#      and a few structural rules; warnings count as problems;
#   2. validate-templates.js: bpmn/element-templates/*.json against the element template schema;
#   3. check-sequences.js: templated elements as Modeler writes them, message templates present.
# Exits non-zero when any of them finds a problem. Needs Node.js 20.19+ (bpmn-moddle is an ES module loaded with require) and npm.
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi

# exact versions from package.json; no lockfile is kept (it would record download addresses)
if ! npm install --no-package-lock --no-audit --no-fund --loglevel=error; then
  echo "✖ lint: npm install failed" >&2
  exit 1
fi

shopt -s globstar nullglob
diagrams=(../../bpmn/**/*.bpmn)
if [ ${#diagrams[@]} -eq 0 ]; then
  echo "✖ lint: no diagram found under bpmn/" >&2
  exit 1
fi

status=0

echo "bpmnlint (correctness + camunda-platform-7-24) on ${#diagrams[@]} diagram(s):"
if node_modules/.bin/bpmnlint --config .bpmnlintrc --max-warnings=0 "${diagrams[@]}"; then
  echo "✔ bpmnlint: no problem in ${diagrams[*]#../../}"
else
  status=1
fi

node validate-templates.js || status=1
node check-sequences.js || status=1

if [ $status -ne 0 ]; then
  echo "✖ lint failed" >&2
fi
exit $status
