"""NamedChoiceField: the select of houses, regions or siting scenarios written in Python from
one query of (pk, name) pairs; the same select and the same validation as Django's
ModelChoiceField. The invitations' form offers with it the houses of the inviter's scope only."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.test.html import parse_html
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.enums import Role
from accounts.forms import InvitationForm
from accounts.models import Invitation
from common.forms import NamedChoiceField
from masp.models import Site
from territories.models import Region
from tests.personas import World

pytestmark = pytest.mark.django_db
INVALID = "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."


class Named(forms.Form):
    site = NamedChoiceField(queryset=Site.objects.all(), required=False)
    region = NamedChoiceField(queryset=Region.objects.all(), empty_label=None)


class Reference(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.all(), required=False)
    region = forms.ModelChoiceField(queryset=Region.objects.all(), empty_label=None)


@pytest.mark.parametrize("chosen", ["none", "empty", "b", "c", "junk"])
def test_the_select_is_django_s(world: World, chosen: str) -> None:
    Site.objects.filter(pk=world.site_b.pk).update(name='Maison <B> & "fils" l\'Aber')
    site = {
        "none": None,
        "empty": "",
        "b": str(world.site_b.pk),
        "c": world.site_c.pk,
        "junk": "abc",
    }[chosen]
    data = {"site": site, "region": "53"}
    for name in ("site", "region"):
        ours, django = str(Named(data=data)[name]), str(Reference(data=data)[name])
        assert parse_html(ours) == parse_html(django), (name, ours, django)
    # Unbound, with an initial value (a coordinator's only house).
    ours = str(Named(initial={"site": world.site_a.pk})["site"])
    assert parse_html(ours) == parse_html(str(Reference(initial={"site": world.site_a.pk})["site"]))
    assert "Maison &lt;B&gt; &amp; &quot;fils&quot; l&#x27;Aber" in ours


def test_the_options_are_read_once_and_validated_like_django(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    form = Named(data={"site": str(world.site_a.pk), "region": "32"})
    with django_assert_num_queries(2):  # the chosen house and region, as Django's field
        assert form.is_valid()
    with django_assert_num_queries(1):
        str(form["site"])
        str(form["site"])  # the widget walks the same pairs again
        assert len(form.fields["site"].widget.choices) == 4
    assert form.cleaned_data["site"] == world.site_a  # a model instance, as before
    assert form.cleaned_data["region"] == Region.objects.get(pk="32")
    for bad in ("abc", "999999", "1.5"):
        form = Named(data={"site": bad, "region": "32"})
        assert form.errors["site"] == [INVALID]
        assert Reference(data={"site": bad, "region": "32"}).errors["site"] == [INVALID]


def test_the_options_follow_the_data_from_one_form_to_the_next(world: World) -> None:
    def labels() -> list[Any]:
        return [label for _value, label in Named().fields["site"].widget.choices]

    assert labels() == ["---------", "Maison A", "Maison B", "Maison C"]
    Site.objects.filter(pk=world.site_a.pk).update(name="Maison Z")
    assert labels() == ["---------", "Maison B", "Maison C", "Maison Z"]


def test_an_ars_agent_is_offered_and_may_pick_their_region_s_houses_only(world: World) -> None:
    agent = world.users["ars_a"]
    form = InvitationForm(inviter=agent)
    offered = [value for value, _label in form.fields["site"].widget.choices]
    assert offered == ["", world.site_a.pk, world.site_b.pk]
    assert [value for value, _label in form.fields["region"].widget.choices] == ["", "32"]
    data = {"email": "c@example.org", "role": Role.COORDINATOR, "site": str(world.site_c.pk)}
    form = InvitationForm(data=data, inviter=agent)
    assert not form.is_valid()
    assert form.errors["site"][0] == INVALID
    form = InvitationForm(data={**data, "site": str(world.site_b.pk)}, inviter=agent)
    assert form.is_valid()
    assert form.cleaned_data["site"] == world.site_b


def test_the_invitations_page_refuses_another_region_s_house_in_french(world: World) -> None:
    client = world.client("ars_a")
    page = client.get(reverse("accounts:invitations")).content.decode()
    assert f'<option value="{world.site_a.pk}">Maison A</option>' in page
    assert "Maison C" not in page
    data = {"email": "c@example.org", "role": Role.COORDINATOR, "site": world.site_c.pk}
    response = client.post(reverse("accounts:invitations"), data)
    assert response.status_code == 200
    assert INVALID in response.content.decode()
    assert not Invitation.objects.exists()
    # The house chosen is kept on the page an error sends back.
    response = client.post(reverse("accounts:invitations"), {**data, "site": world.site_b.pk})
    assert response.status_code == 302
    response = client.post(
        reverse("accounts:invitations"), {**data, "email": "x", "site": world.site_b.pk}
    )
    assert f'<option value="{world.site_b.pk}" selected>Maison B</option>' in (
        response.content.decode()
    )
