"""The dashboards' figures as the API gives them: the same sections and tables as the
pages, values as plain JSON (integers as numbers, euros and FTE as decimal strings like
every amount of the API, null for "not stated")."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labnet.stats.tables import plain_number


def json_value(value):
    if isinstance(value, Decimal):
        return plain_number(value)
    return value


class StatsColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(help_text="Dans la langue demandée / in the language asked.")
    unit = serializers.ChoiceField(choices=["text", "count", "eur", "fte", "hours", "percent"])


class StatsTableSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable : projects-stage, funding-source…")
    title = serializers.CharField()
    internal = serializers.BooleanField(
        help_text="Visible parce que le lecteur voit plus que le public / internal figures."
    )
    note = serializers.CharField()
    columns = StatsColumnSerializer(many=True)
    rows = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ListField(
            child=serializers.DictField(),
            help_text="Une ligne par groupe, clés = columns[].key / one object per row.",
        )
    )
    def get_rows(self, table):
        return [{k: json_value(v) for k, v in row.items()} for row in table.as_records()]


class StatsFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    internal = serializers.BooleanField()
    value = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "anyOf": [{"type": "integer"}, {"type": "string"}],
            "nullable": True,
            "description": "Nombre entier, décimal en chaîne (euros, ETP), ou null si inconnu "
            "/ an integer, a decimal as a string (euros, FTE), or null when unknown.",
        }
    )
    def get_value(self, figure):
        return json_value(figure.value)


class StatsSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField()
    figures = StatsFigureSerializer(many=True)
    tables = StatsTableSerializer(many=True)


class StatsScopeSerializer(serializers.Serializer):
    lab = serializers.CharField(allow_null=True, help_text="Clé du laboratoire ou null (réseau).")
    year = serializers.IntegerField(allow_null=True)
    region = serializers.CharField(allow_null=True, help_text="Code INSEE de la région.")
    internal = serializers.BooleanField(
        help_text="Le lecteur voit aussi les chiffres internes / the reader sees internal figures."
    )


class StatsSerializer(serializers.Serializer):
    scope = serializers.SerializerMethodField()
    sections = StatsSectionSerializer(many=True)

    @extend_schema_field(StatsScopeSerializer)
    def get_scope(self, board):
        return {
            "lab": board.lab.key if board.lab is not None else None,
            "year": board.filters.year,
            "region": board.filters.region or None,
            "internal": board.internal,
        }
