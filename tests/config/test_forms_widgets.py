"""CompactSelect: the same select as Django's, built without a template per option."""

from __future__ import annotations

from django import forms

from config.forms import CompactSelect


class Choice(forms.Form):
    house = forms.ChoiceField(
        choices=[("", "Toutes"), ("1", "Maison <A> & fils"), ("2", "Maison B")],
        widget=CompactSelect,
        required=False,
    )


def test_compact_select_escapes_and_marks_the_selection() -> None:
    html = str(Choice(data={"house": "2"})["house"])
    assert '<option value="1">Maison &lt;A&gt; &amp; fils</option>' in html
    assert '<option value="2" selected>Maison B</option>' in html
    assert html.startswith('<select name="house"')
    assert 'id="id_house"' in html


def test_compact_select_keeps_option_groups_to_django() -> None:
    widget = CompactSelect(choices=[("Nord", [("1", "Maison A")])])
    assert "<optgroup" in widget.render("house", "1")
