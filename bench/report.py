"""docs/performance.md from bench/results.json: the figures and how to reproduce them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

NOTES = """\
## Lecture

- Le plancher `/_floor/` est une page connectée qui traverse tout le middleware et le gabarit
  commun (en-tête, navigation, pied de page) sans rien faire d'autre : le rapport d'une page au
  plancher mesure ce que la page ajoute à ce que toute page paie. Il n'existe que dans les
  processus du banc (`bench/run.py` définit `MASP_BENCH_FLOOR=True`), jamais en production.
- Les pages sont mesurées à tour de rôle, plancher compris (une requête de chacune par tour) :
  plancher et pages voient les mêmes instants d'une machine bruyante.
- Le tableau de bord garde en cache (jeton renouvelé à chaque enregistrement d'un rapport, d'une
  maison, d'une campagne, d'une déclaration d'effectifs ou d'un référentiel) ses agrégats, la
  liste des maisons et les écarts d'effectifs ; la médiane mesure donc la page servie depuis le
  cache, le premier affichage après une modification coûte davantage.
- Ce qui tient les pages près du plancher : les choix des filtres (régions, départements) lus
  une fois et gardés en cache (`territories.forms`), des listes déroulantes sans gabarit par
  option (`templates/django/forms/widgets/select.html`, `CompactSelect`, `PlainChoices`),
  `get_FOO_display()` sans reconstruire les libellés à chaque ligne (`common.models.ChoiceLabels`),
  des listes qui ne lisent que les colonnes affichées, des champs DRF déduits du modèle construits
  une fois par classe (`common.api.serializers.ModelSerializer`) et, pour l'API des rapports, des
  chiffres entiers copiés en une passe.
