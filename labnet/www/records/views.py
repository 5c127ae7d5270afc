"""Pages of an agent's innovation record: my record (what to show, attestations), the
public check of an attestation, and a lab's contributions to confirm. Views read through
`records.selectors`, write through `records.services` (which refuse, with the reason), and
render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labnet.accounts.models import User
from labnet.core.french import de
from labnet.labs.models import Lab
from labnet.projects.models import Project
from labnet.records import selectors, services
from labnet.records.attestation import attestation_pdf
from labnet.records.models import Attestation
from labnet.records.rules import require_can_see_lab_contributions
from labnet.www.breadcrumbs import breadcrumb


def _record_context(request, *, errors=None, chosen=None):
    lines = selectors.record_lines(request.user)
    return {
        "page_title": _("Mon parcours d'innovation"),
        "breadcrumb_data": breadcrumb(
            _("Mon parcours"), (reverse("accounts:profile"), _("Mon compte"))
        ),
        "years": selectors.record_by_year(lines),
        "lines": lines,
        "attestations": list(request.user.attestations.all()),
        "errors": errors or [],
        "chosen": set(chosen or []),
        "language": get_language(),
    }


@login_required
def my_record(request):
    return render(request, "www/records/record.html", _record_context(request))


@login_required
@require_POST
def shown_lines_save(request):
    try:
        keys = services.record_lines_show(actor=request.user, keys=request.POST.getlist("show"))
    except ValidationError as error:
        return render(
            request,
            "www/records/record.html",
            _record_context(request, errors=error.messages),
            status=400,
        )
    messages.success(
        request,
        _("Votre profil public montre désormais %(n)d ligne(s) de votre parcours.")
        % {"n": len(keys)},
    )
    return redirect("records:record")


@login_required
@require_POST
def attestation_new(request):
    keys = request.POST.getlist("keys")
    try:
        attestation = services.attestation_issue(
            actor=request.user, keys=keys, language=request.POST.get("language", "fr")
        )
    except ValidationError as error:
        return render(
            request,
            "www/records/record.html",
            _record_context(request, errors=error.messages, chosen=keys),
            status=400,
        )
    messages.success(
        request,
        _("Attestation n° %(number)s délivrée : téléchargez-la ci-dessous.")
        % {"number": attestation.number},
    )
    return redirect(f"{reverse('records:record')}#attestations")


@login_required
def attestation_download(request, number):
    attestation = get_object_or_404(Attestation, number=number, user=request.user)
    response = HttpResponse(attestation_pdf(attestation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="parcours-{attestation.number}.pdf"'
    return response


@login_required
def attestation_revoke(request, number):
    """GET asks for confirmation (the revocation cannot be undone), POST revokes."""
    attestation = get_object_or_404(Attestation, number=number, user=request.user)
    if request.method == "POST":
        services.attestation_revoke(actor=request.user, attestation=attestation)
        messages.success(
            request, _("L'attestation n° %(number)s est révoquée.") % {"number": number}
        )
        return redirect(f"{reverse('records:record')}#attestations")
    return render(
        request,
        "www/records/revoke_confirm.html",
        {
            "page_title": _("Révoquer l'attestation"),
            "attestation": attestation,
            "breadcrumb_data": breadcrumb(
                _("Révoquer l'attestation"), (reverse("records:record"), _("Mon parcours"))
            ),
        },
    )


def check(request):
    """Anyone shown an attestation checks its number here, signed in or not."""
    number = request.GET.get("numero", "").strip()
    attestation = selectors.attestation_lookup(number) if number else None
    return render(
        request,
        "www/records/check.html",
        {
            "page_title": _("Vérifier une attestation de parcours"),
            "number": number,
            "attestation": attestation,
            "lines": selectors.attestation_lines(attestation)
            if attestation and attestation.is_valid
            else [],
        },
    )


def _lab_for_team(request, lab_key) -> Lab:
    lab = get_object_or_404(Lab, key=lab_key)
    require_can_see_lab_contributions(request.user, lab)
    return lab


def _lab_context(lab, **extra):
    return {
        "page_title": _("Contributions aux projets %(of_lab)s") % {"of_lab": de(lab.name)},
        "lab": lab,
        "rows": selectors.lab_contributions(lab),
        "breadcrumb_data": breadcrumb(_("Contributions"), (lab.get_absolute_url(), lab.name)),
        **extra,
    }


@login_required
def lab_contributions_page(request, lab_key):
    lab = _lab_for_team(request, lab_key)
    return render(request, "www/records/lab_contributions.html", _lab_context(lab))


@login_required
@require_POST
def contribution_confirm_view(request, lab_key):
    lab = _lab_for_team(request, lab_key)
    project = get_object_or_404(Project, pk=request.POST.get("project"), lead_lab=lab)
    try:
        user = User.objects.get(pk=request.POST.get("user"))
    except (User.DoesNotExist, ValueError) as missing:
        raise Http404 from missing
    statement = request.POST.get("statement", "")
    try:
        services.contribution_confirm(
            actor=request.user, project=project, user=user, statement=statement
        )
    except ValidationError as error:
        context = _lab_context(
            lab,
            errors=error.messages,
            failed={"project": project.pk, "user": user.pk, "statement": statement},
        )
        return render(request, "www/records/lab_contributions.html", context, status=400)
    messages.success(
        request,
        _("La contribution %(of_person)s au projet « %(project)s » est confirmée.")
        % {
            "of_person": de(user.get_full_name() or user.email, person=True),
            "project": project.title,
        },
    )
    return redirect("records:lab_contributions", lab_key=lab.key)


def contributors(request):
    """The network's count of agents who contributed to a project, by year and side."""
    return render(
        request,
        "www/records/contributors.html",
        {
            "page_title": _("Les agents contributeurs du réseau"),
            "rows": selectors.contributors_by_year_and_side(),
        },
    )
