from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "labnet.impact"
    label = "impact"
    verbose_name = _("Impact")

    def ready(self):
        # The intake and the pipeline come first in the dependency order: they announce
        # their closings through hooks, which the survey connects to
        # (docs/adr/0033-impact-hooks-for-closings.md).
        from labnet.intake.hooks import request_closed
        from labnet.projects.hooks import project_ended

        from .surveys import survey_for_project, survey_for_request

        request_closed.connect(survey_for_request)
        project_ended.connect(survey_for_project)

        # The surveys sent to a person and their answers are in their personal data.
        from labnet.core.personal_data import PersonalDataSection, sections

        from .personal_data import surveys_erase, surveys_export

        sections.register(
            PersonalDataSection(key="impact_surveys", export=surveys_export, erase=surveys_erase)
        )
