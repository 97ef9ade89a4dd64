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
- Chaque PDF est rendu onze fois, chaque rendu en paire avec un rendu de sa référence figée
  (le rapport vivant d'abord dans une paire, la référence d'abord dans la suivante) ; le budget
  lit la médiane des rapports des paires, et la médiane des parts de la collecte. D'une minute
  à l'autre, le même rendu varie d'un cinquième, parfois de moitié, sur ces machines
  virtuelles : le 6 décembre, huit rendus de la référence du rapport d'une maison ont pris de
  1,08 à 1,62 s de temps processeur (le temps processeur, pas l'attente : la vitesse du cœur
  elle-même). Le rapport des médianes de deux séries de cinq lisait ce jour-là 1,29 alors que
  les paires lisaient 1,10 à 1,36 ; sept paires ont lu de 0,81 à 1,49 (médiane 1,17) pour un
  rapport qui coûte 1,05 fois sa référence (collecte 6 %, gabarits 1 à 2 %). Avec onze paires,
  la médiane tombe à un dixième près.
- Les pages des effectifs (vue nationale, page régionale) et l'accueil d'un agent d'ARS
  évaluent la dernière déclaration de chaque maison contre le référentiel : quelques
  millisecondes par maison, deux secondes pour mille. Le processus garde (`masp.staffing.
  queries`) le référentiel du jour (`Context.cached`, jeton renouvelé par tout enregistrement
  d'une fonction, d'un référentiel, d'une règle ou des fonctions d'une règle), chaque verdict
  sous une clé qui nomme ce qu'il a lu (la déclaration, la capacité, l'empreinte du référentiel
  et du catalogue, la langue) et les lignes construites sous le jeton des maisons et des
  déclarations : une visite suivante ne lit ni le référentiel ni les déclarations, et une
  déclaration nouvelle n'oblige à évaluer qu'elle (`tests/bench/test_staffing_rows.py`,
  `tests/masp/staffing/test_evaluation_cache.py`). Le tableau des règles d'une maison est
  écrit en Python (`masp.staffing.rendering`).
- Le financement (coût de référence, forfaits, barème des indicateurs d'une année :
  `funding.cache`), les partenaires exigés (`partners.cache`) et, pour les accueils et le
  tableau de bord d'une maison, les conventions, enveloppes et le calendrier des campagnes
  (`workspace.cache`) suivent la même règle : lus une fois par processus ou gardés dans le
  cache partagé, sous un jeton renouvelé à l'enregistrement et de nouveau à la validation de la
  transaction (`common.cache.CommitToken`, `common.cache.ProcessMemo`), et pour quelques
  minutes au plus. Les indicateurs de convention (EMSP, HAD) du barème lisent les conventions
  en vigueur d'une maison en une requête pour les deux.
- Les cartes (couverture, implantation, PDF) dessinent les contours des départements une fois
  par processus et par version des géométries (`territories.maps.render_map(outlines=...)`,
  jeton `masp.coverage.maps.OUTLINES`) : projection, tracés et position des noms ne dépendent
  que des géométries ; valeurs, couleurs, noms et marqueurs sont écrits à chaque carte. Les
  lignes du tableau de la couverture sont écrites une fois par contenu
  (`masp.coverage.views.written_row`) : après l'ouverture d'une maison, seule la ligne de son
  département est réécrite. La couverture nationale juste après une modification est passée de
  36 à 4,5 fois le plancher.
- La liste de l'API des maisons est écrite depuis des lignes de valeurs
  (`common.api.serializers.values_representation`) : les colonnes que lisent les champs du
  sérialiseur, chacune écrite par le `to_representation` de son champ, sans instance de modèle
  ni recherche d'attribut par champ (le même JSON, `tests/config/test_api_serializers.py`) ;
  une requête passe de 1,7 à 1,4 fois le plancher.
- La liste de l'API des rapports d'activité aussi (`masp.activity.api.ReportWriter`) : les
  colonnes d'une page lues par `.values()` (la région de la maison et le calendrier de la
  campagne compris), sans instance de rapport, de campagne, de maison ni de département ; un
  seul rédacteur écrit la liste et le rapport seul (le même JSON que le sérialiseur de DRF
  lui-même, `tests/masp/activity/test_api.py`) ; les étapes de l'historique ne sont lues que
  pour les rapports dont le lecteur lit l'historique (un analyste : les validés). Ce qu'un
  utilisateur lit se décide sur la portée et les clés (`masp.perms.reads_report_figures`,
  `follows_house_reports`), les prédicats sur les objets s'appuient dessus. La page d'un
  analyste est passée de 2,8-3,3 à 2,1-2,4 fois le plancher.
