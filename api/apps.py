from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API keys"

    def ready(self) -> None:
        from api import schema  # noqa: F401  (documents the API-key scheme in the OpenAPI schema)
        from api.models import ApiKey
        from api.signals import api_key_changed

        post_save.connect(api_key_changed, sender=ApiKey, dispatch_uid="api.key_saved")
        post_delete.connect(api_key_changed, sender=ApiKey, dispatch_uid="api.key_deleted")
