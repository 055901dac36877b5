from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API keys"

    def ready(self) -> None:
        from api import schema  # noqa: F401  (documents the API-key scheme in the OpenAPI schema)
