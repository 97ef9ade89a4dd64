"""Serializers of the funding API. Money is a string with two decimals (never a float)."""

from __future__ import annotations

from rest_framework import serializers


def money(**kwargs: object) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=16, decimal_places=2, coerce_to_string=True, **kwargs
    )


class FundingLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    source = serializers.CharField(source="source.code")
    kind = serializers.CharField()
    nature = serializers.CharField()
    amount_notified = money()
    amount_paid = money()
    amount_spent = money(allow_null=True)
    decision_reference = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    has_decision_document = serializers.SerializerMethodField()
    over_allocation_confirmed = serializers.BooleanField()

    def get_has_decision_document(self, line: object) -> bool:
        return bool(getattr(line, "decision_document", None))


class AmountsSerializer(serializers.Serializer):
    notified = money()
    paid = money()
    spent = money(allow_null=True)


class SourceAmountsSerializer(AmountsSerializer):
    source = serializers.CharField()


class DailyFeeSerializer(serializers.Serializer):
    valid_from = serializers.DateField()
    amount = money()
    source_note = serializers.CharField()


class FiguresSerializer(serializers.Serializer):
    months_open = serializers.IntegerField()
    days_open = serializers.IntegerField()
    days_in_year = serializers.IntegerField()
    mean_places = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    total = AmountsSerializer()
    running = AmountsSerializer(help_text="Fonctionnement : seul comparé au coût de référence.")
    investment = AmountsSerializer()
    start_up = AmountsSerializer(help_text="Amorçage et crédits non reconductibles.")
    by_source = SourceAmountsSerializer(many=True)
    funding_per_place = money(allow_null=True)
    occupied_bed_days = serializers.IntegerField(allow_null=True)
    cost_per_bed_day = money(allow_null=True)
    reference_cost = money(allow_null=True)
    funding_gap = money(allow_null=True)
    spending_gap = money(allow_null=True)
    daily_fees = DailyFeeSerializer(many=True)
    residents_contributions = money(allow_null=True)
    public_and_residents = money(allow_null=True)


class SiteYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    lines = FundingLineSerializer(many=True)
    figures = FiguresSerializer()


class SiteFundingSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    name = serializers.CharField()
    years = SiteYearSerializer(many=True)


class EnvelopeRowSerializer(serializers.Serializer):
    source = serializers.CharField(allow_null=True)
    envelope = money(allow_null=True)
    allocated = money()
    paid = money()
    spent = money()
    remaining = money(allow_null=True)
    over_allocated = serializers.BooleanField()


class HouseRowSerializer(serializers.Serializer):
    site = serializers.IntegerField()
    name = serializers.CharField()
    by_source = serializers.DictField(child=money())
    running = money()
    investment = money()
    start_up = money()
    total = AmountsSerializer()


class RegionFundingSerializer(serializers.Serializer):
    region = serializers.CharField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    sources = EnvelopeRowSerializer(many=True)
    total = EnvelopeRowSerializer()
    houses = HouseRowSerializer(many=True)
