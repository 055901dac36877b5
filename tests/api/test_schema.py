"""schemathesis generates requests from the OpenAPI schema, valid ones and ones that break it, and
checks every answer with all its checks (a valid request is accepted, an invalid one refused, every
answer as documented), through a real server and a registry-scoped key."""

from __future__ import annotations

import schemathesis
from django_tenants.utils import schema_context
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from api.models import ApiKey
from api.services import api_key_issue
from tests.conftest import World, client_for, committed, host
from tests.test_browser import live_server_port  # noqa: F401  (fixture)


def test_every_operation_answers_as_its_schema_says(world: World, live_server_port: int) -> None:  # noqa: F811
    def issue() -> str:
        with schema_context(world.province_a.schema_name):
            return api_key_issue(name="schemathesis", scope="registry", user=world.admin_a)[1]

    def revoke() -> None:
        with schema_context(world.province_a.schema_name):
            ApiKey.objects.filter(name="schemathesis").delete()

    raw = committed(issue)
    try:
        schema_dict = client_for(world.province_a, world.staff_a).get("/api/v1/schema/?format=json").json()
        schema = schemathesis.openapi.from_dict(schema_dict)
        headers = {"Host": host(world.province_a), "Authorization": f"Api-Key {raw}"}
        operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]  # Err raises
        assert len(operations) >= 20  # the statistics, registry and programme reads, and the scoring
        failures = []
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                # A few examples per operation and mode, the same ones every run (the suite's time is shared).
                @settings(
                    max_examples=6,
                    derandomize=True,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                    database=None,
                )
                @given(case=operation.as_strategy(generation_mode=mode))
                def check(case: schemathesis.Case) -> None:
                    case.call_and_validate(base_url=f"http://127.0.0.1:{live_server_port}", headers=headers)

                try:
                    check()
                except Exception as failure:  # every operation is tried; all failures are shown
                    failures.append(f"{operation.label} ({mode.value}): {failure}")
        assert not failures, "\n\n".join(failures)
    finally:
        committed(revoke)
