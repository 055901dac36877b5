from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "reporting.national"
    label = "national"  # tables and migrations keep the label
    verbose_name = "National rollup"

    def ready(self) -> None:
        from reporting.national.selectors import pillar_median
        from reporting.statistics import extensions

        extensions.national_median_register(pillar_median)
