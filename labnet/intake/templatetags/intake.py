"""Display of the single window's clock: durations in words and the time-left badge."""

from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from labnet.intake import clock
from labnet.intake.enums import WAITING_ON_LAB

register = template.Library()

# Below this, a request still on time is flagged as urgent.
URGENT = timedelta(hours=4)


def _duration(delta: timedelta) -> str:
    minutes = max(int(abs(delta).total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)d j %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


@register.filter
def hours_label(hours) -> str:
    """A number of hours (a statistic) in words: "3 h 20 min", "2 j 4 h", "—" if none."""
    if hours is None:
        return "—"
    return _duration(timedelta(hours=float(hours)))


@register.inclusion_tag("intake/includes/clock.html")
def answer_clock(request, now=None):
    """The time left against the lab's commitment, for a request waiting on its lab."""
    if request.status not in WAITING_ON_LAB or request.answer_due_at is None:
        return {"show": False}
    left = clock.remaining(due_at=request.answer_due_at, now=now)
    if left < timedelta(0):
        return {
            "show": True,
            "level": "error",
            "text": _("En retard de %(d)s") % {"d": _duration(left)},
        }
    level = "warning" if left <= URGENT else "info"
    return {"show": True, "level": level, "text": _("Reste %(d)s") % {"d": _duration(left)}}


@register.simple_tag
def response_time_rows(by_lab):
    """The rows of the public table of response times, one per lab (a thousand nationally),
    built here rather than by a template loop, which took most of the page's time.

    The same cells as the template wrote: the lab's link, the count, the two delays in
    words (`hours_label`), the share in time."""
    # One reverse, not one per row: only the key changes (lab keys are slugs).
    placeholder = "lab-key-placeholder"
    url = reverse("www:lab_detail", kwargs={"key": placeholder})
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{} %</td></tr>",
        (
            (
                url.replace(placeholder, row.lab_key),
                row.lab_name,
                row.times.count,
                hours_label(row.times.median_hours),
                hours_label(row.times.p90_hours),
                row.times.within_commitment_percent,
            )
            for row in by_lab
        ),
    )
