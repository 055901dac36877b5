from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "reporting.national"
    label = "national"  # tables and migrations keep the label
    verbose_name = "National rollup"
