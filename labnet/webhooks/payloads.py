"""What each webhook event says: identifiers and public addresses, never a person's data
(a receiver follows the address, with its own rights, for more)."""

from labnet.core.links import site_url


def request_received(request) -> dict:
    return {
        "request": str(request.public_id),
        "lab": request.lab.key if request.lab else None,
        "submitted_at": request.submitted_at.isoformat() if request.submitted_at else None,
        "answer_due_at": request.answer_due_at.isoformat() if request.answer_due_at else None,
    }


def project_published(project) -> dict:
    return {
        "project": project.key,
        "title": project.title,
        "lead_lab": project.lead_lab.key if project.lead_lab_id else None,
        "url": site_url(project.get_absolute_url()),
    }


def event_published(event) -> dict:
    return {
        "event": event.key,
        "title": event.title,
        "starts_at": event.starts_at.isoformat(),
        "organiser_lab": event.organiser_lab.key if event.organiser_lab_id else None,
        "campaign": event.campaign.key if event.campaign_id else None,
        "url": site_url(event.get_absolute_url()),
    }
