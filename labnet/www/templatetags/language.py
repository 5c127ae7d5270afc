from django import template

from labnet.www.language import other_language, path_in_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_switch(context) -> dict:
    """The language the header offers and the address of this page in it."""
    request = context["request"]
    language = other_language()
    return {"language": language, "next": path_in_language(request.get_full_path(), language)}