- La file d'instruction montre les rapports à instruire par pages de 20 (le total vient de
  l'agrégat des badges, sans `COUNT` de plus) et trois rappels de 10 lignes avec leur total
  (renvoyés, retards, validés) ; l'index (maison, statut) des rapports sert ses listes ; la
  liste des retards est gardée en cache avec les chiffres du tableau de bord (même jeton, renouvelé
  à chaque enregistrement d'un rapport, d'une maison ou d'une campagne, et le jour dans la clé).
- L'API des rapports coupe ses pages sur les clés d'abord (`common.api.pagination.
  KeysFirstPagination`) : PostgreSQL trie des lignes étroites (clé et colonnes du tri) puis ne
  lit que les cinquante rapports de la page, au lieu de trier les 1 800 rapports complets (soixante
  chiffres chacun) d'une région pour en garder cinquante ; 11 ms de requête deviennent 3 + 4 ms.
- Les PDF ne recalculent pas l'accessibilité (chaque commune comparée à chaque maison) : elle est
  gardée en cache sous une clé tirée des communes et des coordonnées exactes des maisons, donc
  jamais périmée ; la collecte d'un PDF de maison est passée de 0,36 s à moins de 0,1 s.
- Le rendu WeasyPrint est l'essentiel du temps d'un PDF, et son coût suit le nombre de boîtes
  et de lignes de texte. Ce qui l'a réduit d'environ un tiers (mesuré en alternant ancienne et
  nouvelle version dans le même processus) : la carte imprimée sans infobulles, ses marqueurs en
  deux chemins de points (au lieu d'un cercle par maison), les départements voisins découpés au
  cadre et la légende écrite dans la page (WeasyPrint compose un texte SVG lettre par lettre) ;
  les barres en tableau HTML plutôt qu'en SVG ; des tableaux à largeurs fixes (la mise en page
  automatique mesurait deux fois le texte de chaque cellule) ; le sommaire sans `leader()` ni
  filet pointillé, les encadrés vides sans tirets, les alertes en lignes plutôt qu'en listes à
  puces, les badges en ligne plutôt qu'en `inline-block` ; le tableau des distances de la
  couverture sans les colonnes déjà données par le tableau du territoire ; les polices chargées
  une fois par fil d'exécution ; le ramasse-miettes de Python appelé cent fois moins souvent
  pendant le rendu (`reporting.pdf.rendering.fewer_collections` : un dixième à un cinquième de
  moins sur le rapport régional, mesuré en alternance).
- Les budgets des PDF sont en secondes, pas en rapport au plancher : ils dépendent donc de la
  vitesse de la machine. Le même code qui les tient avec une marge sur une machine (plancher
  vers 5 ms) les dépasse sur une machine trois à quatre fois plus lente (plancher vers 20 ms).
  Chacun est la médiane de cinq rendus : d'une minute à l'autre, le même rendu varie d'un
  cinquième sur ces machines virtuelles, dont l'hyperviseur reprend une part du temps de calcul
  (le « steal », relevé en tête de page ; `top` en a montré jusqu'à un quart).
- gunicorn tourne avec le cache par défaut (mémoire locale, un par worker) : chaque worker
  calcule une fois les chiffres du tableau de bord et de la couverture.
- Les temps absolus dépendent de la charge de la machine (d'autres processus tournaient pendant
  la mesure) ; les rapports au plancher, mesurés dans la même exécution, sont plus stables.

"""

HOW_TO = """\
## Reproduire

```sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/masp make bench
```

`make bench` installe `wrk` (Debian) s'il manque, crée une base de travail `masp_bench`
à côté de celle de `DATABASE_URL` (supprimée et recréée ; la base de `DATABASE_URL` n'est pas
modifiée), la migre, charge les données de référence puis, pour 100 puis 1 000 maisons x 36 mois,
`manage.py seed_bench --sites N --months 36` (déterministe : graine `--seed`, 2026 par défaut) et
mesure :

1. les pages et listes d'API dans le processus (client de test Django,
   `CaptureQueriesContext`) : nombre de requêtes SQL (3 tours comptés après 2 de chauffe) et
   temps serveur médian sur 20 tours chronométrés sans l'enregistreur de requêtes, où chaque
   page, plancher compris, est demandée une fois par tour, comparés à la page plancher
   `/_floor/` (connectée, même middleware, gabarit commun, ne fait rien) ;
2. la charge HTTP : gunicorn (2 workers) sur 127.0.0.1, `wrk -t2 -c10 -d10s --latency` avec le
   cookie de session d'un analyste ;
3. l'export CSV de tous les rapports d'activité (`/api/v1/exports/activity-reports.csv`)
   contre un `COPY (SELECT …) TO STDOUT` brut de la même requête, médiane de 5 ; pic mémoire
   par `tracemalloc` ;
4. les PDF : rapport d'une maison et rapport de la région la plus proche de 50 maisons, sur
   12 mois, en séparant la collecte des données (sections) et le rendu (gabarits + WeasyPrint) ;
   médiane de 5 rendus de chacun (collecte comprise) après un premier qui charge les polices.

Les budgets sont des rapports à un plancher mesuré dans la même exécution : ces machines sont
bruyantes, les temps absolus dérivent. Un FAIL est un défaut à corriger, pas un seuil à relâcher.
Les tests marqués `bench` (`pytest -m bench`) gardent dans la suite normale la version réduite
du point 1 : nombres de requêtes identiques à 10 et 50 maisons pour chaque page.
"""


def _pages_table(results: dict[str, Any]) -> list[str]:
    sizes = results["sizes"]
    labels = list(next(iter(sizes.values()))["pages"])
    head = "| Page | " + " | ".join(f"requêtes ({n})" for n in sizes)
    head += " | " + " | ".join(f"médiane ms ({n})" for n in sizes) + " | x plancher |"
    lines = [head, "|" + "---|" * (2 + 2 * len(sizes))]
    largest = list(sizes.values())[-1]["pages"]
    floor = largest["floor"]["median_ms"]
    for label in labels:
        counts = " | ".join(str(size["pages"][label]["queries"]) for size in sizes.values())
        times = " | ".join(str(size["pages"][label]["median_ms"]) for size in sizes.values())
        ratio = largest[label]["median_ms"] / floor
        lines.append(f"| {label} (`{largest[label]['path']}`) | {counts} | {times} | {ratio:.1f} |")
    return lines


def _load_table(load: dict[str, Any]) -> list[str]:
    lines = ["| Cible | req/s | % plancher | p50 ms | p99 ms |", "|---|---|---|---|---|"]
    floor = load["floor"]["requests_per_s"]
    for label, row in load.items():
        share = row["requests_per_s"] / floor
        lines.append(
            f"| {label} (`{row['path']}`) | {row['requests_per_s']:.0f} | {share:.0%} "
            f"| {row.get('p50_ms')} | {row.get('p99_ms')} |"
        )
    return lines


def _runs(report: dict[str, Any]) -> str:
    runs = report["runs_s"]
    return f"{len(runs)} rendus : " + ", ".join(f"{run} s" for run in runs)


def _other_lines(large: dict[str, Any]) -> list[str]:
    export, pdf = large["export"], large["pdf"]
    return [
        f"- Export `{export['path']}` : {export['rows']} lignes en {export['export_s']} s "
        f"({export['export_rows_per_s']} lignes/s) contre {export['copy_s']} s pour le COPY brut "
        f"({export['copy_rows_per_s']} lignes/s) : {export['ratio']}x ; pic mémoire "
        f"{export['peak_memory_mb']} Mo.",
        f"- PDF d'une maison ({pdf['period'][0]} → {pdf['period'][1]}) : "
        f"{pdf['site']['seconds']} s (médiane de {_runs(pdf['site'])}) "
        f"dont collecte {pdf['site']['gather_s']} s ({pdf['site']['gather_share']:.1%}).",
        f"- PDF régional ({pdf['region']['code']}, {pdf['region']['houses']} maisons) : "
        f"{pdf['region']['seconds']} s (médiane de {_runs(pdf['region'])}) "
        f"dont collecte {pdf['region']['gather_s']} s ({pdf['region']['gather_share']:.1%}).",
        "- Chargement `seed_bench` : "
        + ", ".join(f"{size['sites']} maisons en {size['seed_s']} s" for size in large["_all"])
        + ".",
    ]


def _steal(machine: dict[str, Any]) -> str:
    share = machine.get("steal_share")
    if share is None:
        return ""
    return f" ; part du temps de calcul prise par l'hyperviseur (steal) : {share:.0%}"


def write_markdown(results: dict[str, Any], path: Path) -> None:
    machine = results["machine"]
    sizes = list(results["sizes"].values())
    large = {**sizes[-1], "_all": sizes}
    lines = [
        "# Performances",
        "",
        "Généré par `make bench` (`bench/run.py`) ; chiffres bruts dans `bench/results.json`.",
        "",
        f"Mesuré le {results['date']} sur {machine['nproc']} cœurs, {machine['memory_gb']} Go, "
        f"Python {machine['python']}, PostgreSQL {machine['postgresql']}, commit "
        f"`{machine['commit']}` ; durée totale {results['duration_s']} s{_steal(machine)}.",
        "",
        "## Budgets",
        "",
        "| Budget | Résultat | Mesure |",
        "|---|---|---|",
        *(
            f"| {b['name']} | {'PASS' if b['ok'] else 'FAIL'} | {b['detail']} |"
            for b in results["budgets"]
        ),
        "",
        "## Pages et listes d'API (dans le processus)",
        "",
        *_pages_table(results),
        "",
        f"## Sous charge ({sizes[-1]['sites']} maisons)",
        "",
        *_load_table(sizes[-1]["load"]),
        "",
        "## Export et PDF",
        "",
        *_other_lines(large),
        "",
        NOTES,
        HOW_TO,
    ]
    path.write_text("\n".join(lines))
