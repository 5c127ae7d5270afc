"""Where each domain declares the personal data it holds about a person.

A person may download everything LabNet holds about them and erase their account (GDPR
articles 15, 17 and 20). No single app knows all of it: registrations live in events,
enrolments in trainings, answers in calls... So each domain registers one section, from
its AppConfig.ready():

    from labnet.core.personal_data import PersonalDataSection, sections

    sections.register(
        PersonalDataSection(
            key="event_registrations",
            export=registrations_export,   # (user) -> JSON-ready list or dict
            erase=registrations_erase,     # (user) -> None, inside the erasure transaction
            purge=unconfirmed_purge,       # (now) -> int, rows removed by the retention rule
        )
    )

`labnet.people` walks the sections to build the download, to erase an account and to
apply the retention rule. Erasure keeps the history of projects and decisions: a section
erases what is only about the person (a registration, a profile) and leaves rows that
belong to a shared history pointing at the anonymised account.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PersonalDataSection:
    key: str
    export: Callable[[object], object]
    erase: Callable[[object], None] | None = None
    purge: Callable[[datetime], int] | None = None


class SectionRegistry:
    def __init__(self):
        self._sections: dict[str, PersonalDataSection] = {}

    def register(self, section: PersonalDataSection) -> None:
        if section.key in self._sections:
            raise ImproperlyConfigured(f"Personal data section {section.key!r} is registered.")
        self._sections[section.key] = section

    def __iter__(self):
        return iter(self._sections.values())

    @property
    def keys(self) -> list[str]:
        return list(self._sections)


sections = SectionRegistry()
