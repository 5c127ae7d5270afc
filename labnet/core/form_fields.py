"""Form fields shared by the domains' forms and the site's."""

from django import forms


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


class ConditionalModelChoiceField(ConditionalFieldMixin, forms.ModelChoiceField):
    pass