- La collecte d'un PDF garde la référence nationale mois par mois (la même pour tous les
  rapports d'une période) sous le jeton des rapports, renouvelé par tout enregistrement d'un
  rapport ou d'une campagne, et de nouveau à la validation de la transaction ; les sommes des
  indicateurs lisent leurs noms une fois (`masp.activity.queries.SUMMED`) au lieu de construire
  les dix-sept expressions d'agrégat pour chaque ligne. La collecte du rapport d'une maison est
  passée de 0,106 à 0,07 s (de 9 % à 6 % du rapport).
- Les listes déroulantes de maisons, de régions ou de scénarios (`common.forms.
  NamedChoiceField`) lisent les couples (clé, nom) d'une requête, sans instance de modèle par
  option, et `CompactSelect` écrit aussi en Python les groupes d'options (périodes et statuts
  des exports).
- `seed_bench` écrit par `COPY FROM STDIN` sur PostgreSQL (`common.bench.insert_rows`, les clés
  tirées de la séquence d'abord, `common.bench.draw_keys`) : construire le SQL de `bulk_create`,
  un paramètre adapté par champ et par ligne, prenait l'essentiel de son temps. Le reste est la
  génération (chiffres plausibles, règles de contrôle de chaque rapport) et le démarrage de
  Django. Depuis : le ramasse-miettes passe cent fois moins souvent pendant le chargement
  (`common.collection.fewer_collections`, un sixième du chargement) ; les lignes d'effectifs,
  quelques dizaines de lignes distinctes répétées sur 20 000, sont construites une fois chacune
  et leur grille encodée une fois en JSON ; `manage.py` met ses objets à l'écart du
  ramasse-miettes à la sortie (`gc.freeze`, le démontage de l'interpréteur les parcourait
  plusieurs fois : un quart de seconde par commande) ; `django.setup()` ne charge plus numpy,
  PyJWT ni pypdf, importés là où ils servent (tests/config/test_startup.py). Sur la même
  machine, `seed_bench` est passé de 3,55 à 2,8 s et `manage.py check` de 0,72 à 0,41 s.
- gunicorn tourne avec le cache par défaut (mémoire locale, un par worker) : chaque worker
  calcule une fois les chiffres du tableau de bord et de la couverture.
- Les temps absolus dépendent de la charge de la machine (d'autres processus tournaient pendant
  la mesure) ; les rapports au plancher, mesurés dans la même exécution, sont plus stables.

"""

HOW_TO = """\
## Limites

- **Pages** : à 1 000 maisons, le temps serveur médian de chaque liste, tableau de bord, page
  d'accueil (« Mes actions » de chaque rôle), du hub d'une maison et de la page d'implantation
  est au plus **3 fois** celui du plancher `/_floor/` (l'issue 24 en demandait 4 pour les
  accueils et le hub : 3 est plus strict) ; son nombre de requêtes SQL est **identique** à 100
  et à 1 000 maisons (une requête de plus par maison se verrait là, pas dans un temps).
- **Cache froid** : le tableau de bord national et la couverture, rendus juste après
  l'enregistrement d'une maison (qui renouvelle leur jeton de cache), au plus **10 fois** le
  plancher.
- **Sous charge** (gunicorn 2 workers, `wrk`) : l'API des maisons sert au moins **60 %** et le
  tableau de bord national au moins **35 %** des requêtes par seconde du plancher ; pour
  chacun, le 99ᵉ centile de latence est au plus **2 fois** la médiane (pas de queue de
  recalculs ou de pauses).
- **seed_bench** : le chargement des 1 000 maisons x 36 mois (commande entière) au plus
  **3 fois** le `COPY FROM STDIN` brut des mêmes lignes (générées d'abord à partir de la base
  chargée, puis chargées dans une copie neuve du gabarit, en une transaction validée) ; trois
  paires de chargements, le COPY après `seed_bench` dans une paire et avant dans la suivante,
  le budget lisant la médiane des rapports des paires (la vitesse du disque change de moitié
  d'une minute à l'autre : le même COPY a duré 1,7 et 3,6 s dans deux exécutions d'une même
  matinée).
- **PDF** : le rapport d'une maison et celui de la région la plus proche de 50 maisons, collecte
  comprise, au plus **1,2 fois** le rendu WeasyPrint de leur HTML figé (`bench/references/`),
  rendu dans la même exécution ; la collecte des données reste sous **10 %** du total.
- **Export CSV** : au plus **2 fois** le `COPY … TO STDOUT` brut de la même requête ; pic mémoire
  sous 50 Mo.
- **Implantation** (issue 26) : encore en secondes et en mégaoctets (glouton France < 2 s, optimum
  exact régional < 10 s, exact France < 65 s) ; les rapporter à une référence reste à faire.

## Reproduire

```sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/masp make bench
```

`make bench` installe `wrk` (Debian) s'il manque, crée une base de travail `masp_bench`
(`MASP_BENCH_DB` pour un autre nom)
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
   cookie de session d'un analyste, chaque cible chauffée 2 s puis cinq tours des cibles l'une
   après l'autre, chaque chiffre la médiane de ses cinq tours, la queue (p99 / p50) lue dans
   chaque tour. Le plancher lui-même, une page qui ne fait rien, lit un p99 de 1,4 à 2,2 fois
   sa médiane d'un tour de dix secondes à l'autre (`wrk`, deux workers et PostgreSQL se
   partagent deux cœurs dont la vitesse varie de moitié en une minute), et une fois 7,9 fois ;
   une rafale de l'hyperviseur tombe dans un tour : un tour du tableau de bord a lu 5,2 fois
   quand les autres lisaient 1,4 à 1,8 ;
3. l'export CSV de tous les rapports d'activité (`/api/v1/exports/activity-reports.csv`)
   contre un `COPY (SELECT …) TO STDOUT` brut de la même requête, médiane de 5 ; pic mémoire
   par `tracemalloc` ;
4. les PDF : rapport d'une maison et rapport de la région la plus proche de 50 maisons, sur
   12 mois, en séparant la collecte des données (sections) et le rendu (gabarits + WeasyPrint) ;
   médiane de 5 rendus de chacun (collecte comprise) après un premier qui charge les polices.

Les budgets sont des rapports à un plancher mesuré dans la même exécution : ces machines sont
bruyantes, les temps absolus dérivent. Un FAIL est un défaut à corriger, pas un seuil à relâcher.
`bench/results.json` garde l'historique : une entrée par exécution (commit, `dirty` si des
fichiers suivis étaient modifiés, machine, références, valeur, limite et verdict de chaque
budget) et, sous `last`, tous les chiffres de la dernière, d'où cette page est écrite
(`python bench/report.py` la réécrit).

