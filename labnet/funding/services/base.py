"""What the funding services share: field errors, keys, and the allocation's row lock.
Who may write is in `..rules` (`require_can_*`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from labnet.core.keys import unique_key

from ..models import Allocation


def field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    """A message on one field with a stable code (the API returns both)."""
    return ValidationError({field: ValidationError(message, code=code)})


def only(data: dict, fields: tuple[str, ...]) -> dict:
    return {name: data[name] for name in fields if name in data}


def new_key(model, base: str, *, max_length: int) -> str:
    """A free key made from `base`, four characters kept for a `-N` suffix."""
    return unique_key(model, base, default="financement", max_length=max_length - 4)


def check_key(model, key: str, *, exclude_pk=None) -> None:
    if model.objects.exclude(pk=exclude_pk).filter(key=key).exists():
        raise field_error(
            "key", _("La clé « %(key)s » est déjà utilisée.") % {"key": key}, "duplicate"
        )


def as_text(value):
    """A Decimal for the audit trail's JSON: its exact text, or None when unknown."""
    return None if value is None else str(value)


def lock_allocation(allocation: Allocation) -> Allocation:
    # `of=self`: lock the allocation row only, not the envelope, lab and project joined.
    return (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("envelope", "lab", "project")
        .get(pk=allocation.pk)
    )
