"""The confirmation page of an action that cannot be undone (delete, withdraw, cancel).

The list shows a link, not a button that acts at once: GET on the action's URL asks, with
what will happen, and its form posts to the same URL. It works without JavaScript; a
script may later open the same content in a DSFR modal, but nothing depends on it.
"""

from django.shortcuts import render


def confirmation_page(
    request,
    *,
    title: str,
    explanation: str,
    confirm_label: str,
    cancel_url: str,
    breadcrumb_data=None,
    form=None,
    status: int = 200,
):
    return render(
        request,
        "www/confirm.html",
        {
            "page_title": title,
            "breadcrumb_data": breadcrumb_data,
            "explanation": explanation,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "form": form,
            "action_url": request.path,
        },
        status=status,
    )
