"""The network dataset's regions.csv and departments.csv, and the columns and rule other
files use to point at them (a region, a list of departments that lie in it)."""

from labnet.core.importing import (
    Boolean,
    Column,
    CrossFileView,
    DepartmentCode,
    FileSpec,
    ImportFile,
    Issue,
    RegionCode,
    Text,
    Timezone,
    ValidatedFile,
    max_len,
    source_column,
)

from .models import Department, Region


def region_column(*, required: bool = False) -> Column:
    return Column(
        "region_code",
        RegionCode(),
        attr="region",
        required=required,
        ref="regions",
        lookup="code",
    )


def departments_column() -> Column:
    return Column(
        "department_codes",
        DepartmentCode(),
        attr="departments",
        many=True,
        ref="departments",
        lookup="code",
    )


def known_region_codes(view: CrossFileView) -> set[str]:
    codes = set(Region.objects.values_list("code", flat=True))
    regions = view.validated.get("regions")
    if regions is not None:
        codes |= regions.keys
    return codes


def known_department_regions(view: CrossFileView) -> dict[str, str]:
    regions = dict(Department.objects.values_list("code", "region_id"))
    departments = view.validated.get("departments")
    if departments is not None:
        regions.update({r.key: r.values["region_code"] for r in departments.rows})
    return regions


def departments_in_region(validated: ValidatedFile, view: CrossFileView) -> list[Issue]:
    """A row's departments lie in its region, when it names one (data-format.md §5)."""
    names = {c.name for c in validated.present}
    if not {"region_code", "department_codes"} <= names:
        return []
    region_of = view.memo("department_regions", known_department_regions)
    region_codes = view.memo("region_codes", known_region_codes)
    issues = []
    for row in validated.rows:
        region = row.values["region_code"]
        # An unknown region is already reported; comparing with it would only add noise.
        if not region or region not in region_codes:
            continue
        for code in row.values["department_codes"]:
            actual = region_of.get(code)
            if actual is not None and actual != region:
                issues.append(
                    Issue(
                        validated.label,
                        row.number,
                        "department_codes",
                        code,
                        f"le département « {code} » est dans la région « {actual} », pas dans "
                        f"la région « {region} » indiquée en region_code.",
                        validated.row_word,
                    )
                )
    return issues


REGIONS = FileSpec(
    name="regions",
    model=Region,
    key="code",
    unknown_reference="« {value} » n'est pas un code de région connu.",
    columns=(
        Column("code", RegionCode(), required=True),
        Column("name", Text(max_len(Region, "name")), required=True),
        Column("is_overseas", Boolean(), required=True),
        Column("timezone", Timezone(), required=True),
        source_column(),
    ),
)

DEPARTMENTS = FileSpec(
    name="departments",
    model=Department,
    key="code",
    unknown_reference="« {value} » n'est pas un code de département connu.",
    columns=(
        Column("code", DepartmentCode(), required=True),
        Column("name", Text(max_len(Department, "name")), required=True),
        region_column(required=True),
        source_column(),
    ),
)

IMPORT_FILES = (ImportFile(REGIONS), ImportFile(DEPARTMENTS))
