import pytest

from labnet.impact.models import Indicator, Measurement
from labnet.roadmaps.models import Axis, Group, Item, Roadmap
from labnet.roadmaps.search import items_index
from tests.factories import LabFactory, MembershipFactory, ProjectFactory, UserFactory


@pytest.fixture
def people(db):
    lab = LabFactory(key="etat-lin", name="État'LIN")
    other = LabFactory(key="lab-est", name="Lab'EST")
    return {
        "lab": lab,
        "agent": UserFactory(),
        "member": MembershipFactory(lab=lab).user,
        "lead": MembershipFactory(lab=lab, lead=True).user,
        "other_lead": MembershipFactory(lab=other, lead=True).user,
        "coordinator": UserFactory(coordinator=True),
    }


def add_items(group, n, *, start=0, project_lab=None):
    items = []
    for i in range(start, start + n):
        project = None
        if project_lab is not None:
            project = ProjectFactory(lead_lab=project_lab, stage="prototyping")
            indicator = Indicator.objects.create(
                key=f"ind-{i}",
                project=project,
                name=f"Indicateur {i}",
                unit="x",
                direction="increase",
                baseline_value=0,
                target_value=10,
                is_public=True,
            )
            Measurement.objects.create(indicator=indicator, value=10, source_text="t")
        items.append(
            Item.objects.create(
                group=group, key=f"item-{i}", title=f"Élément {i}", position=i, project=project
            )
        )
    items_index(item_ids=[i.pk for i in items])
    return items


@pytest.fixture
def roadmap(people):
    roadmap = Roadmap.objects.create(
        key="cap-2030",
        title="CAP 2030",
        lab=people["lab"],
        stated_project_count=22,
        stated_axis_count=3,
    )
    axis = Axis.objects.create(roadmap=roadmap, key="axe-1", title="Transformation", position=1)
    group = Group.objects.create(axis=axis, title="Groupe", position=1)
    add_items(group, 1)
    return roadmap
