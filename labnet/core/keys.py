"""Keys: the readable slugs in the addresses of projects, calls, resources..."""

from django.utils.text import slugify


def unique_key(model, title: str, *, default: str, reserved=(), max_length: int = 100) -> str:
    """A slug of `title` that no row of `model` has yet (nor one of `reserved`, the words
    the pages' own addresses use), numbered `-2`, `-3`... when taken. One query."""
    base = slugify(title)[:max_length].strip("-") or default
    taken = set(model.objects.filter(key__startswith=base).values_list("key", flat=True))
    taken |= set(reserved)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
