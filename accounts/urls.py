from __future__ import annotations

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("mon-compte/", views.account, name="account"),
    path("mon-compte/jetons/", views.token_create, name="token_create"),
    path("mon-compte/jetons/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
