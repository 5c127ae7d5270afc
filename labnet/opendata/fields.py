"""A column of an open dataset, as Table Schema describes it (specs.frictionlessdata.io)."""

from dataclasses import dataclass, field

# Rows read from the database per round trip while an export streams.
CHUNK = 500


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, datetime, year
    title: str
    description: str = ""
    required: bool = False
    enum: list[str] | None = None
    # Several values in one cell, separated by ";" (themes, departments...).
    many: bool = False
    extra: dict = field(default_factory=dict)

    def descriptor(self) -> dict:
        out = {"name": self.name, "type": self.type, "title": self.title}
        if self.description:
            out["description"] = self.description
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = self.enum
        extra = dict(self.extra)
        constraints |= extra.pop("constraints", {})
        if constraints:
            out["constraints"] = constraints
        if self.type == "datetime":
            out["format"] = "any"
        out.update(extra)
        return out