Quand une modification des gabarits des PDF doit changer les rapports (des pages en plus),
les références sont figées à nouveau dans le même commit, avec le nombre de pages et la raison
dans le message du commit :

```sh
DATABASE_URL=postgres://postgres@127.0.0.1:5432/masp make bench-freeze
```

(`bench/run.py --freeze` : charge 1 000 maisons, réécrit `bench/references/site.html`,
`region.html`, `print.css` et `references.json`.)
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
    lines = [
        "Médianes de cinq tours (les cibles l'une après l'autre à chaque tour) ; le budget "
        "lit la médiane des p99 / p50 de chaque tour.",
        "",
        "| Cible | req/s | % plancher | p50 ms | p99 ms | p99 / p50 par tour |",
        "|---|---|---|---|---|---|",
    ]
    floor = load["floor"]["requests_per_s"]
    for label, row in load.items():
        share = row["requests_per_s"] / floor
        tails = ", ".join(
            f"{run['p99_ms'] / run['p50_ms']:.2f}" for run in row.get("rounds", []) if run["p50_ms"]
        )
        lines.append(
            f"| {label} (`{row['path']}`) | {row['requests_per_s']:.0f} | {share:.0%} "
            f"| {row.get('p50_ms')} | {row.get('p99_ms')} | {tails} |"
        )
    return lines


def _runs(runs: list[float]) -> str:
    return f"{len(runs)} rendus : " + ", ".join(f"{run} s" for run in runs)


def _pdf_line(label: str, report: dict[str, Any]) -> str:
    reference = report["reference"]
    return (
        f"- {label} : {report['seconds']} s, {report['pages']} pages (médiane de "
        f"{_runs(report['runs_s'])}) dont collecte {report['gather_s']} s "
        f"(part médiane {report['gather_share']:.1%}) ; référence figée "
        f"{reference['seconds']} s, {reference['pages']} pages (médiane de "
        f"{_runs(reference['runs_s'])}) ; rapport médian des paires "
        f"{report['ratio']:.2f} ({', '.join(f'{ratio:.2f}' for ratio in report['ratios'])})."
    )


