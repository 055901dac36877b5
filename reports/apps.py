from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Yearly reports"

    def ready(self) -> None:
        from reports import services  # noqa: F401  (registers the job runner)
