"""Forms of the people pages. They only read input; services and selectors decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from labnet.core.form_fields import FrenchSortedModelChoiceField
from labnet.labs.models import Lab
from labnet.organisations.enums import CivilServiceSide
from labnet.organisations.models import Organisation
from labnet.people.enums import Availability
from labnet.people.models import Profile, Skill
from labnet.territories.models import Department, Region
from labnet.www.name_choices import NameChoiceField
from labnet.www.widgets import LongSelect


def _skills_field(**kwargs):
    return forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        to_field_name="key",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        **kwargs,
    )


class ProfileForm(DsfrBaseForm):
    skills = _skills_field(
        label=_("Mes compétences"),
        help_text=_("Ce que vous pouvez apporter à un projet d'un autre laboratoire."),
    )
    organisation = NameChoiceField(
        french=True,
        label=_("Mon administration"),
        help_text=_("Sa nature et son versant (État, territorial, hospitalier) en découlent."),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        to_field_name="key",
        # Hundreds of administrations: one pass in Python, not a template per option.
        widget=LongSelect,
        empty_label=_("— Choisir dans la liste —"),
    )
    region = FrenchSortedModelChoiceField(
        label=_("Ma région"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("— Choisir —"),
    )
    department = forms.ModelChoiceField(
        label=_("Mon département"),
        queryset=Department.objects.order_by("code"),
        required=False,
        widget=LongSelect,
        empty_label=_("— Choisir —"),
    )
    bio = forms.CharField(
        label=_("Présentation"),
        help_text=_(
            "Quelques lignes : votre parcours, ce qui vous anime (1 500 caractères au plus)."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=1500,
        required=False,
    )
    availability = forms.ChoiceField(
        label=_("Disponibilité"), choices=Availability.choices, widget=forms.RadioSelect
    )
    availability_note = forms.CharField(
        label=_("Précision sur la disponibilité"),
        help_text=_("Par exemple « deux demi-journées par mois »."),
        max_length=200,
        required=False,
    )
    is_findable = forms.BooleanField(
        label=_("Apparaître dans l'annuaire des personnes"),
        help_text=_(
            "Décoché, personne d'autre ne voit votre profil : ni les pages, ni l'API, ni les "
            "exports. Coché, votre nom, vos compétences et votre disponibilité sont visibles "
            "de tous, avec les seules informations cochées ci-dessous."
        ),
        required=False,
    )
    show_organisation = forms.BooleanField(
        label=_("Montrer mon administration"),
        help_text=_("Son nom, sa nature et son versant."),
        required=False,
    )
    show_territory = forms.BooleanField(
        label=_("Montrer ma région et mon département"),
        help_text=_("Sinon, une recherche par territoire ne vous trouve pas."),
        required=False,
    )
    show_labs = forms.BooleanField(
        label=_("Montrer les laboratoires auxquels je participe"),
        help_text=_("Ceux dont je suis membre d'équipe ou contributeur."),
        required=False,
    )
    show_bio = forms.BooleanField(label=_("Montrer ma présentation"), required=False)
    contact_allowed = forms.BooleanField(
        label=_("Accepter d'être contacté par LabNet"),
        help_text=_(
            "Les messages vous arrivent par courriel ; votre adresse reste cachée à "
            "l'expéditeur, sauf si vous la lui donnez en répondant."
        ),
        required=False,
    )

    @classmethod
    def initial_for(cls, profile: Profile) -> dict:
        initial = {
            name: getattr(profile, name) for name in cls.base_fields if name not in ("skills",)
        }
        initial["skills"] = list(profile.skills.all()) if profile.pk else []
        return initial


class FinderForm(DsfrBaseForm):
    """The expert finder's filters (GET): every one is optional."""

    skills = _skills_field(label=_("Compétences"))
    region = FrenchSortedModelChoiceField(
        label=_("Région"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("Toutes"),
    )
    department = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Department.objects.order_by("code"),
        required=False,
        widget=LongSelect,
        empty_label=_("Tous"),
    )
    lab = NameChoiceField(
        label=_("Laboratoire"),
        queryset=Lab.objects.only("key", "name").order_by("name"),
        required=False,
        to_field_name="key",
        widget=LongSelect,
        empty_label=_("Tous"),
    )
    side = forms.ChoiceField(
        label=_("Versant de la fonction publique"),
        choices=[("", _("Tous")), *CivilServiceSide.choices],
        required=False,
    )


class ContactForm(DsfrBaseForm):
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("Présentez-vous et dites ce que vous attendez : 5 000 caractères au plus."),
    )
    reveal_sender_email = forms.BooleanField(
        label=_("Donner mon adresse électronique"),
        help_text=_("Décoché, votre adresse reste cachée : la réponse vous parvient par LabNet."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].error_messages["required"] = _("Donnez un objet à votre message.")
        self.fields["body"].error_messages["required"] = _("Écrivez votre message.")


class ReplyForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Votre réponse"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    reveal_sender_email = ContactForm.base_fields["reveal_sender_email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Écrivez votre réponse.")


class SkillForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Nouvelle compétence"),
        max_length=Skill._meta.get_field("name").max_length,
        help_text=_("Par exemple « Ethnographie »."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Donnez le nom de la compétence.")


class EraseForm(DsfrBaseForm):
    confirmation = forms.CharField(
        label=_("Pour confirmer, saisissez votre adresse électronique ou votre mot de passe"),
        max_length=254,
        widget=forms.PasswordInput(render_value=True),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmation"].error_messages["required"] = _(
            "Saisissez votre adresse électronique ou votre mot de passe pour confirmer."
        )
