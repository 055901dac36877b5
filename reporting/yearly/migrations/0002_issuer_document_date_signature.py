"""The report's issuer and document date; the one-line signer's title becomes a multi-line signature
block (renamed, so every report keeps the title it had as the block's single line)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="yearlyreport",
            name="issuer",
            field=models.CharField(
                choices=[("department", "The department"), ("committee", "The provincial People's Committee")],
                default="department",
                help_text="The header, the number's symbol and the signature follow the issuer.",
                max_length=12,
                verbose_name="issued by",
            ),
        ),
        migrations.AddField(
            model_name="yearlyreport",
            name="document_date",
            field=models.DateField(
                blank=True,
                help_text="The date printed under the motto. Blank: the day a version is generated.",
                null=True,
                verbose_name="document date",
            ),
        ),
        migrations.RenameField(model_name="yearlyreport", old_name="signer_title", new_name="signature"),
        migrations.AlterField(
            model_name="yearlyreport",
            name="signature",
            field=models.TextField(
                default="GIÁM ĐỐC",
                help_text="One line each, in capitals, e.g. “KT. GIÁM ĐỐC” then “PHÓ GIÁM ĐỐC” (at most 4 lines).",
                verbose_name="signature block",
            ),
        ),
    ]
