"""Form fields shared by the domains' forms and the site's."""

from django import forms

from labnet.core.french import french_sorted


class ConditionalFieldMixin:
    """A field required in some cases only (the commune of an event in a place, the
    administration given either from the list or by name).

    It is not marked "(Optionnel)" (DSFR marks every non-required field so), and carries
    no HTML `required` attribute (it is not always required): its help text states the
    rule, and the service (or the form's clean()) enforces it, with one message.
    """

    def __init__(self, *args, **kwargs):
        kwargs["required"] = True
        super().__init__(*args, **kwargs)
        self.widget.use_required_attribute = lambda initial: False

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)


class ConditionalCharField(ConditionalFieldMixin, forms.CharField):
    pass


class ConditionalURLField(ConditionalFieldMixin, forms.URLField):
    pass


class FrenchSortedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a small reference list (regions, themes, administrations) in French
    order: accents and case ignored, so Île-de-France sorts among the I and Économie among
    the E (a database orders by code points, which puts them after Z)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in french_sorted(self.queryset, key=self.field.label_from_instance):
            yield self.choice(obj)


class FrenchSortedModelChoiceField(forms.ModelChoiceField):
    iterator = FrenchSortedChoiceIterator


class FrenchSortedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = FrenchSortedChoiceIterator


class ConditionalModelChoiceField(ConditionalFieldMixin, FrenchSortedModelChoiceField):
    pass


# A free message that no model field bounds (a cancellation's reason, sent by e-mail).
MESSAGE_MAX_LENGTH = 5_000
# A list typed one item a line (a call's questions, a recurrence's excluded dates).
LIST_MAX_LENGTH = 10_000
