from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reporting.yearly"
    label = "reports"  # tables, permissions and migrations keep the label
    verbose_name = "Yearly reports"

    def ready(self) -> None:
        from reporting.statistics import extensions
        from reporting.yearly import services  # noqa: F401  (registers the job runner)
        from reporting.yearly.selectors import report_of_year

        extensions.report_of_year_register(report_of_year)
