"""What a page gives `www/includes/breadcrumb.html` (the DSFR breadcrumb) to show."""


def breadcrumb(current, *links) -> dict:
    """`links` are the (url, title) pairs above this page, from the top; `current` names it."""
    return {"links": [{"url": url, "title": title} for url, title in links], "current": current}
