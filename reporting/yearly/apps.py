from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reporting.yearly"
    label = "reports"  # tables, permissions and migrations keep the label
    verbose_name = "Yearly reports"

    def ready(self) -> None:
        from core.audit import audit_link_by_uuid
        from core.services import job_links_register, job_shared_register
        from reporting.statistics import extensions
        from reporting.yearly import services  # registers the job runner
        from reporting.yearly.selectors import report_of_year

        extensions.report_of_year_register(report_of_year)
        job_links_register("yearly_report", services.yearly_report_job_links)
        # A report's jobs are the report's: whoever may read it sees them run and opens the preview.
        for kind in services.REPORT_JOBS:
            job_shared_register(kind, "reports.view_yearlyreport")
        audit_link_by_uuid("yearlyreport", "reports:detail", "report_uuid")
