from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import Pages
from api.permissions import HasRegistryScope
from api.query import QueryChecked
from assessments.api.filters import AssessmentFilter
from assessments.models import Assessment
from assessments.scoring import answers_parse, score
from assessments.selectors import model_version_published, scoring_model
from core.api import error_body
from core.errors import ApplicationError
from enterprises.privacy import tax_codes_for_request


class ScoringView(QueryChecked, APIView):
    """Score an answer set with the province's published version of a model (nothing is stored)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]  # a form's fields cannot carry a ratio answer

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT},
        examples=[
            OpenApiExample(
                "answers",
                value={"1.1.1": 3, "2.1.1": 4, "1.1.3": {"numerator": 30, "denominator": 100}},
                request_only=True,
            )
        ],
        description=(
            "Criterion code → answer: a graded answer is the chosen option (1–5; 0 = the gate answered “no”), a "
            "ratio answer {numerator, denominator}; a missing criterion scores 0. Returns total, pillars "
            "[{code, points, max, level}], overall_level and overall_level_name, as `manage.py dbi_score` prints."
        ),
    )
    def post(self, request: Request, key: str) -> Response:
        try:
            version = model_version_published(key=key)
        except ApplicationError as error:
            return Response(error_body(404, "not_found", error.message), status=404)
        model = scoring_model(version)
        result = score(model, answers_parse(model, request.data))  # type: ignore[arg-type]  # checked there
        language = "en" if getattr(request, "LANGUAGE_CODE", "vi") == "en" else "vi"
        output: dict[str, Any] = {"model": model.key, "version": version.number}
        output.update(result.as_json(language))
        return Response(output)


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    enterprise = serializers.UUIDField(source="enterprise.uuid", read_only=True)
    tax_code = serializers.SerializerMethodField(
        help_text="A household business's personal ID is masked unless the key has the department scope."
    )
    model = serializers.CharField(source="version.key", read_only=True)
    model_version = serializers.IntegerField(source="version.number", read_only=True)
    pillars = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "uuid", "enterprise", "tax_code", "model", "model_version", "kind", "state", "submitted_at",
            "validated_at", "total", "overall_level", "pillars",
        ]  # fmt: skip

    def get_tax_code(self, assessment: Assessment) -> str:
        return self.context["tax_codes"].show(assessment.enterprise.tax_code, assessment.enterprise_id)

    def get_pillars(self, assessment: Assessment) -> list[dict[str, Any]]:
        """The stored result's pillars (never rescored)."""
        return [
            {"code": p["code"], "points": p["points"], "level": p["level"]}
            for p in (assessment.result or {}).get("pillars", [])
        ]


@extend_schema(tags=["registry"])
class AssessmentListView(QueryChecked, generics.ListAPIView[Assessment]):
    """Submitted assessments (drafts are the enterprise's own business), latest first."""

    permission_classes = [HasRegistryScope]
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[Assessment]:
        return (
            Assessment.objects.filter(submitted_at__isnull=False, enterprise__merged_into__isnull=True)
            .select_related("enterprise", "version")
            .defer("version__content", "answers", "part_b")
            .order_by("-submitted_at", "pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "tax_codes": tax_codes_for_request(self.request)}
