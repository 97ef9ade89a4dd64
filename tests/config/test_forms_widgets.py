"""CompactSelect: the same select as Django's, built without a template per option;
PlainChoices: choices taken as they are; the select template: the same HTML as Django's."""

from __future__ import annotations

from django import forms

from common.forms import CompactSelect, PlainChoices


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


def test_compact_select_writes_option_groups_as_django_does() -> None:
    choices = [(None, "Toutes"), ("Nord", [("1", "Maison <A>"), ("2", "B")])]
    compact = CompactSelect(choices=choices).render("house", "1")
    django = forms.Select(choices=choices).render("house", "1")
    assert compact == str(django).replace("\n", "").replace("  ", "")
    assert '<optgroup label="Nord"><option value="1" selected>Maison &lt;A&gt;</option>' in compact


class Plain(forms.Form):
    house = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["house"].choices = PlainChoices([("", "Toutes"), (1, "A"), (2, "B")])


def test_plain_choices_validate_and_render_like_a_list() -> None:
    form = Plain(data={"house": "2"})
    assert form.is_valid()
    assert form.cleaned_data["house"] == 2
    assert not Plain(data={"house": "3"}).is_valid()
    html = str(form["house"])
    assert '<option value="2" selected>B</option>' in html
    assert len(form.fields["house"].choices) == 3


def test_the_select_template_writes_django_s_markup() -> None:
    class Grouped(forms.Form):
        house = forms.ChoiceField(
            choices=[("", "Toutes"), ("Nord", [("1", "Maison <A>"), ("2", "B")])],
        )

    html = str(Grouped(data={"house": "1"})["house"].as_widget())
    assert '<option value="">Toutes</option>' in html
    assert '<optgroup label="Nord">' in html
    assert '<option value="1" selected>Maison &lt;A&gt;</option>' in html
    assert '<option value="2">B</option>' in html
