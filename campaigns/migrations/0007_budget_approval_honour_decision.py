"""Budgets get an approved amount (set by the finance department) and a settlement; the planned
amount becomes the estimate (a rename: every existing line keeps its figure as its estimate).
Agencies can be marked as the finance department; honours keep the decision that confers them."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0006_sheet_column_choices'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name='budget', name='budget_not_negative'),
        migrations.RenameField(model_name='budget', old_name='amount', new_name='estimate'),
        migrations.AlterField(
            model_name='budget',
            name='estimate',
            field=models.DecimalField(decimal_places=3, max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='estimate (million VND)'),
        ),
        migrations.AddField(
            model_name='budget',
            name='approved',
            field=models.DecimalField(blank=True, decimal_places=3, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='approved (million VND)'),
        ),
        migrations.AddField(
            model_name='budget',
            name='approved_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='approved on'),
        ),
        migrations.AddField(
            model_name='budget',
            name='approved_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='budget',
            name='settlement',
            field=models.DecimalField(blank=True, decimal_places=3, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='settlement (million VND)'),
        ),
        migrations.AlterModelOptions(
            name='budget',
            options={'ordering': ['year', 'source'], 'permissions': [('approve_budget', 'Can approve budgets (as the finance department does)')], 'verbose_name': 'budget', 'verbose_name_plural': 'budgets'},
        ),
        migrations.AddConstraint(
            model_name='budget',
            constraint=models.CheckConstraint(condition=models.Q(('estimate__gte', 0)), name='budget_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='budget',
            constraint=models.CheckConstraint(condition=models.Q(('approved__gte', 0), ('approved__isnull', True), _connector='OR'), name='budget_approved_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='budget',
            constraint=models.CheckConstraint(condition=models.Q(('settlement__gte', 0), ('settlement__isnull', True), _connector='OR'), name='budget_settlement_not_negative'),
        ),
        migrations.AddField(
            model_name='agency',
            name='approves_budgets',
            field=models.BooleanField(default=False, verbose_name='finance department (approves budgets)'),
        ),
        migrations.AddField(
            model_name='honour',
            name='decision_number',
            field=models.CharField(blank=True, max_length=60, verbose_name='decision number'),
        ),
        migrations.AddField(
            model_name='honour',
            name='decision_date',
            field=models.DateField(blank=True, null=True, verbose_name='decision date'),
        ),
    ]
