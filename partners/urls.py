"""Pages of the partners app, under /partenaires/."""

from __future__ import annotations

from django.urls import path

from partners.views import directory, follow_up, sites

app_name = "partners"

urlpatterns = [
    path("nationaux/", directory.national_partners, name="national_partners"),
    path("annuaire/", directory.DirectoryView.as_view(), name="directory"),
    path("organisations/nouvelle/", directory.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", directory.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/modifier/", directory.organisation_edit, name="organisation_edit"),
    path("suivi/", follow_up.follow_up, name="follow_up"),
    path("maison/<int:pk>/", sites.site_partners, name="site_partners"),
    path("maison/<int:pk>/partenaires/ajouter/", sites.partnership_add, name="partnership_add"),
    path(
        "maison/<int:pk>/conventions/nouvelle/", sites.convention_create, name="convention_create"
    ),
    path("conventions/<int:pk>/modifier/", sites.convention_edit, name="convention_edit"),
    path("conventions/<int:pk>/document/", sites.convention_document, name="convention_document"),
    path(
        "maison/<int:pk>/participation/ajouter/",
        sites.participation_add,
        name="participation_add",
    ),
    path("participation/<int:pk>/modifier/", sites.participation_edit, name="participation_edit"),
    path(
        "participation/<int:pk>/retirer/", sites.participation_delete, name="participation_delete"
    ),
    path("partenariats/<int:pk>/retirer/", sites.partnership_delete, name="partnership_delete"),
]
