"""Every text a page's form reads is bounded and refuses control and bidirectional
characters with a message on its field; a too-long paste keeps what was typed."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import labnet
from labnet.accounts.models import User
from labnet.intake.models import Request
from labnet.labs.models import Lab
from labnet.projects.documents import validate_upload

MILLION = "x" * 1_000_000
CONTROL = (
    "Ce texte contient un caractère de contrôle non autorisé (U+0000, position 2) : "
    "retirez-le, par exemple en retapant le texte."
)
BIDI = (
    "Ce texte contient un caractère qui inverse le sens d'écriture (U+202E, position 2) : "
    "il pourrait faire lire un nom à l'envers ; retirez-le."
)


def _form_classes():
    for module in pkgutil.walk_packages(labnet.__path__, "labnet."):
        if ".migrations" in module.name:
            continue
        for obj in vars(importlib.import_module(module.name)).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__.startswith("labnet.")
            ):
                yield obj


def _text_fields():
    seen = set()
    for form_class in _form_classes():
        if form_class in seen:
            continue
        seen.add(form_class)
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField) and not isinstance(field, forms.JSONField):
                yield f"{form_class.__module__}.{form_class.__name__}.{name}", field


TEXT_FIELDS = dict(_text_fields())


def test_the_enumeration_finds_the_site_s_forms():
    # The guided form, the lab's profile, the call form...: a broken walk would pass below.
    assert "labnet.intake.forms.StepProblemForm.problem" in TEXT_FIELDS
    assert "labnet.www.forms.LabProfileForm.summary" in TEXT_FIELDS
    assert len(TEXT_FIELDS) > 100


@pytest.mark.parametrize("name", sorted(TEXT_FIELDS))
def test_every_form_text_field_is_bounded_and_refuses_control_and_bidi_characters(name):
    field = TEXT_FIELDS[name]
    if not isinstance(field.widget, forms.PasswordInput):
        # Passwords are what the person chose: Django's own forms, not bounded here.
        assert field.max_length is not None, f"{name} has no max_length"
    for value, message in (("a\x00b", CONTROL), ("a\u202eb", BIDI)):
        with pytest.raises(ValidationError) as refused:
            field.clean(value)
        assert refused.value.messages == [message]


@pytest.mark.django_db
def test_the_guided_form_refuses_a_million_characters_and_keeps_them(client, agent):
    client.force_login(agent)

    response = client.post(
        "/guichet/proposer/", {"title": "Accueil en sous-préfecture", "problem": MILLION}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["problem"] == [
        "Assurez-vous que cette valeur comporte au plus 5000 caractères (actuellement 1000000)."
    ]
    assert MILLION in response.content.decode()
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_the_guided_form_says_it_in_english_under_en(client, agent):
    client.force_login(agent)

    response = client.post("/en/guichet/proposer/", {"title": "Reception", "problem": MILLION})

    assert response.context["form"].errors["problem"] == [
        "Ensure this value has at most 5000 characters (it has 1000000)."
    ]


@pytest.mark.django_db
def test_the_lab_summary_refuses_a_million_characters_and_keeps_them(client, lab, lab_lead):
    client.force_login(lab_lead)
    before = lab.summary

    response = client.post(
        reverse("www:lab_edit", kwargs={"key": lab.key}),
        {"summary": MILLION, "first_answer_hours": "24"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["summary"] == [
        "Assurez-vous que cette valeur comporte au plus 2000 caractères (actuellement 1000000)."
    ]
    assert MILLION in response.content.decode()
    lab.refresh_from_db()
    assert lab.summary == before


@pytest.mark.django_db
def test_a_nul_in_a_form_is_a_field_message_not_a_server_error(client, lab, lab_lead):
    client.force_login(lab_lead)

    response = client.post(
        reverse("www:lab_edit", kwargs={"key": lab.key}),
        {"summary": "L\x00ab", "first_answer_hours": "24"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["summary"] == [CONTROL]


@pytest.mark.django_db
def test_a_name_with_a_right_to_left_override_is_refused_at_sign_up(client):
    response = client.post(
        reverse("accounts:register"),
        {
            "full_name": "M\u202eartin",
            "email": "martin@example.org",
            "password": "mot-de-passe-solide-42",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == [BIDI]
    assert not User.objects.filter(email="martin@example.org").exists()


@pytest.mark.django_db
def test_names_stored_before_the_rule_are_shown_without_bidi_controls(client, lab, lab_lead):
    # As if written before inputs refused them (an old import, the shell).
    Lab.objects.filter(pk=lab.pk).update(name="Innov\u202eeidnam")
    User.objects.filter(pk=lab_lead.pk).update(full_name="L\u2066éa\u2069 R\u202eesponsable")

    assert Lab.objects.get(pk=lab.pk).name == "Innoveidnam"
    assert User.objects.get(pk=lab_lead.pk).full_name == "Léa Responsable"
    assert list(Lab.objects.filter(pk=lab.pk).values_list("name", flat=True)) == ["Innoveidnam"]
    html = client.get(reverse("www:lab_detail", kwargs={"key": lab.key})).content.decode()
    assert "Innoveidnam" in html and "\u202e" not in html


@pytest.mark.parametrize(
    ("name", "code"), [("rapport\u202efdp.exe", "202E"), ("note\x07.pdf", "0007")]
)
def test_a_file_name_with_a_bidi_or_control_character_is_refused(name, code):
    upload = SimpleUploadedFile(name, b"%PDF-1.4\n", content_type="application/pdf")

    with pytest.raises(ValidationError) as refused:
        validate_upload(upload)

    assert refused.value.message_dict == {
        "file": [
            f"Le nom de ce fichier contient un caractère non autorisé (U+{code}) : renommez "
            "le fichier, puis joignez-le à nouveau."
        ]
    }
