"""Posts Django refuses before any view reads them: a body beyond
DATA_UPLOAD_MAX_MEMORY_SIZE, more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS, more files
than DATA_UPLOAD_MAX_NUMBER_FILES. Django raises these as "suspicious" and answers a bare
English "Bad Request (400)"; the site's page (www.errors) and the API's error (api.errors)
say instead, in the reader's language, which limit was passed."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def too_large_message(exception) -> str:
    """What was too large in a post Django refused before any view read it, with the limit,
    in the active language (the site's page and the API's error say the same)."""
    if isinstance(exception, TooManyFieldsSent):
        return _("Le formulaire envoyé compte trop de champs : %(limit)s au plus.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exception, TooManyFilesSent):
        return _("Le formulaire envoyé joint trop de fichiers : %(limit)s au plus.") % {
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    return _(
        "Le texte envoyé est trop volumineux : %(limit)s au plus par envoi, fichiers joints "
        "non compris."
    ) % {"limit": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
