"""Issue 23, step 1 (schema, additive): a nature on every funding line, the residents' daily
fee as its own dated parameter, and seed 003's shape for the indicator-based part (a fixed
part, three axes with their amounts, sourced rules). The data follow in 0003; the retired
fields go in 0004."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models

MONEY_VALIDATORS = [django.core.validators.MinValueValidator(Decimal("0"))]
AXES = [
    ("access", "accès aux soins et continuité des soins"),
    ("teamwork", "travail en équipe et coordination"),
    ("information", "système d'information partagé"),
]
NATURES = [
    ("running", "fonctionnement"),
    ("investment", "investissement"),
    ("start_up", "amorçage / non reconductible"),
]


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial_funding")]

    operations = [
        migrations.AlterField(
            model_name="fundingline",
            name="kind",
            field=models.CharField(
                choices=[
                    ("operating_allocation", "dotation de fonctionnement"),
                    ("non_recurring", "crédits non reconductibles"),
                    ("investment", "investissement"),
                    ("start_up", "crédits d'amorçage"),
                    ("indicator_based", "part variable (indicateurs)"),
                ],
                max_length=25,
                verbose_name="type de décision",
            ),
        ),
        # Every existing row gets "running" for a moment; 0003 sets the reviewed nature.
        migrations.AddField(
            model_name="fundingline",
            name="nature",
            field=models.CharField(
                choices=NATURES,
                default="running",
                help_text=(
                    "Seul le fonctionnement est comparé au coût de référence ; l'investissement "
                    "et l'amorçage sont présentés à part."
                ),
                max_length=12,
                verbose_name="nature",
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="fundingline",
            constraint=models.CheckConstraint(
                condition=models.Q(nature__in=["running", "investment", "start_up"]),
                name="funding_line_nature_valid",
            ),
        ),
        migrations.CreateModel(
            name="ResidentDailyFee",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("valid_from", models.DateField(unique=True, verbose_name="applicable à partir du")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14, validators=MONEY_VALIDATORS, verbose_name="forfait journalier (€)")),
                ("source_note", models.CharField(max_length=250, verbose_name="source")),
            ],
            options={
                "verbose_name": "forfait journalier du résident",
                "verbose_name_plural": "forfaits journaliers du résident",
                "ordering": ["-valid_from"],
            },
        ),
        migrations.AddField(
            model_name="indicatorscheme",
            name="fixed_amount",
            field=models.DecimalField(
                decimal_places=2,
                default=Decimal("0.00"),
                help_text="Pour une année entière d'ouverture ; au prorata des jours d'ouverture.",
                max_digits=14,
                validators=MONEY_VALIDATORS,
                verbose_name="part fixe par maison (€)",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="indicatorscheme",
            name="source_note",
            field=models.TextField(
                default="",
                help_text=(
                    "D'où viennent les montants ; ce que la source ne dit pas et qui est supposé."
                ),
                verbose_name="source et hypothèses",
            ),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="IndicatorAxis",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("axis", models.CharField(choices=AXES, max_length=12, verbose_name="axe")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14, validators=MONEY_VALIDATORS, verbose_name="montant maximal de l'axe par maison (€)")),
                ("source_note", models.CharField(max_length=500, verbose_name="source et hypothèses")),
                ("scheme", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="axes", to="funding.indicatorscheme", verbose_name="barème")),
            ],
            options={
                "verbose_name": "axe de la part variable",
                "verbose_name_plural": "axes de la part variable",
                "ordering": ["scheme", "axis"],
                "constraints": [
                    models.UniqueConstraint(fields=("scheme", "axis"), name="one_amount_per_scheme_axis"),
                    models.CheckConstraint(condition=models.Q(axis__in=["access", "teamwork", "information"]), name="indicator_axis_valid"),
                ],
            },
        ),
        migrations.AddField(
            model_name="indicatorrule",
            name="axis",
            field=models.CharField(choices=AXES, default="access", max_length=12, verbose_name="axe"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="indicatorrule",
            name="source_note",
            field=models.CharField(default="", max_length=500, verbose_name="source et hypothèses"),
            preserve_default=False,
        ),
        migrations.AlterModelOptions(
            name="indicatorrule",
            options={
                "ordering": ["scheme", "axis", "indicator", "threshold"],
                "verbose_name": "règle de la part variable",
                "verbose_name_plural": "règles de la part variable",
            },
        ),
        migrations.AddConstraint(
            model_name="indicatorrule",
            constraint=models.CheckConstraint(
                condition=models.Q(axis__in=["access", "teamwork", "information"]),
                name="indicator_rule_axis_valid",
            ),
        ),
    ]
