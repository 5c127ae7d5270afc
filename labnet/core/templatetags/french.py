"""French wording in templates: `{{ lab.name|de }}`, `{{ person.full_name|de_person }}`,
`{{ regions|french_sort:"name" }}`, `{{ time|hour }}` and `{% time_range start end %}`
(see labnet.core.french)."""

from django import template

from labnet.core import french

register = template.Library()


@register.filter
def de(name):
    return french.de(str(name) if name is not None else "")


@register.filter
def de_person(name):
    """ "de" before a person's name: "d'Agnès Martin", "de Louis Le Gall"."""
    return french.de(str(name) if name is not None else "", person=True)


@register.filter
def french_sort(items, attribute=""):
    """A list sorted the French way, by `attribute` of each item (the item itself if none)."""
    if not attribute:
        return french.french_sorted(items)
    return french.french_sorted(items, key=lambda item: str(getattr(item, attribute, "") or ""))


@register.filter
def hour(value):
    return french.hour(value) if value else ""


@register.simple_tag
def time_range(start, end, with_day=True):
    """In the active time zone (inside `{% timezone %}` for an event's own zone)."""
    if not (start and end):
        return ""
    return french.time_range(start, end, with_day=with_day)
