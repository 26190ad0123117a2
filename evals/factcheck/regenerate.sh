#!/bin/bash
# Regenerate the 24 fact-check drafts (agenda, summary, coaching, reflection for the six
# manager/report pairs of FACTCHECK-2026-11-30-b.md onward) with the checkout's offline drafter.
#   usage: evals/factcheck/regenerate.sh OUTDIR [DATADIR]
# DATADIR holds the demo database (built there with `cadence demo` if missing: seed 42, 60 people);
# the demo is read as of 2026-11-30, the day every earlier check used, so the database ids agree.
# Needs `cadence` on PATH (or CADENCE=/path/to/cadence) and the checkout on PYTHONPATH.
set -euo pipefail
out=${1:?usage: regenerate.sh OUTDIR [DATADIR]}
export CADENCE_TODAY=${CADENCE_TODAY:-2026-11-30}
export CADENCE_DATA_DIR=${2:-$(mktemp -d)}
C=${CADENCE:-cadence}
[ -f "$CADENCE_DATA_DIR/cadence.db" ] || "$C" demo > /dev/null
mkdir -p "$out"
for pair in theo.delgado:hannah.brooks renata.eriksen:tomasz.johansson elif.yildiz:rowan.ortiz \
  vikram.castillo:alex.moreau tala.kaur:felix.torres grace.adeyemi:tala.kaur; do
  m=${pair%%:*}@example.com r=${pair##*:}
  "$C" agenda --as "$m" --with "$r@example.com" > "$out/$r.agenda.txt"
  "$C" summary --as "$m" --about "$r@example.com" > "$out/$r.summary.txt"
  "$C" coach --as "$m" --about "$r@example.com" > "$out/$r.coach.txt"
  "$C" reflect --as "$r@example.com" > "$out/$r.reflect.txt"
done
