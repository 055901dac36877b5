from typing import Any

from django.db import migrations, models


STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("under_review", "Under review"),
    ("reviewed", "Reviewed by the expert"),
    ("returned", "Returned for changes"),
    ("validated", "Validated"),
]


def accepted_reads_reviewed(apps: Any, schema_editor: Any) -> None:
    """An assessment the expert accepted (reviewed_at set) and the department has not decided yet
    was left "under review"; it now has a state of its own."""
    Assessment = apps.get_model("assessments", "Assessment")
    AssessmentEvent = apps.get_model("assessments", "AssessmentEvent")
    Assessment.objects.filter(state="under_review", reviewed_at__isnull=False).update(state="reviewed")
    AssessmentEvent.objects.filter(action="accept", state="under_review").update(state="reviewed")


def reviewed_reads_under_review(apps: Any, schema_editor: Any) -> None:
    Assessment = apps.get_model("assessments", "Assessment")
    AssessmentEvent = apps.get_model("assessments", "AssessmentEvent")
    Assessment.objects.filter(state="reviewed").update(state="under_review")
    AssessmentEvent.objects.filter(state="reviewed").update(state="under_review")


class Migration(migrations.Migration):
    """The expert's accepted review gets a state ("reviewed") and a recommendation with a note."""

    dependencies = [
        ("assessments", "0006_definition_as_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="review_note",
            field=models.TextField(blank=True, verbose_name="expert's note to the department"),
        ),
        migrations.AddField(
            model_name="assessment",
            name="review_recommendation",
            field=models.CharField(
                blank=True,
                choices=[("validate", "Validate the result"), ("return", "Return it to the enterprise")],
                max_length=10,
                verbose_name="expert's recommendation",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="state",
            field=models.CharField(
                choices=STATES,
                db_index=True,
                default="draft",
                max_length=12,
                verbose_name="state",
            ),
        ),
        migrations.AlterField(
            model_name="assessmentevent",
            name="state",
            field=models.CharField(
                choices=STATES,
                max_length=12,
            ),
        ),
        migrations.RunPython(accepted_reads_reviewed, reviewed_reads_under_review),
    ]
