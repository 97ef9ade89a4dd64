#!/usr/bin/env bash
# Backup restore drill: dump a PostgreSQL database (custom format), restore the dump into a
# scratch database, compare the row count of every table (exact match), drop the scratch
# database, print a summary. Exit status 0 only when every count matches.
#
# By default the drill never touches real data: it builds its own source database
# (<name>_drill_src on the server of DATABASE_URL: migrate, reference data, demo data), and
# drops it afterwards. RESTORE_DRILL_SOURCE=live dumps DATABASE_URL itself instead (read only:
# pg_dump takes a consistent snapshot and writes nothing to it).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/masp make restore-drill
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-.venv/bin/python}"
DATABASE_URL="${DATABASE_URL:-}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "restore-drill: DATABASE_URL doit désigner une base PostgreSQL (postgres://…)." >&2; exit 2 ;;
esac

url_without_query="${DATABASE_URL%%\?*}"
server="${url_without_query%/*}"           # postgres://user@host:port
database="${url_without_query##*/}"        # name of the database
maintenance="$server/postgres"
stamp="$(date +%s)_$$"
scratch="${database}_restore_${stamp}"
if [[ "${RESTORE_DRILL_SOURCE:-drill}" == "live" ]]; then
  source_db="$database"
  own_source=0
else
  source_db="${database}_drill_src"
  own_source=1
fi
workdir="$(mktemp -d)"
dump="$workdir/${source_db}.dump"

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
sql() { psql "$1" -v ON_ERROR_STOP=1 -X -q -A -t -c "$2"; }

cleanup() {
  sql "$maintenance" "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)" >/dev/null || true
  if [[ "$own_source" == 1 ]]; then
    sql "$maintenance" "DROP DATABASE IF EXISTS \"$source_db\" WITH (FORCE)" >/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

# One line per table: "table|rows", sorted; a table missing on one side shows up as well.
row_counts() {
  local url="$1" tables query=""
  tables="$(sql "$url" "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")"
  [[ -n "$tables" ]] || return 0
  while read -r table; do
    query+="${query:+ UNION ALL }SELECT '$table', count(*) FROM public.\"$table\""
  done <<<"$tables"
  sql "$url" "SELECT * FROM ($query) AS counts ORDER BY 1"
}

started=$SECONDS
if [[ "$own_source" == 1 ]]; then
  echo "==> Base source du drill : $source_db (migrate, données de référence, démo)"
  sql "$maintenance" "DROP DATABASE IF EXISTS \"$source_db\" WITH (FORCE)" >/dev/null
  sql "$maintenance" "CREATE DATABASE \"$source_db\"" >/dev/null
  # Tasks the demo data may enqueue run in-process: the drill needs no broker.
  export DATABASE_URL="$server/$source_db"
  unset CELERY_BROKER_URL
  "$PYTHON" manage.py migrate --noinput >/dev/null
  "$PYTHON" manage.py load_reference_data >/dev/null
  "$PYTHON" manage.py seed_demo --force >/dev/null
fi

echo "==> pg_dump (format custom) de $source_db"
pg_dump --format=custom --no-owner --no-privileges --file="$dump" "$server/$source_db"

echo "==> pg_restore dans la base temporaire $scratch"
sql "$maintenance" "CREATE DATABASE \"$scratch\"" >/dev/null
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$server/$scratch" "$dump"

echo "==> Comparaison des lignes par table"
row_counts "$server/$source_db" >"$workdir/source.txt"
row_counts "$server/$scratch" >"$workdir/restored.txt"
if ! diff -u "$workdir/source.txt" "$workdir/restored.txt"; then
  echo "ÉCHEC : la base restaurée ne contient pas les mêmes lignes que la source." >&2
  exit 1
fi
tables=$(wc -l <"$workdir/source.txt")
rows=$(awk -F'|' '{ total += $2 } END { print total + 0 }' "$workdir/source.txt")
if [[ "$tables" -eq 0 || "$rows" -eq 0 ]]; then
  echo "ÉCHEC : la base source est vide, le drill ne prouve rien." >&2
  exit 1
fi

# Self-check: the comparison must notice a single missing row.
victim=$(awk -F'|' '$2 > 0 { print $1; exit }' "$workdir/source.txt")
sql "$server/$scratch" "SET session_replication_role = replica;
  DELETE FROM public.\"$victim\" WHERE ctid = (SELECT ctid FROM public.\"$victim\" LIMIT 1)" >/dev/null
row_counts "$server/$scratch" >"$workdir/tampered.txt"
if diff -q "$workdir/source.txt" "$workdir/tampered.txt" >/dev/null; then
  echo "ÉCHEC : la comparaison n'a pas vu une ligne supprimée dans $victim." >&2
  exit 1
fi

echo
echo "Drill de restauration réussi :"
echo "  source            $source_db"
echo "  sauvegarde        $(du -h "$dump" | cut -f1) (pg_dump --format=custom)"
echo "  tables comparées  $tables (nombre de lignes identique pour chacune)"
echo "  lignes            $rows"
echo "  auto-contrôle     une ligne retirée de $victim est bien détectée"
echo "  durée             $((SECONDS - started)) s"
