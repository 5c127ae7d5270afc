"""« Journal d'audit » (/audit/): the coordination reads the whole trail, a lab's lead
the entries about their lab's records; filters, pages and a streamed CSV export. Views
read through `core.audit.audit_entries` with the scope that
`accounts.rules.require_audit_log_scope` gives (or its refusal)."""

import csv
import json
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from dsfr.forms import DsfrBaseForm

from labnet.accounts.rules import require_audit_log_scope
from labnet.core.audit import CoreAction
from labnet.core.audit_chain import AuditFilters, audit_entries, audit_target_types
from labnet.core.csv_safety import spreadsheet_row
from labnet.core.models import AuditEntry
from labnet.core.services import audit_record
from labnet.www.breadcrumbs import breadcrumb

PAGE_SIZE = 50


class AuditFilterForm(DsfrBaseForm):
    actor = forms.CharField(
        label=gettext_lazy("Auteur"),
        help_text=gettext_lazy("Nom ou adresse, même en partie."),
        required=False,
        max_length=200,
    )
    action = forms.CharField(
        label=gettext_lazy("Action"),
        help_text=gettext_lazy("Début du nom de l'action, ex. « admin. » ou « project. »."),
        required=False,
        max_length=64,
    )
    target_type = forms.ChoiceField(label=gettext_lazy("Type d'objet"), required=False)
    since = forms.DateField(
        label=gettext_lazy("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Saisissez une date, ex. 2026-12-01.")},
    )
    until = forms.DateField(
        label=gettext_lazy("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Saisissez une date, ex. 2026-12-31.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", _("Tous"))] + [
            (label, label) for label in audit_target_types()
        ]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("La date de fin précède la date de début."))
        return data

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"].strip(),
            action=data["action"].strip(),
            target_type=data["target_type"],
            since=data["since"],
            until=data["until"],
        )


@login_required
def audit_log(request):
    scope = require_audit_log_scope(request.user)
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries(lab_ids=scope, filters=form.filters() if request.GET else None)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.change_lines = _change_lines(entry.changes)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "www/audit/log.html",
        {
            "page_title": _("Journal d'audit"),
            "breadcrumb_data": breadcrumb(
                _("Journal d'audit"), (reverse("accounts:profile"), _("Mon compte"))
            ),
            "form": form,
            "page_obj": page,
            "entries": page.object_list,
            "whole_trail": scope is None,
            "page_query": query.urlencode(),
            "export_query": query.urlencode(),
        },
        status=400 if request.GET and not form.is_valid() else 200,
    )


def _change_lines(changes) -> list[tuple[str, str, str | None]]:
    """(field, before, after) for {field: [before, after]} pairs, (key, value, None) else."""
    if not isinstance(changes, dict):
        return [("", _changes_text(changes), None)]
    lines = []
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            lines.append((key, _text(value[0]), _text(value[1])))
        else:
            lines.append((key, _text(value), None))
    return lines


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Echo:
    def write(self, value):
        return value


def _changes_text(changes) -> str:
    return json.dumps(changes, ensure_ascii=False, sort_keys=True) if changes else ""


@login_required
def audit_log_export(request):
    """The filtered entries as CSV, streamed (the trail may be long); every cell through
    spreadsheet_safe (snapshots and values are texts people typed)."""
    scope = require_audit_log_scope(request.user)
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if request.GET else AuditFilters()
    audit_record(
        actor=request.user,
        action=CoreAction.AUDIT_LOG_EXPORT,
        changes={
            "scope": "all" if scope is None else sorted(scope),
            "filters": {k: str(v) for k, v in filters.__dict__.items() if v},
        },
        channel=AuditEntry.Channel.WEB,
    )
    entries = audit_entries(lab_ids=scope, filters=filters)
    writer = csv.writer(_Echo(), delimiter=";")

    def rows():
        yield "\ufeff"  # so that spreadsheet software reads the accents
        yield writer.writerow(
            [
                _("Numéro"),
                _("Date"),
                _("Auteur"),
                _("Canal"),
                _("Action"),
                _("Type d'objet"),
                _("Identifiant"),
                _("Objet"),
                _("Modifications"),
            ]
        )
        for entry in entries.iterator(chunk_size=1000):
            yield writer.writerow(
                spreadsheet_row(
                    [
                        entry.seq,
                        timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                        entry.actor.email if entry.actor else "",
                        entry.channel,
                        entry.action,
                        entry.target_type,
                        entry.target_id,
                        entry.target_repr,
                        _changes_text(entry.changes),
                    ]
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="journal-audit-{date.today().isoformat()}.csv"'
    )
    return response