def _other_lines(large: dict[str, Any]) -> list[str]:
    export, pdf, copy = large["export"], large["pdf"], large["copy"]
    region = pdf["region"]
    return [
        f"- Export `{export['path']}` : {export['rows']} lignes en {export['export_s']} s "
        f"({export['export_rows_per_s']} lignes/s) contre {export['copy_s']} s pour le COPY brut "
        f"({export['copy_rows_per_s']} lignes/s) : {export['ratio']}x ; pic mémoire "
        f"{export['peak_memory_mb']} Mo.",
        _pdf_line(f"PDF d'une maison ({pdf['period'][0]} → {pdf['period'][1]})", pdf["site"]),
        _pdf_line(f"PDF régional ({region['code']}, {region['houses']} maisons)", region),
        "- Chargement `seed_bench` (commande entière) : "
        + ", ".join(f"{size['sites']} maisons en {size['seed_s']} s" for size in large["_all"])
        + f" ; COPY brut des mêmes lignes ({copy['rows']} lignes, {copy['tables']} tables, "
        f"{copy['megabytes']} Mo) : {copy['seconds']} s ; paires (seed_bench / COPY) "
        + ", ".join(
            f"{seed_s} / {copy_s} s"
            for seed_s, copy_s in zip(large["seed_runs_s"], copy["runs_s"], strict=True)
        )
        + f", médiane des rapports {copy['ratio']}.",
    ]


def _cold_lines(cold: dict[str, Any], floor_ms: float) -> list[str]:
    return [
        f"- {label} (`{page['path']}`) juste après l'enregistrement d'une maison : "
        f"{page['median_ms']} ms = {page['median_ms'] / floor_ms:.1f}x plancher "
        f"(rendus : {', '.join(str(run) for run in page['runs_ms'])} ms)."
        for label, page in cold.items()
    ]


def _steal(machine: dict[str, Any]) -> str:
    share = machine.get("steal_share")
    if share is None:
        return ""
    return f" ; part du temps de calcul prise par l'hyperviseur (steal) : {share:.0%}"


def _limit(budget: dict[str, Any]) -> str:
    return f"{budget['comparison']} {budget['limit']} {budget['unit']}".strip()


def _references(large: dict[str, Any]) -> list[str]:
    pdf = large["pdf"]
    site, region = pdf["site"]["reference"], pdf["region"]["reference"]
    return [
        "**Références de cette machine** (mesurées dans la même exécution, dénominateurs des "
        "budgets) :",
        "",
        f"- plancher `/_floor/` à {large['sites']} maisons : "
        f"**{large['pages']['floor']['median_ms']} ms** (médiane), "
        f"**{large['load']['floor']['requests_per_s']:.0f} req/s** sous charge ;",
        f"- rendu des PDF figés (`bench/references/`) : maison **{site['seconds']} s** "
        f"({site['pages']} pages), région **{region['seconds']} s** ({region['pages']} pages) ;",
        f"- COPY FROM STDIN brut des lignes de `seed_bench` : **{large['copy']['seconds']} s** ;",
        f"- COPY TO STDOUT brut de l'export : **{large['export']['copy_s']} s**.",
    ]


def write_markdown(results: dict[str, Any], path: Path) -> None:
    machine = results["machine"]
    sizes = list(results["sizes"].values())
    large = {**sizes[-1], "_all": sizes}
    passed = sum(budget["ok"] for budget in results["budgets"])
    dirty = " (avec des modifications non commitées)" if machine.get("dirty") else ""
    lines = [
        "# Performances",
        "",
        "Généré par `make bench` (`bench/run.py`) ; chiffres bruts et historique dans "
        "`bench/results.json`.",
        "",
        *_references(large),
        "",
        f"Mesuré le {results['date']} sur {machine['nproc']} cœurs, {machine['memory_gb']} Go, "
        f"Python {machine['python']}, PostgreSQL {machine['postgresql']}, commit "
        f"`{machine['commit'][:7]}`{dirty} ; charge au départ {machine.get('load_average')} ; "
        f"durée totale {results['duration_s']} s{_steal(machine)}.",
        "",
        f"## Budgets : {passed} PASS sur {len(results['budgets'])}",
        "",
        "| Budget | Résultat | Limite | Mesure |",
        "|---|---|---|---|",
        *(
            f"| {b['name']} | {'PASS' if b['ok'] else 'FAIL'} | {_limit(b)} | {b['detail']} |"
            for b in results["budgets"]
        ),
        "",
        "## Pages et listes d'API (dans le processus)",
        "",
        *_pages_table(results),
        "",
        "## Cache froid (1000 maisons)",
        "",
        *_cold_lines(large.get("cold", {}), large["pages"]["floor"]["median_ms"]),
        "",
        f"## Sous charge ({sizes[-1]['sites']} maisons)",
        "",
        *_load_table(sizes[-1]["load"]),
        "",
        "## Seed, export et PDF",
        "",
        *_other_lines(large),
        "",
        NOTES,
        HOW_TO,
    ]
    path.write_text("\n".join(lines))


if __name__ == "__main__":  # docs/performance.md again from the last run of bench/results.json
    import json

    root = Path(__file__).resolve().parent.parent
    document = json.loads((root / "bench" / "results.json").read_text())
    write_markdown(document["last"], root / "docs" / "performance.md")
