"""Issue 23, step 3: the retired fields, once 0003 moved their data (the scheme's single
maximum amount became axis amounts; the daily fee became `ResidentDailyFee`)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("funding", "0003_funding_natures_daily_fee_schemes_data")]

    operations = [
        migrations.RemoveField(model_name="indicatorscheme", name="max_amount"),
        migrations.RemoveField(model_name="referencecost", name="daily_fee"),
    ]
