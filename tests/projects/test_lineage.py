import pytest
from django.contrib.auth.models import AnonymousUser

from labnet.projects.lineage import lineage_as_dict, lineage_family_ids, lineage_tree
from labnet.projects.models import Project
from tests.factories import LabFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def family():
    """A (public) -> B (public) -> D (private); A -> C (private) -> F (public);
    A -> G (private) -> H (private). Created in this order (children oldest first)."""
    hidden_lab = LabFactory(key="lab-cache", name="Lab caché")
    p = {}
    p["A"] = ProjectFactory(key="a", title="Origine")
    p["B"] = ProjectFactory(key="b", title="Reprise B", scaled_from=p["A"])
    p["C"] = ProjectFactory(
        key="c", title="Reprise C", scaled_from=p["A"], private=True, lead_lab=hidden_lab
    )
    p["D"] = ProjectFactory(
        key="d", title="Reprise D", scaled_from=p["B"], private=True, lead_lab=hidden_lab
    )
    p["F"] = ProjectFactory(key="f", title="Reprise F", scaled_from=p["C"])
    p["G"] = ProjectFactory(
        key="g", title="Reprise G", scaled_from=p["A"], private=True, lead_lab=hidden_lab
    )
    p["H"] = ProjectFactory(
        key="h", title="Reprise H", scaled_from=p["G"], private=True, lead_lab=hidden_lab
    )
    ProjectFactory(key="unrelated", title="Sans lien")
    return p


def _shape(node):
    title = node.project.title if node.project else None
    return (title, node.is_current, node.hidden_count, [_shape(c) for c in node.children])


def test_family_is_found_from_any_member(family):
    expected = {family[k].pk for k in "ABCDFGH"}
    for key in "ABDH":
        assert set(lineage_family_ids(project=family[key])) == expected


def test_visitor_sees_visible_projects_named_and_others_counted(family):
    tree = lineage_tree(project=family["B"], user=AnonymousUser())

    assert tree.reuse_count == 6
    assert _shape(tree.root) == (
        "Origine",
        False,
        2,  # G and H, nothing visible below them
        [
            ("Reprise B", True, 1, []),  # D, unpublished
            (None, False, 0, [("Reprise F", False, 0, [])]),  # C kept anonymous: F is visible
        ],
    )


def test_the_hidden_projects_lab_sees_them_all(family):
    member = MembershipFactory(lab=family["C"].lead_lab).user
    tree = lineage_tree(project=family["F"], user=member)
    assert _shape(tree.root) == (
        "Origine",
        False,
        0,
        [
            ("Reprise B", False, 0, [("Reprise D", False, 0, [])]),
            ("Reprise C", False, 0, [("Reprise F", True, 0, [])]),
            ("Reprise G", False, 0, [("Reprise H", False, 0, [])]),
        ],
    )


def test_tree_as_nested_data(family):
    data = lineage_as_dict(lineage_tree(project=family["A"], user=AnonymousUser()).root)
    assert data["key"] == "a"
    assert data["is_current"] is True
    assert data["hidden_reuses"] == 2
    assert [r["key"] for r in data["reuses"]] == ["b", None]
    assert data["reuses"][1] == {
        "key": None,
        "title": None,
        "lead_lab": None,
        "is_current": False,
        "hidden_reuses": 0,
        "reuses": [
            {
                "key": "f",
                "title": "Reprise F",
                "lead_lab": {"key": family["F"].lead_lab.key, "name": family["F"].lead_lab.name},
                "is_current": False,
                "hidden_reuses": 0,
                "reuses": [],
            }
        ],
    }


def test_a_project_alone(project, lab_member):
    tree = lineage_tree(project=project, user=lab_member)
    assert tree.is_alone and tree.reuse_count == 0
    assert _shape(tree.root) == (project.title, True, 0, [])


def test_a_loop_in_scaled_from_does_not_hang(db):
    a = ProjectFactory(title="A")
    b = ProjectFactory(title="B", scaled_from=a)
    Project.objects.filter(pk=a.pk).update(scaled_from=b)
    tree = lineage_tree(project=a, user=AnonymousUser())
    assert tree.family_size == 1
    assert tree.root.project.title == "A"


def test_queries_do_not_grow_with_the_family(django_assert_num_queries, lab_member):
    root = ProjectFactory()
    parent = root
    for _ in range(2):
        parent = ProjectFactory(scaled_from=parent)
    # family (1), its rows (1), the ids the viewer may read (1), the viewer's labs (1)
    with django_assert_num_queries(4):
        small = lineage_tree(project=parent, user=lab_member)
    for _ in range(6):
        parent = ProjectFactory(scaled_from=parent, private=True)
        ProjectFactory(scaled_from=root)
    lab_member = type(lab_member).objects.get(pk=lab_member.pk)
    with django_assert_num_queries(4):
        big = lineage_tree(project=parent, user=lab_member)
    assert (small.family_size, big.family_size) == (3, 15)
