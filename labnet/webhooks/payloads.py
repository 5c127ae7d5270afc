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


def allocation_decided(allocation) -> dict:
    """A decided allocation as the public pages show it: amounts as exact decimal text
    (null when the source does not state them), a project named only if published."""
    project = allocation.project if allocation.project_id else None
    lab = allocation.funded_lab
    return {
        "allocation": allocation.key,
        "envelope": allocation.envelope.key,
        "funding_source": allocation.envelope.funding_source.key,
        "lab": lab.key if lab else None,
        "project": project.key if project is not None and project.is_public else None,
        "beneficiary_name": allocation.beneficiary_name or None,
        "amount_eur": None if allocation.amount_eur is None else f"{allocation.amount_eur:f}",
        "fte": None if allocation.fte is None else f"{allocation.fte:f}",
        "year": allocation.year,
        "status": allocation.status,
        "convention_signed_on": (
            allocation.convention_signed_on.isoformat() if allocation.convention_signed_on else None
        ),
        "url": site_url(allocation.get_absolute_url()),
    }
