"""People and their access: the user model, memberships, invitations, API tokens."""
