"""Pages of the people domain: one's profile, the expert finder, a person's page, messages
through the platform, a lab's pool of contributors, the taxonomy of skills, and one's
personal data (download, erasure). Lists of people only come from `people.selectors`,
which apply each person's consent."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from labnet.core.french import de
from labnet.core.personal_data import sections
from labnet.labs.models import Lab
from labnet.people.personal_data.rights import account_erase, personal_data_export
from labnet.people.rules import (
    can_manage_skills,
    require_can_contact,
    require_can_see_lab_pool,
)
from labnet.people.selectors.findable import (
    Criteria,
    lab_pool,
    person_get_findable,
    profile_get_findable,
    skills_list,
)
from labnet.people.selectors.own import (
    conversation_get,
    conversation_messages,
    conversations_for,
    profile_for,
)
from labnet.people.selectors.ranking import expert_search
from labnet.people.services import (
    contact_reply,
    contact_send,
    profile_update,
    skill_create,
)
from labnet.records.selectors import public_record_lines_of_profile
from labnet.www.breadcrumbs import breadcrumb
from labnet.www.forms import add_service_errors, write_from_form
from labnet.www.links import section_link
from labnet.www.page_cache import CATALOGUE, public_page

from .forms import ContactForm, EraseForm, FinderForm, ProfileForm, ReplyForm, SkillForm

PAGE_SIZE = 20


# --- the expert finder and a person's page ------------------------------------------------------


@public_page(*CATALOGUE, "accounts", "people")
def finder(request):
    """Find people by skill, territory, lab and side, best fit first. Open to all: only
    people who chose to be findable appear, with only what they chose to show."""
    form = FinderForm(request.GET or None)
    results, searched = [], bool(request.GET)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        results = expert_search(
            Criteria(
                skills=tuple(data.get("skills") or ()),
                region=data.get("region"),
                departments=(data["department"],) if data.get("department") else (),
                lab=data.get("lab"),
                side=data.get("side") or "",
            )
        )
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "www/people/finder.html",
        {
            "page_title": _("Annuaire des personnes"),
            "nav": "people",
            "form": form,
            "page_obj": page,
            "searched": searched,
            "total": len(results),
            "query": query.urlencode(),
        },
        status=status,
    )


@public_page(
    *CATALOGUE,
    "accounts",
    "people",
    "records",
    "trainings",
    "events",
    "calls",
    "resources",
    "intake",
)
def person_detail(request, pk):
    person = person_get_findable(pk)
    if person is None:
        # Someone not findable does not exist, as far as anyone else can tell.
        raise Http404(_("Cette personne n'existe pas ou ne souhaite pas être trouvée."))
    return render(
        request,
        "www/people/person_detail.html",
        {
            "page_title": person.name,
            "nav": "people",
            "breadcrumb_data": breadcrumb(person.name, section_link("finder")),
            "person": person,
            "record_lines": public_record_lines_of_profile(pk),
        },
    )


@login_required
def contact(request, pk):
    profile = profile_get_findable(pk)
    if profile is None:
        raise Http404(_("Cette personne n'existe pas ou ne souhaite pas être trouvée."))
    require_can_contact(request.user, profile)
    form = ContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        message = write_from_form(
            form, lambda data: contact_send(actor=request.user, profile=profile, **data)
        )
        if message is not None:
            messages.success(
                request,
                _("Message envoyé. Vous recevrez la réponse par courriel et sur cette page."),
            )
            return redirect(message.get_absolute_url())
        status = 400
    name = profile.user.full_name
    return render(
        request,
        "www/people/contact.html",
        {
            "page_title": _("Écrire à %(name)s") % {"name": name},
            "nav": "people",
            "breadcrumb_data": breadcrumb(
                _("Écrire"), section_link("finder"), (profile.get_absolute_url(), name)
            ),
            "form": form,
            "name": name,
        },
        status=status,
    )


@login_required
def conversations(request):
    return render(
        request,
        "www/people/conversations.html",
        {
            "page_title": _("Mes messages"),
            "breadcrumb_data": breadcrumb(_("Mes messages"), section_link("my_account")),
            "threads": conversations_for(request.user),
        },
    )


@login_required
def conversation(request, token):
    thread = conversation_get(token=token, user=request.user)
    if thread is None:
        raise Http404(_("Cette conversation n'existe pas ou ne vous concerne pas."))
    form = ReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        reply = write_from_form(
            form, lambda data: contact_reply(actor=request.user, thread=thread, **data)
        )
        if reply is not None:
            messages.success(request, _("Réponse envoyée."))
            return redirect(thread.get_absolute_url())
        status = 400
    other = thread.recipient if thread.sender_id == request.user.pk else thread.sender
    return render(
        request,
        "www/people/conversation.html",
        {
            "page_title": thread.subject,
            "breadcrumb_data": breadcrumb(
                thread.subject,
                section_link("my_account"),
                (reverse("people:conversations"), _("Mes messages")),
            ),
            "thread": thread,
            "thread_messages": conversation_messages(thread),
            "other": other,
            "form": form,
        },
        status=status,
    )


# --- one's own profile and data -----------------------------------------------------------------


@login_required
def my_profile(request):
    profile = profile_for(request.user)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(profile))
    status = 200
    if request.method == "POST":

        def save(cleaned):
            data = dict(cleaned)
            skills = data.pop("skills")
            return profile_update(actor=request.user, user=request.user, data=data, skills=skills)

        if write_from_form(form, save) is not None:
            messages.success(request, _("Profil enregistré."))
            return redirect("people:my_profile")
        status = 400
    return render(
        request,
        "www/people/my_profile.html",
        {
            "page_title": _("Mon profil"),
            "breadcrumb_data": breadcrumb(_("Mon profil"), section_link("my_account")),
            "form": form,
            "profile": profile,
        },
        status=status,
    )


@login_required
def my_data(request):
    return render(
        request,
        "www/people/my_data.html",
        {
            "page_title": _("Mes données personnelles"),
            "breadcrumb_data": breadcrumb(
                _("Mes données personnelles"), section_link("my_account")
            ),
            "section_keys": sections.keys,
        },
    )


@login_required
def my_data_download(request):
    data = personal_data_export(actor=request.user, user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    name = f"labnet-mes-donnees-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def erase_account(request):
    form = EraseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                account_erase(
                    actor=request.user,
                    user=request.user,
                    confirmation=form.cleaned_data["confirmation"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                logout(request)
                messages.success(
                    request,
                    _(
                        "Votre compte est effacé. Les projets auxquels vous avez contribué "
                        "mentionnent désormais « Personne anonymisée »."
                    ),
                )
                return redirect("www:home")
        status = 400
    return render(
        request,
        "www/people/erase_account.html",
        {
            "page_title": _("Effacer mon compte"),
            "breadcrumb_data": breadcrumb(_("Effacer mon compte"), section_link("my_account")),
            "form": form,
        },
        status=status,
    )


# --- the network's skills and a lab's pool ------------------------------------------------------


@public_page("people")
def skills(request):
    """The taxonomy, for everyone; the coordinator adds to it here."""
    may_add = can_manage_skills(request.user)
    form = SkillForm(request.POST or None) if may_add else None
    status = 200
    if request.method == "POST":
        if form is None:  # the service says who adds skills
            skill_create(actor=request.user, name="")
        skill = write_from_form(
            form, lambda data: skill_create(actor=request.user, name=data["name"])
        )
        if skill is not None:
            messages.success(request, _("Compétence « %(name)s » ajoutée.") % {"name": skill})
            return redirect("people:skills")
        status = 400
    return render(
        request,
        "www/people/skills.html",
        {
            "page_title": _("Compétences du réseau"),
            "nav": "people",
            "breadcrumb_data": breadcrumb(_("Compétences du réseau"), section_link("finder")),
            "skills": skills_list(),
            "form": form,
        },
        status=status,
    )


@login_required
def lab_pool_page(request, lab_key):
    lab = get_object_or_404(Lab, key=lab_key)
    require_can_see_lab_pool(request.user, lab)
    return render(
        request,
        "www/people/lab_pool.html",
        {
            "page_title": _("Contributeurs %(of_lab)s") % {"of_lab": de(lab.name)},
            "breadcrumb_data": breadcrumb(_("Contributeurs"), (lab.get_absolute_url(), lab.name)),
            "lab": lab,
            "pool": lab_pool(lab=lab),
        },
    )
