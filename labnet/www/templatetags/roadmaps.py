"""Roadmap items beside similar projects (the network's memory): planned items, not yet
projects, marked "Feuille de route". Three queries whatever the number found."""

from django import template

from labnet.roadmaps.selectors import similar_roadmap_items as similar_items
from labnet.search.documents import project_document

register = template.Library()


@register.inclusion_tag("www/roadmaps/_similar_items.html")
def similar_roadmap_items(project, limit=3):
    title, text = project_document(project)
    return {"items": similar_items(text=f"{title}\n{text}", limit=limit)}


@register.inclusion_tag("www/roadmaps/_lab_roadmaps.html")
def lab_roadmaps(lab):
    """The roadmaps a lab carries, on its page. One query."""
    return {"roadmaps": list(lab.roadmaps.order_by("title", "key"))}


@register.inclusion_tag("www/roadmaps/_similar_items.html")
def similar_roadmap_items_for_request(draft, limit=3):
    """The same, for the idea an agent is writing (the guided form's review step)."""
    text = "\n".join(
        part for part in (draft.title, draft.problem, draft.affected_people, draft.tried) if part
    )
    return {"items": similar_items(text=text, limit=limit)}
